/**
 * The API's dependencies, built one way for both composition roots (the http Lambda and
 * the local runtime): they differ only in the stores and parts they plug in (DynamoDB or
 * SQLite, the recorder or the local writer, each region's prober or the engine in-process,
 * IAM or a bearer token), never in how "check now" or the list is put together.
 */
import type { CheckRunner, Stores } from '../ports/index.ts';
import { runCheckNow } from '../services/check-now.ts';
import type { ApiDeps } from './deps.ts';

/** The stores the API reads and writes. */
export type ApiStores = Pick<Stores, 'monitors' | 'results' | 'states' | 'incidents' | 'ledger' | 'channels' | 'deliveries' | 'log' | 'documents'>;

/** What a composition root picks besides the stores. */
export interface ApiParts extends Pick<ApiDeps, 'ledgerWriter' | 'lifecycle' | 'channelSender' | 'publicUrl' | 'metrics' | 'metricsAuthorize' | 'signer' | 'clock' | 'ids' | 'regions' | 'authorize' | 'assets' | 'logger' | 'version' | 'statementSigner' | 'agentHub' | 'noteKeys'> {
  /** Runs "check now" from one region: that region's prober function, or the engine in this process. */
  readonly checkRunner: CheckRunner;
}

export function apiDepsOf(stores: ApiStores, parts: ApiParts): ApiDeps {
  const { checkRunner, ...rest } = parts;
  const { monitors, results, states, incidents, ledger, channels, deliveries, log, documents } = stores;
  return {
    monitors,
    results,
    states,
    incidents,
    ledger,
    channels,
    deliveries,
    log,
    documents,
    ...rest,
    runCheckNow: (monitor) => runCheckNow({ checkRunner, results, ids: parts.ids, regions: parts.regions }, monitor),
  };
}
