const { logEvent } = require('../../utils/log');

const CITIES = {
  Zhejiang: ['Hangzhou', 'Ningbo', 'Wenzhou'],
  Jiangsu: ['Nanjing', 'Suzhou'],
  Guangdong: ['Guangzhou', 'Shenzhen', 'Zhuhai', 'Foshan'],
};
const PROVINCES = Object.keys(CITIES);

Page({
  data: {
    events: [],
    // mode="selector": range is a list; value is the index
    colors: ['Red', 'Green', 'Blue'],
    colorIndex: 1,
    // range-key picks the label of an object list
    plans: [{ id: 'f', label: 'Free' }, { id: 'p', label: 'Pro' }, { id: 't', label: 'Team' }],
    planIndex: 0,
    // mode="multiSelector": one list per column; the second column follows the first
    region: [PROVINCES, CITIES[PROVINCES[0]]],
    regionIndex: [0, 0],
    date: '2024-05-20',
    time: '09:30',
    // picker-view: value holds the index of each column
    years: [2022, 2023, 2024, 2025],
    months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
    viewValue: [2, 4],
  },
  onColor(e) {
    this.setData({ colorIndex: Number(e.detail.value) });
    logEvent(this, 'picker selector', e);
  },
  onPlan(e) {
    this.setData({ planIndex: Number(e.detail.value) });
    logEvent(this, 'picker range-key', e);
  },
  onCancel(e) {
    logEvent(this, 'picker cancel', e);
  },
  onRegionColumn(e) {
    // refill the city column when the province column moves
    if (e.detail.column === 0) {
      const province = PROVINCES[e.detail.value];
      this.setData({ 'region[1]': CITIES[province], regionIndex: [e.detail.value, 0] });
    }
    logEvent(this, 'multiSelector column', e);
  },
  onRegion(e) {
    this.setData({ regionIndex: e.detail.value });
    logEvent(this, 'picker multiSelector', e);
  },
  onDate(e) {
    this.setData({ date: e.detail.value });
    logEvent(this, 'picker date', e);
  },
  onTime(e) {
    this.setData({ time: e.detail.value });
    logEvent(this, 'picker time', e);
  },
  onPickerView(e) {
    this.setData({ viewValue: e.detail.value });
    logEvent(this, 'picker-view', e);
  },
});
