import { checklistFunction } from '../../common/handlers/checklist';
import { withPlaces } from '../../common/runtime/bundled';
import { defineFunction } from '../../common/runtime/entry';

export const main = defineFunction(checklistFunction, withPlaces);
