// fixed dates so the pickers and the calendar show the same months on every run
const START = new Date(2024, 0, 1).getTime();

Page({
  data: {
    fruits: ['Apple', 'Banana', 'Orange'],
    fruit: '',
    times: [['Morning', 'Afternoon'], ['early', 'late']],
    time: '',
    cities: [
      { label: 'Zhejiang', value: 'zj', children: [{ label: 'Hangzhou', value: 'hz' }, { label: 'Ningbo', value: 'nb' }] },
      { label: 'Jiangsu', value: 'js', children: [{ label: 'Nanjing', value: 'nj' }] },
    ],
    city: '',
    min: new Date(2020, 0, 1),
    max: new Date(2030, 11, 31),
    start: new Date(2024, 0, 1),
    date: '',
    range: '',
    cancelled: 0,
    months: [START, new Date(2024, 1, 1).getTime()],
    days: '',
  },
  okFruit(e) { const [value] = e.detail; this.setData({ fruit: value }); },
  cancelFruit() { this.setData({ cancelled: this.data.cancelled + 1 }); },
  okTime(e) { const [value] = e.detail; this.setData({ time: value.join(' ') }); },
  okCity(e) { const [value] = e.detail; this.setData({ city: value.join('/') }); },
  okDate(e) { const [date, dateStr] = e.detail; this.setData({ date: dateStr }); },
  okRange(e) { const [dates, dateStr] = e.detail; this.setData({ range: dateStr.join(' ~ ') }); },
  pickDays(e) {
    const value = e.detail;
    const fmt = (t) => { const d = new Date(t); return `${d.getMonth() + 1}/${d.getDate()}`; };
    this.setData({ days: [].concat(value).map(fmt).join(' - ') });
  },
});
