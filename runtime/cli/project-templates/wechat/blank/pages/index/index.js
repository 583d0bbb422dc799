Page({
  data: { count: 0, history: [] },

  onLoad() {
    const saved = wx.getStorageSync('count');
    if (typeof saved === 'number') this.setData({ count: saved });
  },

  add() {
    const count = this.data.count + 1;
    this.setData({
      count,
      history: [...this.data.history, { at: Date.now() + count, value: count }],
    });
    wx.setStorageSync('count', count);
  },
});
