// Prices are integers in cents; templates show them as yuan.
function yuan(cents) {
  var s = (cents / 100).toFixed(2);
  return '¥' + s;
}

function lineTotal(item) {
  return yuan(item.price * item.qty);
}

export default {
  yuan: yuan,
  lineTotal: lineTotal,
};
