Page({
  data: {
    // Ships with the sample so it works offline; a published mini-program points
    // web-view at an https page on a domain registered for the app.
    src: '/html/hello.html',
    messages: [],
  },
  onMessage(e) {
    this.setData({ messages: this.data.messages.concat(e.detail.data) });
  },
  onWebLoad(e) {
    console.log('web-view loaded', e.detail.src);
  },
  onWebError(e) {
    console.log('web-view failed', e.detail.src);
  },
});
