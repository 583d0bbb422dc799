// The tap bench: a 1000-item keyed list; every tap changes item 500's name with one
// path update. Written for any runtime that runs WeChat mini-programs.
const N_ITEMS = 1000;
const CHANGED = 500;

Page({
  data: { list: [] },
  onLoad() {
    const list = [];
    for (let i = 0; i < N_ITEMS; i++) list.push({ id: i, name: 'item ' + i });
    this.n = 0;
    this.setData({ list });
  },
  onTap() {
    this.n += 1;
    this.setData({ ['list[' + CHANGED + '].name']: 'changed ' + this.n });
  },
});
