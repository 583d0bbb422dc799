App({
  onLaunch() {
    wx.cloud.init({ env: 'dev', traceUser: true });
  },
});
