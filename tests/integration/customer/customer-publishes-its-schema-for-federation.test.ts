import { describe, it } from 'vitest';
import { expectPublishedSdlMatchesSchemaFile } from '../../support/entities.js';

describe('customer: _service', () => {
  it('publishes the SDL of its schema file, with Customer as a resolvable entity', async () => {
    await expectPublishedSdlMatchesSchemaFile('customer');
  });
});
