/** Which conditions are accepted, and how a rejected one is reported (Gatus' TestCondition_Validate and more). */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../functions/core/errors.ts';
import { conditionIssue, conditionWarnings, InvalidConditionError, parseCondition, referencesConnected } from '../../functions/core/conditions/index.ts';

const valid = [
  '[STATUS] == 200',
  '[STATUS] != 200',
  '[STATUS] <= 200',
  '[STATUS] >= 200',
  '[STATUS] < 200',
  '[STATUS] > 200',
  '[STATUS] == any(200, 201, 202, 203)',
  '[STATUS] == [BODY].status',
  '[CONNECTED] == true',
  '[RESPONSE_TIME] < 500',
  '[RESPONSE_TIME] < 1s',
  '[IP] == 127.0.0.1',
  '[BODY] == 1',
  '[BODY].test == wat',
  '[BODY].test.wat == wat',
  '[BODY].age == [BODY].id',
  '[BODY].users[0].id == 1',
  '[BODY][0].id == 1',
  '[BODY]. == pong',
  'len([BODY].users) == 100',
  'len([BODY].data) < 5',
  'len([BODY]) > 0',
  'has([BODY].errors) == false',
  'has([BODY].users[0].name) == true',
  '[BODY].name == pat(john*)',
  'pat(4*) == [STATUS]',
  'any(200, 429) == [STATUS]',
  '[CERTIFICATE_EXPIRATION] > 48h',
  'raw == raw',
  '[status] == 200',
  '[BODY].message == hello world',
  '[BODY].state == [UP]',
  // Quoted values are valid (Gatus compares them with their quotes); conditionWarnings says so.
  '[BODY].status == "UP"',
  // A bracketed word that is no near miss of a placeholder stays text when the other side reads something.
  '[BODY].tags == [prod]',
  '[RESPONSE_TIME] < 500',
];

describe('valid conditions', () => {
  it.each(valid)('%s', (condition) => {
    expect(conditionIssue(condition)).toBeNull();
    expect(() => parseCondition(condition)).not.toThrow();
  });
});

const invalid: { condition: string; reason: string }[] = [
  // As in Gatus: no operator with a space on either side.
  { condition: '[STATUS] ? 201', reason: 'no operator' },
  { condition: '[STATUS]==201', reason: 'no operator' },
  { condition: '[STATUS] = = 201', reason: 'no operator' },
  { condition: '[STATUS] ==', reason: 'no operator' },
  { condition: '[STATUS]', reason: 'no operator' },
  { condition: '', reason: 'no operator' },
  // Accepted by Gatus, but they could never be evaluated meaningfully.
  { condition: '[STATUS] == ', reason: 'empty side' },
  { condition: ' == 200', reason: 'empty side' },
  { condition: '[STATUS] == 200 == 200', reason: 'appears more than once' },
  { condition: 'len([BODY].users == 100', reason: 'len( is not closed' },
  { condition: '[BODY] == pat(*ok*', reason: 'pat( is not closed' },
  { condition: '[STATUS] == any(200, 201', reason: 'any( is not closed' },
  { condition: 'len(foo) == 1', reason: 'needs a placeholder' },
  { condition: 'has() == true', reason: 'needs a placeholder' },
  { condition: '[STATUS] < any(300, 400)', reason: 'only be compared with == or !=' },
  { condition: '[BODY].size > pat(1*)', reason: 'only be compared with == or !=' },
  { condition: '[STATUS]x == 200', reason: 'cannot be followed by text' },
  { condition: '[BODY]x == 1', reason: 'must be followed by a . or [' },
  // Gatus placeholders that CrossCheck does not provide.
  { condition: '[DOMAIN_EXPIRATION] > 720h', reason: '[DOMAIN_EXPIRATION] is not supported' },
  { condition: '[STATUS] == [CONTEXT].expected_status', reason: '[CONTEXT] is not supported' },
  // Mistyped placeholders: Gatus would compare them as text and the check could never pass.
  { condition: '[STAUTS] == 200', reason: '[STAUTS] is not a placeholder; did you mean [STATUS]?' },
  { condition: '[STATUS_CODE] == 200', reason: 'did you mean [STATUS]?' },
  { condition: '[RESPONSETIME] < 500', reason: 'did you mean [RESPONSE_TIME]?' },
  { condition: '[RESPONSE-TIME] < 500', reason: 'did you mean [RESPONSE_TIME]?' },
  { condition: '[BOYD].status == UP', reason: 'did you mean [BODY]?' },
  { condition: 'len([BODDY].items) > 0', reason: 'did you mean [BODY]?' },
  { condition: '[CERT_EXPIRATION] > 48h', reason: 'did you mean [CERTIFICATE_EXPIRATION]?' },
  { condition: '[BODY].x == [STAUTS]', reason: 'did you mean [STATUS]?' },
  { condition: '[LATENCY] < 500', reason: '[LATENCY] is not a placeholder; the placeholders are [STATUS], [IP], [RESPONSE_TIME], [BODY], [CONNECTED], [CERTIFICATE_EXPIRATION]' },
];

