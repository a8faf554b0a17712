/**
 * The dashboard's response types are generated from the API's OpenAPI document and
 * committed (functions/dashboard/api-types.d.ts): when the API's schemas change, the
 * committed file must be generated again, so the dashboard's type check sees the change.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DASHBOARD_TYPES_PATH, dashboardTypes } from '../../scripts/dashboard-types.ts';

describe('functions/dashboard/api-types.d.ts', () => {
  it('is what the current OpenAPI document generates', async () => {
    const committed = await readFile(DASHBOARD_TYPES_PATH, 'utf8');
    expect(committed, 'api-types.d.ts is out of date: run npm run gen:dashboard-types').toBe(await dashboardTypes());
  });
});
