// my.tradePay reports every outcome through `success` with a resultCode.
const RESULTS = {
  9000: { text: 'Paid. Thank you!', done: true },
  8000: { text: 'Payment is processing; we will let you know.', done: false },
  4000: { text: 'Payment failed.', done: false },
  6001: { text: 'You cancelled the payment.', done: false },
  6002: { text: 'Network error; please try again.', done: false },
  6004: { text: 'Result unknown; check your orders later.', done: false },
};

export function describeResult(code) {
  return RESULTS[code] || { text: `Unexpected result ${code}.`, done: false };
}

// A real shop gets the trade number from its server, which creates the order.
let seq = 0;
export function newTradeNo() {
  seq += 1;
  return `SHOP${Date.now()}${seq}${Math.floor(Math.random() * 1000)}`;
}

export default { describeResult, newTradeNo };
