import { Shelf } from './utils/shelf';

App<{ shelf: Shelf }>({
  shelf: new Shelf(),
  onLaunch(): void {
    console.log('reading list launched');
  },
});
