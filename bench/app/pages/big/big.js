// 1000 items rendered at once: the bench times a navigator tap until item 999 is laid out.
const N = 1000;

Page({
  data: { items: [] },
  onLoad() {
    const items = [];
    for (let i = 0; i < N; i++) items.push({ id: i, label: 'row ' + i });
    this.setData({ items });
  },
});
