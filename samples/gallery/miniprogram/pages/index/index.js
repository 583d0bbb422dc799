Page({
  data: {
    groups: [
      { page: 'basic', title: 'Basics', items: 'view · text · icon · progress · rich-text' },
      { page: 'buttons', title: 'Buttons', items: 'button types, sizes, loading, disabled, open-type' },
      { page: 'form', title: 'Forms', items: 'form · input · textarea · checkbox · radio · switch · slider · label' },
      { page: 'pickers', title: 'Pickers', items: 'picker (selector, multiSelector, date, time) · picker-view' },
      { page: 'scroll', title: 'Scrolling', items: 'scroll-view · swiper · movable-area' },
      { page: 'media', title: 'Images', items: 'image modes, load and error events' },
      { page: 'nav', title: 'Navigation', items: 'navigator · web-view' },
    ],
  },
});
