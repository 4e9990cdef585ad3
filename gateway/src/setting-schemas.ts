import { z } from 'zod';

/** A variable's value read as T, or the reason it cannot be (shown after the variable's name). */
export type Parsed<T> = { value: T } | { problem: string };

/**
 * A zod schema for one gateway variable, for shared/config.ts's readSettings: unset, empty or
 * blank reads as `fallback`; anything else is trimmed and handed to `parse`, whose problem names
 * what was wrong with the value.
 */
export function setting<T>(fallback: T, parse: (text: string) => Parsed<T>) {
  return z
    .string()
    .optional()
    .transform((raw, context): T => {
      const text = raw?.trim();
      if (text === undefined || text === '') return fallback;
      const parsed = parse(text);
      if ('problem' in parsed) {
        context.addIssue({ code: 'custom', message: parsed.problem });
        return z.NEVER;
      }
      return parsed.value;
    });
}

export function trueOrFalse(fallback: boolean) {
  return setting<boolean>(fallback, (text) =>
    text === 'true' || text === 'false'
      ? { value: text === 'true' }
      : { problem: `must be true or false (got "${text}")` },
  );
}
