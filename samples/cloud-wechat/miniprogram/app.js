App({
  onLaunch() {
    wx.cloud.init({ env: 'tea-shop', traceUser: true })
  },
})
