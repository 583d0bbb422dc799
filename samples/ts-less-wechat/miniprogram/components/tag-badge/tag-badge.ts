Component({
  properties: {
    label: { type: String, value: '' },
    done: { type: Boolean, value: false },
  },
});
