/** Human output of one check result, for `crosscheck check` and `crosscheck monitors show`. */
import type { CheckResult, ConditionResult, Timings } from '../core/check-result.ts';
import { isNotEvaluated } from '../core/conditions/index.ts';

const ms = (value: number | null): string => (value === null ? '-' : `${value.toFixed(1)} ms`);

export function formatTimings(t: Timings): string {
  return `dns ${ms(t.dns)}  connect ${ms(t.connect)}  tls ${ms(t.tls)}  ttfb ${ms(t.ttfb)}  total ${ms(t.total)}`;
}

export function formatCheckResult(result: CheckResult): string {
  const lines: string[] = [];
  const verdict = result.success ? 'PASS' : `FAIL (${result.cause ?? 'unknown'})`;
  const status = outcomeOf(result);
  lines.push(`${verdict}  ${result.method} ${result.url}  ${status}  [region ${result.region}]`);
  if (result.error) lines.push(`  error     ${result.error}`);
  lines.push(`  timings   ${formatTimings(result.timings)}`);
  if (result.remoteIp) lines.push(`  address   ${result.remoteIp}`);
  for (const hop of result.redirects) lines.push(`  redirect  ${hop.status} ${hop.url} -> ${hop.location}`);
  if (result.tls) {
    const tls = result.tls;
    const days = tls.daysLeft === null ? 'unknown expiry' : `${tls.daysLeft} days left (until ${tls.notAfter})`;
    const chain = tls.chainVerified ? 'chain verified' : `chain NOT verified: ${tls.verificationError ?? 'unknown error'}`;
    lines.push(`  tls       ${tls.protocol ?? '?'} ${tls.cipher ?? ''}`.trimEnd());
    lines.push(`  cert      ${tls.subject ?? '?'} by ${tls.issuer ?? '?'}; ${days}; ${chain}`);
  }
  if (result.dns) {
    lines.push(`  resolver  ${result.dns.resolver} over ${result.dns.transport}`);
    for (const answer of result.dns.answers) lines.push(`  answer    ${answer}`);
  } else if (result.method === 'TCP' && result.bodyBytes > 0) {
    lines.push(`  read      ${JSON.stringify(result.bodyExcerpt)} (${result.bodyBytes} bytes)`);
  }
  for (const c of result.conditions) lines.push(`  ${conditionLine(c)}`);
  return `${lines.join('\n')}\n`;
}

/** `HTTP 200`; for a dns check its rcode; for tcp and tls whether it connected. */
function outcomeOf(result: CheckResult): string {
  if (result.status !== 0) return `HTTP ${result.status}`;
  if (result.dns) return result.dns.rcode;
  if (result.method === 'TCP' || result.method === 'TLS') return result.connected ? 'connected' : 'not connected';
  return 'no response';
}

/**
 * `pass  [STATUS] == 200`, `FAIL  [STATUS] (503) == 200`, or, for a condition on a
 * response that never came, `n/a   [STATUS] < 400 (not evaluated: no response)`:
 * under `FAIL (connect)` a condition must not read as passed.
 */
export function conditionLine(c: ConditionResult): string {
  const mark = isNotEvaluated(c) ? 'n/a ' : c.success ? 'pass' : 'FAIL';
  return `${mark}  ${c.condition}`;
}
