const { logEvent } = require('../../utils/log');

Page({
  data: {
    events: [],
    types: ['default', 'primary', 'warn'],
    loading: false,
    disabled: true,
    taps: 0,
  },
  onTap(e) {
    this.setData({ taps: this.data.taps + 1 });
    logEvent(this, `button ${e.currentTarget.dataset.name}`, e);
  },
  toggleLoading() {
    this.setData({ loading: !this.data.loading });
  },
  toggleDisabled() {
    this.setData({ disabled: !this.data.disabled });
  },
  onDisabledTap(e) {
    // never called while the button is disabled
    logEvent(this, 'disabled button', e);
  },
  onGetUserInfo(e) {
    logEvent(this, 'open-type getUserInfo', e);
  },
  onGetPhoneNumber(e) {
    logEvent(this, 'open-type getPhoneNumber', e);
  },
  onOpenSetting(e) {
    logEvent(this, 'open-type openSetting', e);
  },
  onChooseAvatar(e) {
    logEvent(this, 'open-type chooseAvatar', e);
  },
  onContact(e) {
    logEvent(this, 'open-type contact', e);
  },
  onShareAppMessage() {
    return { title: 'Component gallery: buttons', path: '/pages/buttons/buttons' };
  },
});
