/** Which conditions are accepted, and how a rejected one is reported (Gatus' TestCondition_Validate and more). */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../functions/core/errors.ts';
import { conditionIssue, InvalidConditionError, parseCondition, referencesConnected } from '../../functions/core/conditions/index.ts';

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
  { condition: '[DNS_RCODE] == NOERROR', reason: '[DNS_RCODE] is not supported' },
  { condition: '[STATUS] == [CONTEXT].expected_status', reason: '[CONTEXT] is not supported' },
];

describe('invalid conditions', () => {
  it.each(invalid)('$condition', ({ condition, reason }) => {
    expect(conditionIssue(condition)).toBe(`invalid condition: ${condition}`);
    let thrown: unknown;
    try {
      parseCondition(condition);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidConditionError);
    expect(thrown).toBeInstanceOf(ValidationError);
    const error = thrown as InvalidConditionError;
    expect(error.message).toBe(`invalid condition: ${condition}`);
    expect(error.name).toBe('InvalidConditionError');
    expect(error.condition).toBe(condition);
    expect(error.reason).toContain(reason);
    expect(error.issues).toEqual([{ path: '', message: `invalid condition: ${condition}` }]);
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
