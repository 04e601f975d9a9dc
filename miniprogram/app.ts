import { CLOUD_ENV_ID } from './config/env';

App({
  onLaunch() {
    if (wx.cloud) wx.cloud.init({ env: CLOUD_ENV_ID, traceUser: false });
  },
});
