import { citiesFunction } from '../../common/handlers/cities';
import { defineFunction } from '../../common/runtime/entry';
import { loadSnapshot } from '../../common/runtime/snapshot';

export const main = defineFunction(citiesFunction, loadSnapshot);
