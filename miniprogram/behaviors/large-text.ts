/** Gives every page `large` (大字模式) from the saved settings, re-read each time the page shows. */
import { storage } from '../services/storage';

export const largeText = Behavior({
  data: { large: false },
  lifetimes: {
    attached() {
      this.setData({ large: storage.settings().largeText });
    },
  },
  pageLifetimes: {
    show() {
      const large = storage.settings().largeText;
      if (large !== this.data.large) this.setData({ large });
    },
  },
});
