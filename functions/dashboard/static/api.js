/**
 * The public routes the dashboard reads. Paths are relative to the page, so the
 * dashboard also works under a path prefix (an API Gateway stage, a reverse proxy).
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
 * @param {string} path relative to the page, e.g. `v1/status`
 * @returns {Promise<any>}
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
    const problem = await res.json();
    const text = problem?.detail || problem?.title;
    return typeof text === 'string' && text ? `${fallback}: ${text}` : fallback;
  } catch {
    return fallback;
  }
}

const id = encodeURIComponent;

export const api = {
  /** `{generatedAt, monitors: [...]}` */
  status: () => getJson('v1/status'),
  /** `{id, name, state, since, uptime, daily, latency, incidents}` @param {string} monitorId */
  monitorStatus: (monitorId) => getJson(`v1/status/${id(monitorId)}`),
  /** the incident with `entries: [{seq, jws}]` @param {string} incidentId */
  incident: (incidentId) => getJson(`v1/incidents/${id(incidentId)}`),
  /** `{entries: [{seq, jws}], head}` @param {number} after @param {number} limit */
  ledger: (after, limit) => getJson(`v1/ledger?after=${after}&limit=${limit}`),
  /** `{keys: [...]}` */
  jwks: () => getJson('.well-known/jwks.json'),
};
