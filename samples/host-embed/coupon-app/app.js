App({
  onLaunch() {
    console.log('coupon app launched');
  },
});
