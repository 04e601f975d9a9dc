import { evaluateFunction } from '../../common/handlers/evaluate';
import { defineFunction } from '../../common/runtime/entry';
import { loadSnapshot } from '../../common/runtime/snapshot';

export const main = defineFunction(evaluateFunction, loadSnapshot);
