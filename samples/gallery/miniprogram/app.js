App({
  onLaunch() {
    console.log('gallery launched');
  },
});
