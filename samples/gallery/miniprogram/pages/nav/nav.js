const { logEvent } = require('../../utils/log');

Page({
  data: {
    events: [],
    query: {},
    depth: 0,
  },
  onLoad(query) {
    this.setData({ query, depth: getCurrentPages().length });
  },
  onNavSuccess(e) {
    logEvent(this, 'navigator success', e);
  },
  onNavFail(e) {
    logEvent(this, 'navigator fail', e);
  },
});
