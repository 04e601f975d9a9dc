import { qrcodeFunction } from '../../common/handlers/qrcode';
import { withPlaces } from '../../common/runtime/bundled';
import { defineFunction } from '../../common/runtime/entry';

export const main = defineFunction(qrcodeFunction, withPlaces);
