import { describe, it } from 'vitest';
import { expectPublishedSdlMatchesSchemaFile } from '../../support/entities.js';

describe('catalog: _service', () => {
  it('publishes the SDL of its schema file, with Product and Category as resolvable entities', async () => {
    await expectPublishedSdlMatchesSchemaFile('catalog');
  });
});
