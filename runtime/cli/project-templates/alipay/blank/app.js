App({
  onLaunch() {
    console.log('app launched');
  },
});
