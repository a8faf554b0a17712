/** The public ledger and the keys that verify it. */
import type { ApiDeps } from '../deps.ts';
import { jsonReply } from '../reply.ts';
import { defineRoute, type Route } from '../route.ts';
import { JwksSchema, LedgerPageSchema, LedgerQuery } from '../schemas/incidents.ts';
import { entryView } from '../views.ts';

export function ledgerRoutes(deps: ApiDeps): Route[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/v1/ledger',
      operationId: 'listLedgerEntries',
      summary: 'Ledger entries in seq order',
      description: 'Compact JWS strings, oldest first, from `after + 1`. `crosscheck ledger verify` checks a merged export offline.',
      tag: 'ledger',
      auth: false,
      query: LedgerQuery,
      responses: { 200: { description: 'A page of entries and the current head.', schema: LedgerPageSchema } },
      async handle({ query }) {
        const [records, head] = await Promise.all([deps.ledger.range(query.after, query.limit), deps.ledger.head()]);
        return jsonReply(200, { entries: records.map(entryView), head: head?.seq ?? null });
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/.well-known/jwks.json',
      operationId: 'getJwks',
      summary: 'The public keys that verify ledger entries',
      tag: 'ledger',
      auth: false,
      responses: { 200: { description: 'A JWK set (EC P-256, ES256).', schema: JwksSchema, contentType: 'application/jwk-set+json' } },
      async handle() {
        const jwk = await deps.signer.publicJwk();
        return {
          status: 200,
          headers: { 'cache-control': 'public, max-age=300' },
          body: { kind: 'json', value: { keys: [jwk] }, contentType: 'application/jwk-set+json' },
        };
      },
    }),
  ];
}
