// The count lives in the cloud database: the `count` function adds one tap per call
// and answers how many taps this user has made.
const app = getApp();

Page({
  data: { count: 0, history: [], error: '' },

  onLoad() {
    return this.call(false);
  },

  add() {
    return this.call(true);
  },

  async call(add) {
    try {
      const { result } = await app.cloud.callFunction({ name: 'count', data: { add } });
      const history = add ? [...this.data.history, { at: result.count, value: result.count }]
        : this.data.history;
      this.setData({ count: result.count, history, error: '' });
    } catch (err) {
      this.setData({ error: err.errorMessage || String(err) });
    }
  },
});
