import { loadCart, setQty, clearCart, cartView } from '../../utils/cart';
import { describeResult, newTradeNo } from '../../utils/payment';
import { currentHost } from '../../utils/host';

Page({
  data: {
    items: [],
    total: 0,
    count: 0,
    host: {},
    paying: false,
    result: null,
  },
  onLoad() {
    this.setData({ host: currentHost() });
  },
  // A tab page stays alive: reload the cart every time it shows.
  onShow() {
    this.refresh(loadCart());
  },
  refresh(lines) {
    this.setData(cartView(lines));
  },
  changeQty(e) {
    const { id, qty } = e.target.dataset;
    this.refresh(setQty(id, qty));
  },
  goShopping() {
    my.switchTab({ url: '/pages/home/home' });
  },
  checkout() {
    const tradeNO = newTradeNo();
    this.setData({ paying: true, result: null });
    my.tradePay({
      tradeNO,
      success: (res) => {
        const code = String(res.resultCode);
        const { text, done } = describeResult(code);
        if (done) {
          clearCart();
          this.refresh([]);
        }
        this.setData({ result: { code, text, done, tradeNO } });
      },
      fail: (err) => {
        this.setData({ result: { code: String(err.error), text: err.errorMessage, done: false, tradeNO } });
      },
      complete: () => this.setData({ paying: false }),
    });
  },
});
