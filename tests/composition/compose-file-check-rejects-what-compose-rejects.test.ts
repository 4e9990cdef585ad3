import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkComposeFile, interpolate } from '../support/compose-file.js';

function composeFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'compose-check-')), 'compose.yaml');
  writeFileSync(path, text);
  return path;
}

describe('the Compose file check', () => {
  it('rejects a key the Compose Specification does not know', () => {
    const path = composeFile('services:\n  api:\n    image: x\n    restart_policy: always\n');
    expect(checkComposeFile(path, {}).join('\n')).toContain('restart_policy');
  });

  it('rejects a value of the wrong shape once variables are interpolated', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Compose variable syntax, not a template
    const path = composeFile('services:\n  api:\n    image: x\n    ports: ${PORTS:-4000}\n');
    expect(checkComposeFile(path, {})).not.toEqual([]);
  });

  it('applies merge keys before validating, as Compose does', () => {
    const path = composeFile('x-base: &base\n  image: x\nservices:\n  api:\n    <<: *base\n    command: ["run"]\n');
    expect(checkComposeFile(path, {})).toEqual([]);
  });

  it('interpolates defaults, required values, alternatives and escaped dollars like Compose', () => {
    const errors: string[] = [];
    const env = { SET: 'yes', EMPTY: '' };
    expect(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Compose variable syntax, not a template
      interpolate('$SET ${SET} ${UNSET:-d} ${EMPTY:-d} ${EMPTY-d} ${SET:+alt} ${EMPTY+alt} $$SET', env, errors),
    ).toBe('yes yes d d  alt alt $SET');
    expect(errors).toEqual([]);
  });

  it('names a required variable that is unset, or empty with the colon form', () => {
    const errors: string[] = [];
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Compose variable syntax, not a template
    interpolate('${EMPTY?fine when empty} ${EMPTY:?set EMPTY} ${UNSET?set UNSET}', { EMPTY: '' }, errors);
    expect(errors).toEqual([
      'required variable EMPTY is missing a value: set EMPTY',
      'required variable UNSET is missing a value: set UNSET',
    ]);
  });
});
