import { Form } from 'antd-mini/Form/form';

Page({
  data: {
    result: '',
    sports: [{ value: 'run', text: 'Run' }, { value: 'swim', text: 'Swim' }],
    vegetables: [{ value: 'tomato', label: 'Tomato' }, { value: 'potato', label: 'Potato' }],
    pets: [{ value: 'cat', label: 'Cat' }, { value: 'fox', label: 'Fox' }],
    fruits: ['Apple', 'Banana', 'Orange'],
    cities: [
      { label: 'Zhejiang', value: 'zj', children: [{ label: 'Hangzhou', value: 'hz' }, { label: 'Ningbo', value: 'nb' }] },
      { label: 'Jiangsu', value: 'js', children: [{ label: 'Nanjing', value: 'nj' }] },
    ],
  },
  onLoad() {
    this.form = new Form({
      initialValues: { quantity: 1, pet: 'cat' },
      rules: {
        account: [
          { required: true, message: 'Please enter an account' },
          { min: 3, message: 'At least 3 characters' },
        ],
      },
    });
    (this.pendingRefs || []).forEach((ref) => this.form.addItem(ref));
  },
  // WeChat: each form item sends itself in a `ref` event (antd-mini's WeChat build);
  // the ones that come before onLoad made the form wait in pendingRefs
  handleRef(e) {
    if (this.form) this.form.addItem(e.detail);
    else (this.pendingRefs = this.pendingRefs || []).push(e.detail);
  },
  async submit() {
    try {
      const values = await this.form.submit();
      this.setData({ result: 'submitted ' + JSON.stringify(values) });
    } catch (e) {
      const errors = Object.keys(e.errorFields || e.errors || {});
      this.setData({ result: 'invalid ' + JSON.stringify(e.errorFields || e) });
    }
  },
  reset() {
    this.form.reset();
    this.setData({ result: 'reset' });
  },
});
