export enum Status {
  Wanted,
  Reading,
  Done = 'done',
}

export interface Book {
  title: string;
  status: Status;
}

export namespace Labels {
  export const of = (s: Status): string =>
    s === Status.Done ? 'finished' : s === Status.Reading ? 'reading' : 'wanted';
}

function counted(target: any, key: string): void {
  target.counted = (target.counted || []).concat(key);
}

export class Shelf {
  constructor(private readonly books: Book[] = []) {}

  @counted
  add(title: string): Book {
    const book: Book = { title: title.trim(), status: Status.Wanted };
    if (!book.title) {
      throw new Error('a book needs a title');
    }
    this.books.push(book);
    return book;
  }

  advance(index: number): Book {
    const book = this.books[index];
    book.status = book.status === Status.Wanted ? Status.Reading : Status.Done;
    return book;
  }

  view(): { title: string; label: string; done: boolean }[] {
    return this.books.map((b) => ({ title: b.title, label: Labels.of(b.status), done: b.status === Status.Done }));
  }
}
