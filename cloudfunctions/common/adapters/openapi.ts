/**
 * WeChat open APIs in CloudBase, through wx-server-sdk: cloud calls (云调用) are documented only
 * through it. It is bundled into the functions whose config.json lists open APIs, and loaded on the
 * first call. The local stand-in is adapters/local-openapi.ts.
 */
import type { WxOpenApi } from '../ports';

/* eslint-disable @typescript-eslint/no-explicit-any -- wx-server-sdk is untyped where we use it */
export class WxServerOpenApi implements WxOpenApi {
  private cloud: any;
  private sdk(): any {
    if (!this.cloud) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      this.cloud = require('wx-server-sdk');
      this.cloud.init({ env: this.cloud.DYNAMIC_CURRENT_ENV });
    }
    return this.cloud;
  }

  async getUnlimitedCode(input: { scene: string; page: string }) {
    const result = await this.sdk().openapi.wxacode.getUnlimited({
      scene: input.scene,
      page: input.page,
      checkPath: false,
    });
    return {
      kind: 'wxacode' as const,
      contentType: result.contentType as string,
      buffer: result.buffer as Buffer,
    };
  }

  async sendSubscribeMessage(input: {
    touser: string;
    templateId: string;
    page: string;
    data: Record<string, { value: string }>;
  }) {
    await this.sdk().openapi.subscribeMessage.send({ ...input, miniprogramState: 'formal', lang: 'zh_CN' });
  }
}
