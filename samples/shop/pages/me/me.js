import { currentHost } from '../../utils/host';
import { nearestStore } from '../../utils/stores';

// my.getLocation fails with this code when the user refuses.
const LOCATION_DENIED = 2001;
// A DingTalk mini-program signs in within an organisation.
const CORP_ID = 'ding-starshop-demo';

Page({
  data: {
    host: {},
    authCode: '',
    authError: '',
    corpCode: '',
    locating: false,
    position: null,
    store: null,
    locationError: '',
  },
  onLoad() {
    this.setData({ host: currentHost() });
  },
  // auth_user asks the user first; the code goes to our server, which exchanges it once.
  signIn() {
    my.getAuthCode({
      scopes: 'auth_user',
      success: (res) => this.setData({ authCode: res.authCode, authError: '' }),
      fail: (err) => this.setData({ authCode: '', authError: `Sign-in failed (${err.error}): ${err.errorMessage}` }),
    });
  },
  signInDingTalk() {
    dd.getAuthCode({
      corpId: CORP_ID,
      success: (res) => this.setData({ corpCode: res.authCode }),
      fail: (err) => this.setData({ authError: `DingTalk sign-in failed (${err.error})` }),
    });
  },
  findStore() {
    this.setData({ locating: true, locationError: '' });
    my.getLocation({ type: 0 })
      .then((pos) => {
        this.setData({
          position: { latitude: pos.latitude, longitude: pos.longitude },
          store: nearestStore(pos.latitude, pos.longitude),
        });
      })
      .catch((err) => {
        const text = err.error === LOCATION_DENIED
          ? 'Location permission was denied'
          : 'Could not get your location';
        this.setData({ store: null, locationError: `${text} (error ${err.error}).` });
      })
      .then(() => this.setData({ locating: false }));
  },
  openSetting() {
    my.openSetting({
      success: (res) => {
        if (res.authSetting && res.authSetting.location) this.findStore();
      },
    });
  },
});
