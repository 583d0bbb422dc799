const { logEvent } = require('../../utils/log');

Page({
  data: {
    events: [],
    // The same 240×140 picture in a 150×150 box, once per mode.
    modes: [
      { mode: 'scaleToFill', text: 'stretch to fill the box' },
      { mode: 'aspectFit', text: 'whole picture, letterboxed' },
      { mode: 'aspectFill', text: 'fill the box, crop the rest' },
      { mode: 'widthFix', text: 'box width kept, height follows' },
      { mode: 'heightFix', text: 'box height kept, width follows' },
      { mode: 'top', text: 'no scaling, top part' },
      { mode: 'bottom', text: 'no scaling, bottom part' },
      { mode: 'center', text: 'no scaling, centre' },
      { mode: 'left', text: 'no scaling, left part' },
      { mode: 'right', text: 'no scaling, right part' },
      { mode: 'top left', text: 'no scaling, top-left corner' },
      { mode: 'bottom right', text: 'no scaling, bottom-right corner' },
    ],
    missing: '/images/missing.png',
  },
  onImageLoad(e) {
    logEvent(this, `image ${e.currentTarget.dataset.mode}`, e);
  },
  onError(e) {
    logEvent(this, 'image error', e);
  },
  preview(e) {
    wx.previewImage({ urls: ['/images/landscape.png'], current: '/images/landscape.png' });
    logEvent(this, 'image tap', e);
  },
});
