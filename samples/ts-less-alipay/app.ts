import { Shelf } from './utils/shelf';

App({
  shelf: new Shelf(),
  onLaunch(): void {
    console.log('reading list launched');
  },
});
