/** The pieces the condition language is built from: Go's numbers and durations (parser and formatter: duration.test.ts), glob patterns, JSON paths. */
import { describe, expect, it } from 'vitest';
import { INT64_MAX, INT64_MIN, parseGoFloat, parseGoInt, truncateToInt64 } from '../../functions/core/conditions/go-numbers.ts';
import { evaluatePath, parseJson } from '../../functions/core/conditions/jsonpath.ts';
import { matchPattern } from '../../functions/core/conditions/pattern.ts';
import { durationMilliseconds, toInt64 } from '../../functions/core/conditions/compare.ts';
import { isDurationLiteral } from '../../functions/core/conditions/display.ts';
import { firstRunes, trimSpace, utf8Length } from '../../functions/core/conditions/text.ts';

describe('parseGoInt (strconv.ParseInt(s, 0, 64))', () => {
  it.each([
    ['0', 0n],
    ['200', 200n],
    ['+5', 5n],
    ['-12', -12n],
    ['0x1F', 31n],
    ['0XC0ff33', 12648243n],
    ['-0x10', -16n],
    ['0o17', 15n],
    ['0O7', 7n],
    ['017', 15n],
    ['0b0010', 2n],
    ['0B11', 3n],
    ['1_000', 1000n],
    ['0x_1F', 31n],
    ['0_7', 7n],
    ['9223372036854775807', INT64_MAX],
    ['-9223372036854775808', INT64_MIN],
  ])('%s -> %s', (text, expected) => {
    expect(parseGoInt(text)).toBe(expected);
  });

  it.each(['', ' 1', '1 ', '08', '0x', '0b2', '1.5', '1e3', '_1', '1_', '1__0', '9223372036854775808', '-9223372036854775809', 'true', '٣'])('%j is not an integer', (text) => {
    expect(parseGoInt(text)).toBeNull();
  });
});

describe('parseGoFloat (strconv.ParseFloat(s, 64))', () => {
  it.each([
    ['1.5', 1.5],
    ['123.40000000000005', 123.40000000000005],
    ['-.5', -0.5],
    ['1.', 1],
    ['1e3', 1000],
    ['1E-2', 0.01],
    ['1_000.5', 1000.5],
    ['0x1p4', 16],
    ['0x1.8p1', 3],
    ['-0x.8p1', -1],
    ['Inf', Infinity],
    ['-infinity', -Infinity],
  ])('%s -> %s', (text, expected) => {
    expect(parseGoFloat(text)).toBe(expected);
  });

  it('reads NaN', () => {
    expect(parseGoFloat('NaN')).toBeNaN();
  });

  it.each(['', '.', 'e5', '1e', '0x10', '1._5', '1e400', 'infin', 'potato', '1,5'])('%j is not a float', (text) => {
    expect(parseGoFloat(text)).toBeNull();
  });

  it.each([
    [123.9, 123n],
    [-1.9, -1n],
    [Number.NaN, 0n],
    [1e30, INT64_MAX],
    [-1e30, INT64_MIN],
  ])('int64(%s) -> %s', (value, expected) => {
    expect(truncateToInt64(value)).toBe(expected);
  });
});

describe('Go durations in the condition language', () => {
  it.each([
    ['1s', 1000n],
    ['1500us', 1n],
    ['999us', 0n],
    ['48h', 172_800_000n],
    ['0s', null],
    ['0', null],
    ['200', null],
  ])('%s in milliseconds -> %s', (text, expected) => {
    expect(durationMilliseconds(text)).toBe(expected);
  });

  it.each([
    ['48h', true],
    ['1s', true],
    ['0s', true],
    ['0', false],
    ['-0', false],
    ['200', false],
  ])('%s is written as a duration: %s', (text, expected) => {
    expect(isDurationLiteral(text)).toBe(expected);
  });
});

describe('toInt64 (a side of <, <=, >, >=)', () => {
  it.each([
    ['1s', 1000n],
    ['250', 250n],
    ['0x10', 16n],
    ['017', 15n],
    ['123.9', 123n],
    ['1e3', 1000n],
    ['potato', 0n],
    ['[BODY].x (INVALID)', 0n],
    ['true', 0n],
    ['', 0n],
  ])('%j -> %s', (text, expected) => {
    expect(toInt64(text)).toBe(expected);
  });
});

describe('matchPattern (pat(): filepath.Match without separators)', () => {
  it.each([
    // Gatus' pattern_test.go
    ['*', 'livingroom_123', true],
    ['**', 'livingroom_123', true],
    ['living*', 'livingroom_123', true],
    ['*living*', 'livingroom_123', true],
    ['*123', 'livingroom_123', true],
    ['*_*', 'livingroom_123', true],
    ['living*_*3', 'livingroom_123', true],
    ['living*room_*3', 'livingroom_123', true],
    ['*vin*om*2*', 'livingroom_123', true],
    ['livingroom_123', 'livingroom_123', true],
    ['*livingroom_123*', 'livingroom_123', true],
    ['*test*', '\\test', true],
    ['livingroom', 'livingroom_123', false],
    ['livingroom123', 'livingroom_123', false],
    ['what', 'livingroom_123', false],
    ['*what*', 'livingroom_123', false],
    ['*.*', 'livingroom_123', false],
    ['room*123', 'livingroom_123', false],
    // filepath.Match syntax
    ['2??', '204', true],
    ['2??', '2040', false],
    ['20[0-4]', '203', true],
    ['20[0-4]', '205', false],
    ['20[^0-4]', '205', true],
    ['[abc]x', 'bx', true],
    ['[a-]x', 'ax', false], // malformed: a range needs an upper end
    ['a\\*b', 'a*b', true],
    ['a\\*b', 'axb', false],
    ['*[', 'a[', false], // malformed class
    ['[]a]', ']', false], // malformed: empty class
    ['ab\\', 'ab', false], // malformed: trailing escape
    ['*a*a', 'aaa', true],
    ['a*b*c', 'abxbxc', true],
    ['a*b*c', 'abxbx', false],
    ['', '', true],
    ['', 'a', false],
    // slashes are removed from both sides, as Gatus does
    ['https://example.com/*', 'https://example.com/health', true],
    ['10.*', '10.0.0.1', true],
    // * matches across lines; characters are code points
    ['*ready*', 'not\nready\n', true],
    ['?', '\u{1f600}', true],
  ])('pat(%s) on %j -> %s', (pattern, text, expected) => {
    expect(matchPattern(pattern, text)).toBe(expected);
  });
});

