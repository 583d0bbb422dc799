interface Props {
  label: string;
  done: boolean;
}

Component({
  props: { label: '', done: false } as Props,
});
