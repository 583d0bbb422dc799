import { PRODUCTS, SHOP_ID } from '../../utils/catalog';
import { STORES } from '../../utils/stores';
import { currentHost } from '../../utils/host';

Page({
  data: {
    host: {},
    products: [],
    storeCount: 0,
    notice: '',
  },
  onLoad() {
    this.setData({ host: currentHost(), products: PRODUCTS, storeCount: STORES.length });
  },
  openProduct(id) {
    my.navigateTo({ url: `/pages/detail/detail?id=${id}` });
  },
  // Taobao only: my.tb exists there and nowhere else.
  followShop() {
    my.tb.openShop({
      shopId: SHOP_ID,
      success: () => this.setData({ notice: 'Opened Star Shop in Taobao.' }),
      fail: (err) => this.setData({ notice: `Could not open the shop (${err.error}).` }),
    });
  },
  openMap() {
    const store = STORES[0];
    my.openLocation({
      latitude: String(store.latitude),
      longitude: String(store.longitude),
      name: store.name,
      address: store.address,
      fail: (err) => this.setData({ notice: `Could not open the map (${err.error}).` }),
    });
  },
  openPoints() {
    my.ap.navigateToAlipayPage({
      path: 'https://render.alipay.com/p/s/points',
      fail: (err) => this.setData({ notice: `Could not open points (${err.error}).` }),
    });
  },
});
