Component({
  props: { title: '', value: '' },
});
