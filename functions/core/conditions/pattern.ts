/**
 * `pat(...)`: Gatus matches with Go's `filepath.Match` after removing `/` from both
 * the pattern and the text. So `*` is any run of characters, `?` one character,
 * `[a-z]` / `[^0-9]` a class, `\` escapes the next character; a malformed pattern
 * matches nothing. There is no `**`, no braces and no `!` negation.
 */

const STAR = 0x2a;
const QUESTION = 0x3f;
const BACKSLASH = 0x5c;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const CARET = 0x5e;
const DASH = 0x2d;

/** matchChunk outcomes besides an index into the text. */
const NO_MATCH = -1;
const BAD_PATTERN = -2;

export function matchPattern(pattern: string, text: string): boolean {
  if (pattern === '*') return true;
  return globMatch(codePoints(pattern.replaceAll('/', '')), codePoints(text.replaceAll('/', '')));
}

function codePoints(text: string): number[] {
  return Array.from(text, (char) => char.codePointAt(0) ?? 0);
}

interface Chunk {
  readonly star: boolean;
  readonly start: number;
  readonly end: number;
}

/** Leading stars, then everything up to the next star outside a class. */
function scanChunk(pattern: readonly number[], from: number): Chunk {
  let at = from;
  let star = false;
  while (pattern[at] === STAR) {
    star = true;
    at++;
  }
  const start = at;
  let inClass = false;
  for (; at < pattern.length; at++) {
    const char = pattern[at];
    if (char === BACKSLASH) {
      if (at + 1 < pattern.length) at++;
    } else if (char === OPEN) inClass = true;
    else if (char === CLOSE) inClass = false;
    else if (char === STAR && !inClass) break;
  }
  return { star, start, end: at };
}

/**
 * Each chunk is matched at the earliest place it fits; the last one must also reach
 * the end of the text. With no stars inside a chunk this finds a match if one exists.
 */
function globMatch(pattern: readonly number[], text: readonly number[]): boolean {
  let p = 0;
  let t = 0;
  while (p < pattern.length) {
    const chunk = scanChunk(pattern, p);
    p = chunk.end;
    const isLast = p === pattern.length;
    if (chunk.star && chunk.start === chunk.end) return true;
    let next = matchChunk(pattern, chunk, text, t);
    if (next === BAD_PATTERN) return false;
    if (next >= 0 && (next === text.length || !isLast)) {
      t = next;
      continue;
    }
    next = NO_MATCH;
    if (chunk.star) {
      for (let skip = t + 1; skip <= text.length; skip++) {
        const candidate = matchChunk(pattern, chunk, text, skip);
        if (candidate === BAD_PATTERN) return false;
        if (candidate >= 0 && (!isLast || candidate === text.length)) {
          next = candidate;
          break;
        }
      }
    }
    if (next >= 0) {
      t = next;
      continue;
    }
    return false;
  }
  return t === text.length;
}

/** Matches one chunk at `from`; returns the index after it, NO_MATCH, or BAD_PATTERN. */
function matchChunk(pattern: readonly number[], chunk: Chunk, text: readonly number[], from: number): number {
  let failed = false;
  let t = from;
  let p = chunk.start;
  while (p < chunk.end) {
    if (t >= text.length) failed = true;
    const char = pattern[p];
    if (char === OPEN) {
      const subject = failed ? -1 : (text[t++] ?? -1);
      p++;
      const negated = pattern[p] === CARET && p < chunk.end;
      if (negated) p++;
      let matched = false;
      let ranges = 0;
      for (;;) {
        if (p < chunk.end && pattern[p] === CLOSE && ranges > 0) {
          p++;
          break;
        }
        const low = classChar(pattern, p, chunk.end);
        if (!low) return BAD_PATTERN;
        p = low.next;
        let high = low.char;
        if (pattern[p] === DASH) {
          const upper = classChar(pattern, p + 1, chunk.end);
          if (!upper) return BAD_PATTERN;
          p = upper.next;
          high = upper.char;
        }
        if (low.char <= subject && subject <= high) matched = true;
        ranges++;
      }
      if (matched === negated) failed = true;
    } else if (char === QUESTION) {
      if (!failed) t++;
      p++;
    } else {
      if (char === BACKSLASH) {
        p++;
        if (p >= chunk.end) return BAD_PATTERN;
      }
      if (!failed) {
        if (pattern[p] !== text[t]) failed = true;
        t++;
      }
      p++;
    }
  }
  return failed ? NO_MATCH : t;
}

/** One character of a class, possibly escaped; a class must still be open after it. */
function classChar(pattern: readonly number[], at: number, end: number): { char: number; next: number } | null {
  let p = at;
  if (p >= end || pattern[p] === DASH || pattern[p] === CLOSE) return null;
  if (pattern[p] === BACKSLASH) {
    p++;
    if (p >= end) return null;
  }
  const char = pattern[p] ?? 0;
  p++;
  if (p >= end) return null;
  return { char, next: p };
}
