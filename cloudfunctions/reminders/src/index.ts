import { remindersFunction } from '../../common/handlers/reminders';
import { withNothing } from '../../common/runtime/bundled';
import { defineFunction } from '../../common/runtime/entry';

export const main = defineFunction(remindersFunction, withNothing);
