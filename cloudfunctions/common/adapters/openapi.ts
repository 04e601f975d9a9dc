/**
 * WeChat open APIs. In CloudBase: wx-server-sdk (cloud calls are documented only through it; it is
 * kept out of the bundle and installed by the deploy). Locally there is no WeChat: the 小程序码
 * becomes a plain QR of the link rule's URL carrying the same scene (the mini-program accepts both),
 * and subscribe messages are written to a local `outbox` collection to inspect.
 */
import QRCode from 'qrcode';
import type { WxOpenApi } from '../ports';
import { collection } from './nedb';

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

export class LocalOpenApi implements WxOpenApi {
  constructor(
    private readonly dataDir: string,
    private readonly linkPrefix: string,
  ) {}

  async getUnlimitedCode(input: { scene: string; page: string }) {
    const url = `${this.linkPrefix}?scene=${encodeURIComponent(input.scene)}`;
    const buffer = await QRCode.toBuffer(url, { type: 'png', width: 430, margin: 2 });
    return { kind: 'link_qr' as const, contentType: 'image/png', buffer };
  }

  async sendSubscribeMessage(input: {
    touser: string;
    templateId: string;
    page: string;
    data: Record<string, { value: string }>;
  }) {
    await collection(this.dataDir, 'outbox')
      .view()
      .insertAsync({ ...input, sentAt: new Date().toISOString() });
  }
}
