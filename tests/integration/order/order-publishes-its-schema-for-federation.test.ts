import { describe, it } from 'vitest';
import { expectPublishedSdlMatchesSchemaFile } from '../../support/entities.js';

describe('order: _service', () => {
  it('publishes the SDL of its schema file, with Customer, Cart and Order as resolvable entities', async () => {
    await expectPublishedSdlMatchesSchemaFile('order');
  });
});
