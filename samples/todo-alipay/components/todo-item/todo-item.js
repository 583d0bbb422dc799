Component({
  props: {
    todo: { id: 0, text: '', done: false, createdAt: 0 },
    onToggle: () => {},
    onRemove: () => {},
    onOpen: () => {},
  },
  methods: {
    onToggle() {
      this.props.onToggle(this.props.todo.id);
    },
    onRemove() {
      this.props.onRemove(this.props.todo.id);
    },
    onOpen() {
      this.props.onOpen(this.props.todo.id);
    },
  },
});
