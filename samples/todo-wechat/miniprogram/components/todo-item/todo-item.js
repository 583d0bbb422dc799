Component({
  externalClasses: ['item-class'],
  properties: {
    todo: {
      type: Object,
      value: { id: 0, text: '', done: false, createdAt: 0 },
    },
  },
  methods: {
    onToggle() {
      this.triggerEvent('toggle', { id: this.data.todo.id });
    },
    onRemove() {
      this.triggerEvent('remove', { id: this.data.todo.id });
    },
    onOpen() {
      this.triggerEvent('open', { id: this.data.todo.id });
    },
  },
});
