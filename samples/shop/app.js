import { detectHost } from './utils/host';

App({
  globalData: {
    // what this host offers, decided once at launch (see utils/host.js)
    host: null,
  },
  onLaunch(options) {
    this.globalData.host = detectHost();
    console.log('shop launched in', this.globalData.host.name, 'on', options && options.path);
  },
});