describe('invalid conditions', () => {
  it.each(invalid)('$condition', ({ condition, reason }) => {
    expect(conditionIssue(condition)?.startsWith(`invalid condition: ${condition} (`)).toBe(true);
    let thrown: unknown;
    try {
      parseCondition(condition);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidConditionError);
    expect(thrown).toBeInstanceOf(ValidationError);
    const error = thrown as InvalidConditionError;
    // Gatus' `invalid condition: <text>`, then what is wrong (the message used to stop at the text).
    expect(error.message).toBe(`invalid condition: ${condition} (${error.reason})`);
    expect(error.name).toBe('InvalidConditionError');
    expect(error.condition).toBe(condition);
    expect(error.reason).toContain(reason);
    expect(error.issues).toEqual([{ path: '', message: error.message }]);
  });
});

describe('what an invalid condition says to fix', () => {
  it.each([
    ['[STATUS]==200', 'invalid condition: [STATUS]==200 (no operator with a space on either side: Gatus needs the spaces, write [STATUS] == 200)'],
    ['[STATUS]<400', 'invalid condition: [STATUS]<400 (no operator with a space on either side: Gatus needs the spaces, write [STATUS] < 400)'],
    ['[BODY].status==UP', 'invalid condition: [BODY].status==UP (no operator with a space on either side: Gatus needs the spaces, write [BODY].status == UP)'],
    ['[STATUS] ==', 'invalid condition: [STATUS] == (no operator with a space on either side: the == needs a value on either side, as in [STATUS] == 200)'],
    ['[STATUS] = 200', 'invalid condition: [STATUS] = 200 (no operator with a space on either side: compare with ==, a single = is not an operator)'],
    [
      '[STAUTS] == 200',
      'invalid condition: [STAUTS] == 200 ([STAUTS] is not a placeholder; did you mean [STATUS]? the placeholders are [STATUS], [IP], [RESPONSE_TIME], [BODY], [CONNECTED], [CERTIFICATE_EXPIRATION], [DNS_RCODE])',
    ],
  ])('%s', (condition, message) => {
    expect(conditionIssue(condition)).toBe(message);
  });
});

describe('conditionWarnings', () => {
  it.each([
    ['[BODY].status == "UP"', ['"UP" is compared with its quotes: Gatus conditions take values as written, so this matches only a value that itself has quotes; did you mean [BODY].status == UP?']],
    ["'UP' == [BODY].status", ["'UP' is compared with its quotes: Gatus conditions take values as written, so this matches only a value that itself has quotes; did you mean UP == [BODY].status?"]],
    ['[BODY].status == any("UP", DEGRADED)', ['"UP" is compared with its quotes: Gatus conditions take values as written, so this matches only a value that itself has quotes; did you mean [BODY].status == any(UP, DEGRADED)?']],
    ['[BODY].status == UP', []],
    ['[BODY].quote == don\'t', []],
    ['"a" == "a"', []],
    ['[STATUS]==200', []],
  ])('%s', (condition, warnings) => {
    expect(conditionWarnings(condition)).toEqual(warnings);
  });
});

describe('parseCondition', () => {
  it.each([
    ['[STATUS] == 200', '=='],
    ['[STATUS] != 200', '!='],
    ['[STATUS] <= 200', '<='],
    ['[STATUS] >= 200', '>='],
    ['[STATUS] < 200', '<'],
    ['[STATUS] > 200', '>'],
    // Gatus' precedence: == before the others, wherever it appears.
    ['[BODY].x < 5 == true', '=='],
    ['[BODY].x > 5 != true', '!='],
  ])('%s uses %s', (condition, operator) => {
    expect(parseCondition(condition).operator).toBe(operator);
  });

  it('recognises each kind of side', () => {
    expect(parseCondition('len([body].items[0]) == has([IP])')).toEqual({
      text: 'len([body].items[0]) == has([IP])',
      operator: '==',
      left: { kind: 'len', text: 'len([body].items[0])', ref: { name: 'BODY', path: 'items[0]' } },
      right: { kind: 'has', text: 'has([IP])', ref: { name: 'IP', path: null } },
    });
    expect(parseCondition('pat(*a*) != any( x ,y)')).toEqual({
      text: 'pat(*a*) != any( x ,y)',
      operator: '!=',
      left: { kind: 'pat', text: 'pat(*a*)', pattern: '*a*' },
      right: { kind: 'any', text: 'any( x ,y)', inner: ' x ,y', options: ['x', 'y'] },
    });
    expect(parseCondition(' [BODY][0].id  >  1s ')).toEqual({
      text: ' [BODY][0].id  >  1s ',
      operator: '>',
      left: { kind: 'placeholder', text: '[BODY][0].id', ref: { name: 'BODY', path: '[0].id' } },
      right: { kind: 'literal', text: '1s' },
    });
  });
});

describe('referencesConnected', () => {
  it.each([
    [['[CONNECTED] == false'], true],
    [['[STATUS] == 200', 'false == [connected]'], true],
    [['has([CONNECTED]) == true'], true],
    [['[STATUS] == 200', '[BODY].connected == true'], false],
    [['[BODY] == [CONNECTED]x'], false],
    [[], false],
  ])('%j -> %s', (conditions, expected) => {
    expect(referencesConnected(conditions)).toBe(expected);
  });
});
