import { describe, it } from 'vitest';
import { expectPublishedSdlMatchesSchemaFile } from '../../support/entities.js';

describe('review: _service', () => {
  it('publishes the SDL of its schema file, with Product, Customer and Review as entities', async () => {
    await expectPublishedSdlMatchesSchemaFile('review');
  });
});
