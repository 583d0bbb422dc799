App({
  globalData: {
    launchedAt: 0,
  },
  onLaunch(options) {
    this.globalData.launchedAt = Date.now();
    console.log('todo app launched', options && options.path);
  },
});
