import { describe, it } from 'vitest';
import { expectPublishedSdlMatchesSchemaFile } from '../../support/entities.js';

describe('warehouse: _service', () => {
  it('publishes the SDL of its schema file, with Product as an entity it resolves', async () => {
    await expectPublishedSdlMatchesSchemaFile('warehouse');
  });
});
