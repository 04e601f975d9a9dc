/**
 * Free text a user types (a checklist note): refused when it holds a phone or ID number however
 * written, or characters that display misleadingly; stored without zero-width characters.
 */
import { z } from 'zod';
import { containsPersonalNumber } from './personal-numbers';
import { hasUnsafeCharacter, withoutInvisible } from './unsafe-characters';

export { containsPersonalNumber } from './personal-numbers';

export const PRIVACY_MESSAGES = {
  personalNumber: '为保护隐私，备注里请不要写身份证号或手机号',
  unsafeCharacter: '备注里有无法正常显示的特殊字符，请删除后再试',
};

/** A zod schema for a user's note of at most `max` characters. */
export function userText(max: number) {
  return z
    .string()
    .max(max)
    .refine((text) => !hasUnsafeCharacter(text), { message: PRIVACY_MESSAGES.unsafeCharacter })
    .transform(withoutInvisible)
    .refine((text) => !containsPersonalNumber(text), { message: PRIVACY_MESSAGES.personalNumber });
}
