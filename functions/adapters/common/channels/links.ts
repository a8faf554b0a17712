/** The public links a message carries: the incident (a public route: names and states only) and the JWKS. */
export function publicLinks(publicUrl: string | null, incidentId: string | null): { incidentUrl: string | null; jwksUrl: string | null } {
  if (publicUrl === null) return { incidentUrl: null, jwksUrl: null };
  const base = publicUrl.replace(/\/+$/, '');
  return {
    incidentUrl: incidentId === null ? null : `${base}/v1/incidents/${encodeURIComponent(incidentId)}`,
    jwksUrl: `${base}/.well-known/jwks.json`,
  };
}
