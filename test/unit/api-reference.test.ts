/** docs/API.md is generated from the OpenAPI document: a changed route or schema must be regenerated. */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { API_REFERENCE_PATH, apiReference } from '../../scripts/api-reference.ts';

describe('docs/API.md', () => {
  it('is what the current OpenAPI document generates', async () => {
    const committed = await readFile(API_REFERENCE_PATH, 'utf8');
    expect(committed, 'docs/API.md is out of date: run npm run gen:api-reference').toBe(apiReference());
  });

  it('names every route and every component schema', () => {
    const text = apiReference();
    for (const heading of ['### GET /v1/monitors', '### DELETE /v1/monitors/{id}', '### GET /v1/ledger', '### Monitor', '### Incident', '### Problem']) {
      expect(text).toContain(`${heading}\n`);
    }
  });
});
