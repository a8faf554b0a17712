/**
 * Requests to the http function as API Gateway (HTTP API, payload 2.0) hands them over
 * after its IAM authorizer accepted the SigV4 signature: the caller's IAM identity in
 * the request context.
 */
import { randomUUID } from 'node:crypto';
import type { ApiGatewayV2Event } from '../../../functions/api/event.ts';

const IAM = {
  accessKey: 'AKIAEXAMPLE',
  accountId: '123456789012',
  callerId: 'AIDAEXAMPLE',
  userArn: 'arn:aws:iam::123456789012:user/ops',
  userId: 'AIDAEXAMPLE',
};

/** An authorized management request: `apiRequest('PATCH', '/v1/monitors/m1', { paused: true })`. */
export function apiRequest(method: string, path: string, body?: unknown): ApiGatewayV2Event {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    isBase64Encoded: false,
    requestContext: {
      http: { method, path, sourceIp: '192.0.2.1' },
      requestId: randomUUID(),
      stage: '$default',
      timeEpoch: Date.now(),
      authorizer: { iam: IAM },
    },
  };
}
