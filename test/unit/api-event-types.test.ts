/** The handler's v2 event and result are the API Gateway ones: Lambda's types fit them both ways. */
import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithIAMAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ApiGatewayV2Event, ApiGatewayV2Result } from '../../functions/api/event.ts';
import { iamAuth } from '../../functions/api/auth.ts';

describe('API Gateway v2 types', () => {
  it('accepts the events Lambda delivers and returns a result Lambda accepts', () => {
    expectTypeOf<APIGatewayProxyEventV2>().toExtend<ApiGatewayV2Event>();
    expectTypeOf<APIGatewayProxyEventV2WithIAMAuthorizer>().toExtend<ApiGatewayV2Event>();
    expectTypeOf<ApiGatewayV2Result>().toExtend<APIGatewayProxyStructuredResultV2>();
  });

  it('iamAuth trusts the IAM authorizer context API Gateway adds, and nothing else', () => {
    const base = { version: '2.0', routeKey: '$default', rawPath: '/v1/monitors', rawQueryString: '', headers: {}, isBase64Encoded: false } as const;
    const authorize = iamAuth();
    expect(authorize({ ...base, requestContext: { http: { method: 'GET' } } })).toBe(false);
    expect(authorize({ ...base, headers: { authorization: 'AWS4-HMAC-SHA256 forged' }, requestContext: { http: { method: 'GET' } } })).toBe(false);
    expect(authorize({ ...base, requestContext: { http: { method: 'GET' }, authorizer: { iam: { accountId: '123456789012', userArn: 'arn:aws:iam::123456789012:user/ops' } } } })).toBe(true);
  });
});
