import { citiesFunction } from '../../common/handlers/cities';
import { withPolicySnapshot } from '../../common/runtime/bundled';
import { defineFunction } from '../../common/runtime/entry';

export const main = defineFunction(citiesFunction, withPolicySnapshot);
