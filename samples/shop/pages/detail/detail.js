import { findProduct } from '../../utils/catalog';
import { addToCart, loadCart, countItems } from '../../utils/cart';
import { currentHost } from '../../utils/host';

Page({
  data: {
    id: 0,
    product: null,
    inCart: 0,
    message: '',
    host: {},
  },
  // navigateTo({url: '/pages/detail/detail?id=3'}) arrives here as query.id === '3'
  onLoad(query) {
    const product = findProduct(query.id);
    this.setData({ id: query.id, product, host: currentHost(), inCart: countItems(loadCart()) });
    if (product) my.setNavigationBar({ title: product.name });
  },
  addToCart() {
    const lines = addToCart(this.data.product.id);
    this.setData({ inCart: countItems(lines), message: `${this.data.product.name} is in your cart.` });
    my.showToast({ content: 'Added to cart', type: 'success' });
  },
  goToCart() {
    my.switchTab({ url: '/pages/cart/cart' });
  },
  showSku() {
    my.tb.showSku({ itemId: this.data.product.id });
  },
});
