import { remindersFunction } from '../../common/handlers/reminders';
import { defineFunction } from '../../common/runtime/entry';
import { loadSnapshot } from '../../common/runtime/snapshot';

export const main = defineFunction(remindersFunction, loadSnapshot);
