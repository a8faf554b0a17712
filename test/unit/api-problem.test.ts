import { describe, expect, it } from 'vitest';
import { ConflictError, CrossCheckError, NotFoundError, SignerError, ThrottledError, ValidationError } from '../../functions/core/errors.ts';
import { errorToReply, HttpError, PROBLEM_CONTENT_TYPE } from '../../functions/api/problem.ts';

describe('errorToReply', () => {
  it.each([
    ['ValidationError', new ValidationError([{ path: 'limit', message: 'must be an integer from 1 to 100' }]), 400, false, { errors: [{ path: 'limit', message: 'must be an integer from 1 to 100' }] }],
    ['NotFoundError', new NotFoundError('monitor m1 does not exist'), 404, false, { detail: 'monitor m1 does not exist' }],
    ['ConflictError', new ConflictError('monitor m1 exists already'), 409, false, { detail: 'monitor m1 exists already' }],
    ['ThrottledError', new ThrottledError('busy'), 503, false, { detail: 'The service is busy; retry shortly.' }],
    ['HttpError', new HttpError(413, 'too big'), 413, false, { detail: 'too big' }],
    ['SignerError', new SignerError('KMS refused: arn:aws:kms:secret'), 500, true, { detail: 'An internal error occurred; it has been logged.' }],
    ['CrossCheckError', new CrossCheckError('internal detail'), 500, true, { detail: 'An internal error occurred; it has been logged.' }],
    ['TypeError', new TypeError("Cannot read properties of undefined (reading 'x')"), 500, true, { detail: 'An internal error occurred; it has been logged.' }],
    ['a thrown string', 'boom', 500, true, { detail: 'An internal error occurred; it has been logged.' }],
  ])('%s -> %i', (_name, error, status, internal, fields) => {
    const { reply, internal: logged } = errorToReply(error);
    expect(reply.status).toBe(status);
    expect(logged).toBe(internal);
    expect(reply.body).toEqual({ kind: 'json', contentType: PROBLEM_CONTENT_TYPE, value: expect.objectContaining({ type: 'about:blank', status, ...fields }) });
    if (internal) expect(JSON.stringify(reply.body)).not.toMatch(/secret|internal detail|reading 'x'|boom/);
  });

  it('keeps the headers an HttpError carries, and Retry-After on 503', () => {
    expect(errorToReply(new HttpError(405, 'no', { allow: 'GET' })).reply.headers).toEqual({ allow: 'GET' });
    expect(errorToReply(new ThrottledError('busy')).reply.headers).toEqual({ 'retry-after': '1' });
  });
});
