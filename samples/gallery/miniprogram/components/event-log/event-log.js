Component({
  properties: {
    entries: { type: Array, value: [] },
  },
});
