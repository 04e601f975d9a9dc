import { checklistFunction } from '../../common/handlers/checklist';
import { defineFunction } from '../../common/runtime/entry';
import { loadSnapshot } from '../../common/runtime/snapshot';

export const main = defineFunction(checklistFunction, loadSnapshot);
