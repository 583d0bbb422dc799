function pad(n) {
  return n < 10 ? '0' + n : '' + n;
}

function time(ts) {
  var d = getDate(ts);
  return pad(d.getHours()) + ':' + pad(d.getMinutes());
}

function countLeft(todos) {
  var n = 0;
  for (var i = 0; i < todos.length; i++) {
    if (!todos[i].done) n++;
  }
  return n;
}

function remaining(todos) {
  var n = countLeft(todos);
  return n === 1 ? '1 item left' : n + ' items left';
}

function summary(todos) {
  return (todos.length - countLeft(todos)) + ' of ' + todos.length + ' done';
}

export default {
  time: time,
  remaining: remaining,
  summary: summary,
};
