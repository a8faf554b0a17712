/**
 * The verdict of one check: the observation, every condition's result, pass or fail,
 * and why.
 */
import { BODY_EXCERPT_CHARS, type CheckResult, type Observation } from './check-result.ts';
import { evaluateCondition, referencesConnected } from './conditions/index.ts';

/**
 * `conditions` are the effective ones (`effectiveConditions()`): the default
 * `[STATUS] < 400` is the caller's to apply. Every condition is evaluated, also when
 * the connection failed (`[CONNECTED]` false, `[STATUS]` 0).
 *
 * - `blocked` (the SSRF guard refused the address) always fails as `blocked`.
 * - A failed condition fails the check; the cause is the transport failure if there
 *   was one (it explains the condition), else `condition`.
 * - All conditions passing still fails on a transport failure, unless a condition
 *   reasons about `[CONNECTED]` itself (`[CONNECTED] == false`: the port must stay
 *   closed), in which case the conditions decide.
 */
export function judge(observation: Observation, conditions: readonly string[]): CheckResult {
  const results = conditions.map((condition) => evaluateCondition(condition, observation));
  const { body, ...observed } = observation;
  const verdict = decide(observation, results.every((result) => result.success), conditions);
  return { ...observed, ...verdict, conditions: results, bodyExcerpt: excerpt(body) };
}

function decide(observation: Observation, allPassed: boolean, conditions: readonly string[]): Pick<CheckResult, 'success' | 'cause'> {
  const transport = observation.cause;
  if (transport === 'blocked') return { success: false, cause: 'blocked' };
  if (!allPassed) return { success: false, cause: transport ?? 'condition' };
  if (transport && !referencesConnected(conditions)) return { success: false, cause: transport };
  return { success: true, cause: null };
}

/** The first BODY_EXCERPT_CHARS characters, without splitting a surrogate pair. */
function excerpt(body: string): string {
  if (body.length <= BODY_EXCERPT_CHARS) return body;
  const last = body.charCodeAt(BODY_EXCERPT_CHARS - 1);
  const end = last >= 0xd800 && last <= 0xdbff ? BODY_EXCERPT_CHARS - 1 : BODY_EXCERPT_CHARS;
  return body.slice(0, end);
}
