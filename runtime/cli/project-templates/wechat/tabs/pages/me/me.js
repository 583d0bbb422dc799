Page({
  data: { count: 0, model: '' },

  onShow() {
    const count = wx.getStorageSync('count');
    this.setData({ count: typeof count === 'number' ? count : 0, model: wx.getDeviceInfo().model });
  },
});
