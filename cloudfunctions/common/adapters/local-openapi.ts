/**
 * WeChat open APIs off-cloud, where there is no WeChat: the 小程序码 becomes a plain QR of the link
 * rule's URL carrying the same scene (the mini-program accepts both), and subscribe messages are
 * written to a local `outbox` collection under DATA_DIR to inspect. Never in a cloud bundle.
 */
import QRCode from 'qrcode';
import type { WxOpenApi } from '../ports';
import { collection } from './nedb';

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
    // Through the guarded view: an outbox file that cannot load answers UNAVAILABLE, never hangs.
    await collection(this.dataDir, 'outbox')
      .view()
      .insertAsync({ ...input, sentAt: new Date().toISOString() });
  }
}
