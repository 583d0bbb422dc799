Component({
  props: {
    product: { id: 0, name: '', price: 0, image: '' },
    onOpen: () => {},
  },
  methods: {
    onTap() {
      this.props.onOpen(this.props.product.id);
    },
  },
});
