/**
 * The public routes the dashboard reads. Paths are relative to the page, so the
 * dashboard also works under a path prefix (an API Gateway stage, a reverse proxy).
 */

/**
 * The response bodies, as the API's OpenAPI document describes them: generated into
 * ../api-types.d.ts by `npm run gen:dashboard-types`.
 * @typedef {import('../api-types').components['schemas']} Schemas
 * @typedef {Schemas['Status']} Status GET v1/status
 * @typedef {Schemas['StatusDetail']} StatusDetail GET v1/status/{id}
 * @typedef {Schemas['IncidentDetail']} IncidentDetail GET v1/incidents/{id}
 * @typedef {Schemas['LedgerPage']} LedgerPage GET v1/ledger
 * @typedef {Schemas['LedgerEntry']} LedgerEntry
 * @typedef {Schemas['Jwks']} Jwks GET .well-known/jwks.json
 * @typedef {Schemas['Problem']} Problem an error (application/problem+json)
 */

export class ApiError extends Error {
  /**
   * @param {string} message what went wrong, in words fit to show
   * @param {number} status HTTP status, 0 when the server was not reached
   */
  constructor(message, status) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

/**
 * GET a JSON document. Throws ApiError with a readable message (the problem+json
 * `detail` or `title` when the server sent one).
 * @template T the documented type of the body (not checked here: the API's tests hold its answers to the schemas)
 * @param {string} path relative to the page, e.g. `v1/status`
 * @returns {Promise<T>}
 */
export async function getJson(path) {
  const url = new URL(path, document.baseURI);
  /** @type {Response} */
  let res;
  try {
    res = await fetch(url, { headers: { accept: 'application/json' }, cache: 'no-store' });
  } catch {
    throw new ApiError('the CrossCheck server could not be reached', 0);
  }
  if (!res.ok) throw new ApiError(await problemText(res), res.status);
  try {
    return await res.json();
  } catch {
    throw new ApiError(`the server's answer to ${url.pathname} is not JSON`, res.status);
  }
}

/** @param {Response} res */
async function problemText(res) {
  const fallback = `the server answered ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`;
  try {
    const problem = /** @type {Partial<Problem> | null} */ (await res.json());
    const text = problem?.detail || problem?.title;
    return typeof text === 'string' && text ? `${fallback}: ${text}` : fallback;
  } catch {
    return fallback;
  }
}

const id = encodeURIComponent;

export const api = {
  /** @returns {Promise<Status>} */
  status: () => getJson('v1/status'),
  /** @param {string} monitorId @returns {Promise<StatusDetail>} */
  monitorStatus: (monitorId) => getJson(`v1/status/${id(monitorId)}`),
  /** the incident with its ledger entries @param {string} incidentId @returns {Promise<IncidentDetail>} */
  incident: (incidentId) => getJson(`v1/incidents/${id(incidentId)}`),
  /** @param {number} after @param {number} limit @returns {Promise<LedgerPage>} */
  ledger: (after, limit) => getJson(`v1/ledger?after=${after}&limit=${limit}`),
  /** @returns {Promise<Jwks>} */
  jwks: () => getJson('.well-known/jwks.json'),
};
