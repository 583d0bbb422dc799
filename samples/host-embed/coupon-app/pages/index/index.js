// A mini-program that only works inside the "MyBank" host: it uses the host's custom
// API (my.call), the host's own namespace (bank.*) and the host's payment provider.
Page({
  data: { balance: null, coupons: [], transfer: '', location: '', payment: '' },

  async onLoad() {
    const res = await my.call('getBalance');
    this.setData({ balance: res.balance });

    my.request({
      url: 'https://api.coupons.example/list',
      success: (r) => this.setData({ coupons: r.data }),
    });

    if (typeof bank !== 'undefined' && my.canIUse('bank.transfer')) {
      bank.transfer({ to: 'savings', amount: 5 })
        .then((r) => this.setData({ transfer: 'ok → ' + r.to }))
        .catch((e) => this.setData({ transfer: 'refused: ' + (e.errorMessage || e.error) }));
    } else {
      this.setData({ transfer: 'not offered by this host' });
    }

    my.getLocation({
      success: (loc) => this.setData({ location: loc.latitude + ',' + loc.longitude }),
      fail: (e) => this.setData({ location: 'denied (' + e.error + ')' }),
    });
  },

  pay() {
    my.tradePay({
      tradeNO: 'ORDER-1',
      success: (r) => {
        this.setData({ payment: 'result ' + r.resultCode });
        return my.call('getBalance').then((b) => this.setData({ balance: b.balance }));
      },
      fail: (e) => this.setData({ payment: 'failed ' + (e.errorMessage || e.error) }),
    });
  },
});
