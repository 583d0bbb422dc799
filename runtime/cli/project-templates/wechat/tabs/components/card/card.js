Component({
  properties: {
    title: { type: String, value: '' },
    value: { type: null, value: '' },
  },
});
