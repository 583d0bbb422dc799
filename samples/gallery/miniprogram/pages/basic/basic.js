const { logEvent } = require('../../utils/log');

Page({
  data: {
    events: [],
    nested: 0,
    iconTypes: ['success', 'success_no_circle', 'info', 'warn', 'waiting', 'cancel',
      'download', 'search', 'clear'],
    iconSize: 24,
    percent: 30,
    html: '<div style="line-height: 1.6"><h3>rich-text</h3><p>An <b>HTML</b> string with <i>inline</i> <span style="color:#07c160">styles</span>.</p></div>',
    nodes: [{
      name: 'p',
      attrs: { class: 'rich-p', style: 'color: #576b95;' },
      children: [
        { type: 'text', text: 'A node array: ' },
        { name: 'strong', children: [{ type: 'text', text: 'bold' }] },
        { type: 'text', text: ' and ' },
        { name: 'em', children: [{ type: 'text', text: 'italic' }] },
      ],
    }],
  },
  // view: tap bubbles from the inner box to the outer one unless caught
  onInnerTap(e) {
    logEvent(this, 'inner view', e);
  },
  onOuterTap(e) {
    this.setData({ nested: this.data.nested + 1 });
    logEvent(this, 'outer view', e);
  },
  onLongPress(e) {
    logEvent(this, 'view longpress', e);
  },
  growIcons() {
    this.setData({ iconSize: this.data.iconSize >= 40 ? 24 : this.data.iconSize + 8 });
  },
  addProgress() {
    this.setData({ percent: Math.min(100, this.data.percent + 20) });
  },
  resetProgress() {
    this.setData({ percent: 0 });
  },
  onProgressEnd(e) {
    logEvent(this, 'progress', e);
  },
  onRichTap(e) {
    logEvent(this, 'rich-text', e);
  },
});
