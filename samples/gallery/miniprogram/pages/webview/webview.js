// A web-view fills its page and shows an https page (on a published mini-program, from a
// domain registered for the app). Open this page with ?src=<encoded URL> to show another.
const DEFAULT_SRC = 'https://developers.weixin.qq.com/miniprogram/dev/component/web-view.html';

Page({
  data: {
    src: '',
    messages: [],
  },
  onLoad(query) {
    this.setData({ src: query.src ? decodeURIComponent(query.src) : DEFAULT_SRC });
  },
  // postMessage from the web page arrives on back, share or destroy, in a batch
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
