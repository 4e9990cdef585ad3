import { email, password, phone, shortText, z } from '../../../../shared/validation.js';

export const registerInput = z.object({
  email,
  password,
  name: shortText(100),
  phone: phone.nullish(),
});
export type RegisterInput = z.output<typeof registerInput>;

/** Only the fields sent are changed; phone: null removes the number. */
export const profileChanges = z.object({
  name: shortText(100).optional(),
  phone: phone.nullable().optional(),
});
export type ProfileChanges = z.output<typeof profileChanges>;

export const signInInput = z.object({ email, password: z.string().min(1, 'must not be empty').max(256) });
