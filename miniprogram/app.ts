import { CLOUD_ENV_ID } from './config/env';
import { warnAboutPlaceholders } from './services/placeholders';

App({
  onLaunch() {
    warnAboutPlaceholders();
    if (wx.cloud) wx.cloud.init({ env: CLOUD_ENV_ID, traceUser: false });
  },
});
