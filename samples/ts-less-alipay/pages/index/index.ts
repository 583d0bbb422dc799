import { Shelf } from '../../utils/shelf';

interface PageData {
  draft: string;
  error: string;
  books: ReturnType<Shelf['view']>;
}

const shelf: Shelf = getApp().shelf;

Page({
  data: { draft: '', error: '', books: [] } as PageData,
  onLoad(): void {
    shelf.add('The Pragmatic Programmer');
    this.setData({ books: shelf.view() });
  },
  onDraft(e: { detail: { value: string } }): void {
    this.setData({ draft: e.detail.value });
  },
  onAdd(): void {
    try {
      shelf.add(this.data.draft);
      this.setData({ draft: '', error: '', books: shelf.view() });
    } catch (err) {
      this.setData({ error: (err as Error).message });
    }
  },
  onAdvance(e: { currentTarget: { dataset: { index: number } } }): void {
    shelf.advance(e.currentTarget.dataset.index);
    this.setData({ books: shelf.view() });
  },
});
