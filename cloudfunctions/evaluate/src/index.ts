import { evaluateFunction } from '../../common/handlers/evaluate';
import { withPolicySnapshot } from '../../common/runtime/bundled';
import { defineFunction } from '../../common/runtime/entry';

export const main = defineFunction(evaluateFunction, withPolicySnapshot);
