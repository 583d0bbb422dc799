import { loadTodos, saveTodos, nextId } from '../../utils/store';

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
  onDraftInput(e) {
    this.setData({ draft: e.detail.value });
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
  toggleTodo(id) {
    const index = this.data.todos.findIndex((t) => t.id === id);
    if (index < 0) return;
    this.setData({ [`todos[${index}].done`]: !this.data.todos[index].done });
    saveTodos(this.data.todos);
  },
  removeTodo(id) {
    const todos = this.data.todos.filter((t) => t.id !== id);
    this.setData({ todos });
    saveTodos(todos);
  },
  openTodo(id) {
    my.navigateTo({ url: `/pages/detail/detail?id=${id}` });
  },
});
