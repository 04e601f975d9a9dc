import { qrcodeFunction } from '../../common/handlers/qrcode';
import { defineFunction } from '../../common/runtime/entry';
import { loadSnapshot } from '../../common/runtime/snapshot';

export const main = defineFunction(qrcodeFunction, loadSnapshot);
