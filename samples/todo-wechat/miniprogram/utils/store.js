// Todos live in storage under one key, as a list of {id, text, done, createdAt}.
const KEY = 'todos';

function loadTodos() {
  const todos = wx.getStorageSync(KEY);
  return Array.isArray(todos) ? todos : [];
}

function saveTodos(todos) {
  wx.setStorageSync(KEY, todos);
}

function nextId(todos) {
  return todos.reduce((max, t) => Math.max(max, t.id), 0) + 1;
}

module.exports = { loadTodos, saveTodos, nextId };
