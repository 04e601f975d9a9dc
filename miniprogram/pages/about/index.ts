/** Where the answers come from, how fresh they are, and what this app is not. */
import { largeText } from '../../behaviors/large-text';
import { storage } from '../../services/storage';

Component({
  behaviors: [largeText],
  data: { lastChecked: '' },
  methods: {
    onLoad() {
      const [latest] = storage.recent();
      this.setData({ lastChecked: latest ? latest.at : '' });
    },
  },
});
