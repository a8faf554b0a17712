/**
 * Help for people who mistype a condition: the closest known name to a typo, the
 * spacing Gatus needs around an operator, and warnings for conditions that are valid
 * but almost certainly not what was meant (quotes, which Gatus compares as written).
 * Nothing here changes what a condition means.
 */
import { OPERATORS, PLACEHOLDERS, type Operand, type ParsedCondition } from './syntax.ts';

/** The placeholders as people write them: `[STATUS], [IP], ...`. */
export const KNOWN_PLACEHOLDERS_TEXT = PLACEHOLDERS.map((name) => `[${name}]`).join(', ');

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours cost 1. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The candidate `word` is most likely a typo of, or null. Case, `-` and `_` are
 * ignored; a candidate counts when the distance is at most a fifth of its length (at
 * least 1), or when one contains the other (`RESPONSETIME`, `STATUS_CODE`).
 */
export function closestName(word: string, candidates: readonly string[]): string | null {
  const norm = (s: string) => s.toLowerCase().replace(/[-_ ]/g, '');
  const w = norm(word);
  if (w.length < 3) return null;
  let best: { name: string; distance: number } | null = null;
  for (const candidate of candidates) {
    const c = norm(candidate);
    if (c.length < 4) continue;
    const distance = w === c ? 0 : c.includes(w) || w.includes(c) ? 1 : editDistance(w, c);
    if (distance <= Math.max(1, Math.floor(c.length / 5)) && (best === null || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name ?? null;
}

/** The name to suggest for `word`: the closest one, else one that starts as it does (`CERT_...`), or null. */
export function suggestName(word: string, candidates: readonly string[]): string | null {
  const close = closestName(word, candidates);
  if (close !== null) return close;
  const head = word.toLowerCase().replace(/[-_ ]/g, '').slice(0, 4);
  if (head.length < 4) return null;
  return candidates.find((candidate) => candidate.toLowerCase().replace(/[-_ ]/g, '').startsWith(head)) ?? null;
}

/** The condition with a space either side of its first operator, when that makes it readable. */
export function spacedCondition(text: string): string | null {
  for (const operator of OPERATORS) {
    const at = text.indexOf(operator);
    if (at < 0) continue;
    const left = text.slice(0, at).trim();
    const right = text.slice(at + operator.length).trim();
    if (left === '' || right === '') return null;
    return `${left} ${operator} ${right}`;
  }
  return null;
}

/** Why a condition with no operator between spaces is refused, with the fix when there is one. */
export function noOperatorReason(text: string): string {
  const base = 'no operator with a space on either side';
  const trimmed = text.trim();
  if (trimmed === '') return `${base}: a condition compares two sides, as in [STATUS] == 200`;
  const dangling = OPERATORS.find((op) => trimmed.endsWith(op) || trimmed.startsWith(op));
  if (dangling) return `${base}: the ${dangling} needs a value on either side, as in [STATUS] == 200`;
  const spaced = spacedCondition(trimmed);
  if (spaced) return `${base}: Gatus needs the spaces, write ${spaced}`;
  if (/\s=\s/.test(text)) return `${base}: compare with ==, a single = is not an operator`;
  return `${base}: use ==, !=, <, <=, > or >=, as in [STATUS] == 200`;
}

const QUOTED = /^(["'])(.*)\1$/s;

/** The literal texts a side compares with as written (a literal, or the options of any()). */
function literalTexts(operand: Operand): string[] {
  if (operand.kind === 'literal') return [operand.text];
  if (operand.kind === 'any') return [...operand.options];
  return [];
}

/**
 * Warnings for a valid condition: quotes around a value are compared as part of it in
 * Gatus (`[BODY].status == "UP"` never matches UP), so a quoted value is almost always
 * a mistake. The condition is still accepted, as Gatus accepts it.
 */
export function parsedConditionWarnings(condition: ParsedCondition): string[] {
  const warnings: string[] = [];
  const readsSomething = [condition.left, condition.right].some((side) => 'ref' in side || side.kind === 'pat');
  if (!readsSomething) return warnings;
  for (const side of [condition.left, condition.right]) {
    for (const text of literalTexts(side)) {
      const quoted = QUOTED.exec(text);
      if (!quoted) continue;
      const unquoted = condition.text.replace(text, quoted[2] ?? '');
      warnings.push(`${text} is compared with its quotes: Gatus conditions take values as written, so this matches only a value that itself has quotes; did you mean ${unquoted.trim()}?`);
    }
  }
  return warnings;
}
