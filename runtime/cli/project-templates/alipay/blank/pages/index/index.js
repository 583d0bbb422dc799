Page({
  data: { count: 0, history: [] },

  onLoad() {
    const { data } = my.getStorageSync({ key: 'count' });
    if (typeof data === 'number') this.setData({ count: data });
  },

  add() {
    const count = this.data.count + 1;
    this.setData({
      count,
      history: [...this.data.history, { at: Date.now() + count, value: count }],
    });
    my.setStorageSync({ key: 'count', data: count });
  },
});
