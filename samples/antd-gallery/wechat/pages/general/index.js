Page({
  data: {
    taps: 0,
    disabledTaps: 0,
    gridTapped: '',
    termsTapped: '',
    gridItems: [
      { title: 'Pay', icon: 'PayCircleOutline' },
      { title: 'Scan', icon: 'ScanningOutline' },
      { title: 'Bill', icon: 'BillOutline' },
      { title: 'Star', icon: 'StarOutline' },
    ],
    steps: [
      { title: 'Order', description: 'placed' },
      { title: 'Pay', description: 'paying' },
      { title: 'Ship', description: 'waiting' },
    ],
    tableColumns: [
      { title: 'Name', dataIndex: 'name', key: 'name', width: 150 },
      { title: 'Age', dataIndex: 'age', key: 'age', width: 120 },
    ],
    tableData: [
      { name: 'Ada', age: 36 },
      { name: 'Lin', age: 28 },
    ],
    vouchers: [
      { title: 'Coupon', desc: 'for every shop', money: '50', threshold: 'over 500', actionAreaInfo: { text: 'Use' } },
    ],
    terms: [{ name: 'User agreement', key: 'user' }],
    termButtons: [{ text: 'Agree', type: 'primary' }],
    footerLinks: [{ text: 'Help', key: 'help' }, { text: 'About', key: 'about' }],
  },
  tapButton() {
    this.setData({ taps: this.data.taps + 1 });
  },
  tapDisabled() {
    this.setData({ disabledTaps: this.data.disabledTaps + 1 });
  },
  tapCard() {},
  tapGrid(e) {
    const item = e.detail;
    this.setData({ gridTapped: item.title });
  },
  tapTerms(e) {
    const [item] = e.detail;
    this.setData({ termsTapped: item.text });
  },
});
