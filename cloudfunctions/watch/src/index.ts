import { watchFunction } from '../../common/handlers/watch';
import { withSources } from '../../common/runtime/bundled';
import { defineFunction } from '../../common/runtime/entry';

export const main = defineFunction(watchFunction, withSources);
