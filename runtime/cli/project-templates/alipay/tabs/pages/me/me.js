Page({
  data: { count: 0, model: '' },

  onShow() {
    const { data } = my.getStorageSync({ key: 'count' });
    this.setData({ count: typeof data === 'number' ? data : 0, model: my.getSystemInfoSync().model });
  },
});