describe('evaluatePath (Gatus jsonpath.Eval)', () => {
  const evaluate = (path: string, body: string) => evaluatePath(path, body, () => parseJson(body));

  it.each([
    // Gatus' jsonpath_test.go
    ['key', '{"key": "value"}', 'value', 5],
    ['long.simple.walk', '{"long": {"simple": {"walk": "value"}}}', 'value', 5],
    ['ids[1].id', '{"ids": [{"id": 1}, {"id": 2}]}', '2', 1],
    ['ids[0]', '{"ids": [1, 2]}', '1', 1],
    ['', '[1, 2]', '[1 2]', 2],
    ['[1]', '[1, 2]', '2', 1],
    ['[0]', '[{"id": 1}, {"id": 2}]', '{"id":1}', 8],
    ['[0].id', '[{"id": 1}, {"id": 2}]', '1', 1],
    ['data.ids[0].id', '{"data": {"ids": [{"id": 1}, {"id": 2}, {"id": 3}]}}', '1', 1],
    ['[3][2]', '[[1, 2], [3, 4], [], [5, 6, 7]]', '7', 1],
    ['data[1][1]', '{"data": [["a", "b", "c"], ["d", "eeeee", "f"]]}', 'eeeee', 5],
    ['data[0].apps[1].name', '{"data": [{"apps": [{"name":"app1"}, {"name":"app2"}, {"name":"app3"}]}]}', 'app2', 4],
    ['balance', '{"balance": "123.40000000000005"}', '123.40000000000005', 18],
    ['balance', '{"balance": 123.40000000000005}', '123.40000000000005', 18],
    // more
    ['', 'plain text', 'plain text', 10],
    ['', '[]', '[]', 0],
    ['a.b', '{"a": {"b": {"z": 1, "y": [true, null]}}}', '{"y":[true,null],"z":1}', 23],
    ['a', '{"a": "h\u00e9"}', 'h\u00e9', 3],
    ['a.b.c', '{"a": {"b": {"c": false}}}', 'false', 5],
    ['weird key', '{"weird key": 1}', '1', 1],
    ['a[+1]', '{"a": [0, 9]}', '9', 1],
  ])('%j in %s -> %j (length %i)', (path, body, text, length) => {
    expect(evaluate(path, body)).toEqual({ ok: true, text, length });
  });

  it.each([
    ['key', 'invalid data'],
    ['key', '{}'],
    ['ids[wat]', '{"ids": [1, 2]}'],
    ['ids[-1]', '{"ids": [1, 2]}'],
    ['[5].id', '[{"id": 1}, {"id": 2}]'],
    ['data[0].apps[1].name', '{"data": [{"apps": []}]}'],
    ['data.name.invalid', '{"data": {"name": "john"}}'],
    ['data.list.x', '{"data": {"list": [1]}}'],
    ['key', '{"key": null}'],
    ['x', '5'],
    ['[0]', '{"0": 1}'],
    ['constructor', '{}'],
    ['a..b', '{"a": {"b": 1}}'],
    ['', '[1, 2]]'],
  ])('%j in %s leads nowhere', (path, body) => {
    expect(evaluate(path, body)).toEqual({ ok: false });
  });

  it('decodes the body only when a path needs it', () => {
    let decoded = 0;
    const body = '{"a": 1}';
    const document = () => {
      decoded++;
      return parseJson(body);
    };
    expect(evaluatePath('', body, document)).toEqual({ ok: true, text: body, length: 8 });
    expect(decoded).toBe(0);
    expect(evaluatePath('a', body, document)).toEqual({ ok: true, text: '1', length: 1 });
    expect(decoded).toBe(1);
  });
});

describe('Go string helpers', () => {
  it.each([
    [' \t\n\r\v\f x \u00a0\u0085\u3000', 'x'],
    ['\ufeffx', '\ufeffx'],
    ['', ''],
    ['   ', ''],
  ])('trimSpace(%j) -> %j', (text, expected) => {
    expect(trimSpace(text)).toBe(expected);
  });

  it.each([
    ['abc', 3],
    ['\u00e9', 2],
    ['\u20ac', 3],
    ['\u{1f600}', 4],
    ['\ud800', 3],
  ])('utf8Length(%j) -> %i', (text, expected) => {
    expect(utf8Length(text)).toBe(expected);
  });

  it('cuts by code point', () => {
    expect(firstRunes('\u{1f600}\u{1f600}\u{1f600}', 2)).toBe('\u{1f600}\u{1f600}');
    expect(firstRunes('ab', 5)).toBe('ab');
  });
});
