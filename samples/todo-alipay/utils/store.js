// Todos live in storage under one key, as a list of {id, text, done, createdAt}.
const KEY = 'todos';

export function loadTodos() {
  const res = my.getStorageSync({ key: KEY });
  return (res && Array.isArray(res.data)) ? res.data : [];
}

export function saveTodos(todos) {
  my.setStorage({ key: KEY, data: todos });
}

export function nextId(todos) {
  return todos.reduce((max, t) => Math.max(max, t.id), 0) + 1;
}

export default { loadTodos, saveTodos, nextId };
