import { loadTodos } from '../../utils/store';

Page({
  data: {
    id: 0,
    todo: null,
  },
  onLoad(query) {
    const id = Number(query.id);
    const todo = loadTodos().find((t) => t.id === id) || null;
    this.setData({ id, todo });
  },
  goBack() {
    my.navigateBack();
  },
});
