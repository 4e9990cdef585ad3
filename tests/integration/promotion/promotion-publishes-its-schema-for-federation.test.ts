import { describe, it } from 'vitest';
import { expectPublishedSdlMatchesSchemaFile } from '../../support/entities.js';

describe('promotion: _service', () => {
  it('publishes the SDL of its schema file, with Promotion as a resolvable entity', async () => {
    await expectPublishedSdlMatchesSchemaFile('promotion');
  });
});
