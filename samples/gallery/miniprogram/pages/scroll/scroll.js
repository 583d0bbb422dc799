const { logEvent } = require('../../utils/log');

const COLORS = ['#e57373', '#ffb74d', '#fff176', '#81c784', '#64b5f6', '#9575cd'];

Page({
  data: {
    events: [],
    blocks: COLORS.map((color, i) => ({ id: `block${i}`, color, label: `Block ${i}` })),
    toView: '',
    scrollTop: 0,
    edge: '',
    chips: ['All', 'Tea', 'Cups', 'Paper', 'Fans', 'Lanterns', 'Silk', 'Books'],
    // swiper
    slides: [
      { title: 'Slide A', color: '#07c160' },
      { title: 'Slide B', color: '#10aeff' },
      { title: 'Slide C', color: '#fa5151' },
    ],
    autoplay: false,
    interval: 2000,
    current: 0,
    // movable-view
    x: 0,
    y: 0,
    position: '0, 0',
  },
  // scroll-view
  onScroll(e) {
    this.setData({ scrollTop: Math.round(e.detail.scrollTop) });
    logEvent(this, 'scroll-view scroll', e);
  },
  onUpper(e) {
    this.setData({ edge: 'top' });
    logEvent(this, 'scrolltoupper', e);
  },
  onLower(e) {
    this.setData({ edge: 'bottom' });
    logEvent(this, 'scrolltolower', e);
  },
  jumpTo(e) {
    this.setData({ toView: e.currentTarget.dataset.id });
  },
  onChipScroll(e) {
    logEvent(this, 'scroll-x', e);
  },
  // swiper
  toggleAutoplay() {
    this.setData({ autoplay: !this.data.autoplay });
  },
  changeInterval(e) {
    this.setData({ interval: e.detail.value });
  },
  onSwiper(e) {
    this.setData({ current: e.detail.current });
    logEvent(this, 'swiper change', e);
  },
  nextSlide() {
    this.setData({ current: (this.data.current + 1) % this.data.slides.length });
  },
  // movable-view
  onMove(e) {
    this.setData({ position: `${Math.round(e.detail.x)}, ${Math.round(e.detail.y)}` });
    logEvent(this, 'movable-view change', e);
  },
  moveTo() {
    this.setData({ x: 120, y: 60 });
  },
});
