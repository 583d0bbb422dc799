const { logEvent } = require('../../utils/log');

Page({
  data: {
    events: [],
    focusName: true,
    typed: '',
    confirmed: '',
    fruits: [
      { value: 'apple', name: 'Apple', checked: true },
      { value: 'pear', name: 'Pear', checked: false },
      { value: 'peach', name: 'Peach', checked: false },
    ],
    sizes: [
      { value: 's', name: 'Small' },
      { value: 'm', name: 'Medium', checked: true },
      { value: 'l', name: 'Large' },
    ],
    notify: true,
    volume: 40,
    agreed: false,
    submitted: null,
    submittedText: '',
    resets: 0,
  },
  onInput(e) {
    this.setData({ typed: e.detail.value });
    logEvent(this, `input ${e.currentTarget.dataset.name}`, e);
  },
  onConfirm(e) {
    this.setData({ confirmed: e.detail.value });
    logEvent(this, 'input confirm', e);
  },
  onFocus(e) {
    logEvent(this, 'input focus', e);
  },
  onBlur(e) {
    logEvent(this, 'input blur', e);
  },
  onTextarea(e) {
    logEvent(this, 'textarea', e);
  },
  onLineChange(e) {
    logEvent(this, 'textarea lines', e);
  },
  onFruits(e) {
    const chosen = e.detail.value;
    this.setData({
      fruits: this.data.fruits.map((f) => ({ ...f, checked: chosen.indexOf(f.value) >= 0 })),
    });
    logEvent(this, 'checkbox-group', e);
  },
  onSize(e) {
    logEvent(this, 'radio-group', e);
  },
  onSwitch(e) {
    this.setData({ notify: e.detail.value });
    logEvent(this, 'switch', e);
  },
  onAgree(e) {
    this.setData({ agreed: e.detail.value });
    logEvent(this, 'switch (checkbox type)', e);
  },
  onSliding(e) {
    logEvent(this, 'slider changing', e);
  },
  onSlider(e) {
    this.setData({ volume: e.detail.value });
    logEvent(this, 'slider', e);
  },
  refocus() {
    this.setData({ focusName: false });
    this.setData({ focusName: true });
  },
  // form: the detail's value holds every named field inside the form
  onSubmit(e) {
    const value = e.detail.value;
    this.setData({
      submitted: value,
      submittedText: Object.keys(value).sort()
        .map((k) => `${k}=${JSON.stringify(value[k])}`).join(' '),
    });
    logEvent(this, 'form submit', e);
  },
  onReset(e) {
    this.setData({ submitted: null, submittedText: '', resets: this.data.resets + 1 });
    logEvent(this, 'form reset', e);
  },
});
