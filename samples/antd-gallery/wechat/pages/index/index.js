Page({
  data: {
    sections: [
      { title: 'General', path: 'general', brief: 'Button, Icon, Typography, Card, Grid, Steps…' },
      { title: 'Data entry', path: 'entry', brief: 'Input, Checkbox, Radio, Switch, Slider, Stepper…' },
      { title: 'Form', path: 'form', brief: 'Form with every Form item, rules, submit and reset' },
      { title: 'Pickers', path: 'pickers', brief: 'Picker, CascaderPicker, DatePicker, RangePicker, Calendar' },
      { title: 'Feedback', path: 'feedback', brief: 'Popup, Modal, Dialog, Toast, ActionSheet, Popover…' },
      { title: 'Navigation', path: 'navigation', brief: 'Tabs, TabBar, IndexBar, Collapse, Pagination…' },
      { title: 'Copilot', path: 'copilot', brief: 'Bubble, Conversations, Prompts, Sender, Welcome…' },
    ],
  },
  open(e) {
    wx.navigateTo({ url: `/pages/${e.currentTarget.dataset.path}/index` });
  },
});
