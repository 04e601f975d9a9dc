import { watchFunction } from '../../common/handlers/watch';
import { defineFunction } from '../../common/runtime/entry';
import { loadSnapshot } from '../../common/runtime/snapshot';

export const main = defineFunction(watchFunction, loadSnapshot);
