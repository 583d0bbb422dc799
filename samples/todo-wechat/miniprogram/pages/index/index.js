const { loadTodos, saveTodos, nextId } = require('../../utils/store');

Page({
  data: {
    title: 'Todos',
    draft: '',
    todos: [],
  },
  onLoad() {
    this.setData({ todos: loadTodos() });
  },
  onShow() {
    // the detail page may have changed a todo
    this.setData({ todos: loadTodos() });
  },
  addTodo() {
    const text = this.data.draft.trim();
    if (!text) return;
    const todos = this.data.todos.concat([
      { id: nextId(this.data.todos), text, done: false, createdAt: Date.now() },
    ]);
    this.setData({ todos, draft: '' });
    saveTodos(todos);
  },
  toggleTodo(e) {
    const index = this.data.todos.findIndex((t) => t.id === e.detail.id);
    if (index < 0) return;
    this.setData({ [`todos[${index}].done`]: !this.data.todos[index].done });
    saveTodos(this.data.todos);
  },
  removeTodo(e) {
    const todos = this.data.todos.filter((t) => t.id !== e.detail.id);
    this.setData({ todos });
    saveTodos(todos);
  },
  openTodo(e) {
    wx.navigateTo({ url: `/pages/detail/detail?id=${e.detail.id}` });
  },
});
