App({
  async onLaunch() {
    // One cloud context for the whole app (Alipay cloud development).
    this.cloud = my.cloud.createCloudContext({ env: 'dev' });
    await this.cloud.init();
  },
});
