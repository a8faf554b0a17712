/**
 * The API Gateway HTTP API (payload format 2.0) event and result, reduced to what the
 * handler reads. Structurally compatible with `APIGatewayProxyEventV2` /
 * `APIGatewayProxyStructuredResultV2` from @types/aws-lambda; the local server builds
 * the same shape from a Node request.
 */

export interface ApiGatewayV2Event {
  /** '2.0'. */
  readonly version: string;
  /** `$default` or `METHOD /path`; the handler routes on rawPath and the method instead. */
  readonly routeKey: string;
  /** The path as the client sent it, percent-encoded, without the query. */
  readonly rawPath: string;
  /** Without the leading `?`; '' when there is none. */
  readonly rawQueryString: string;
  /** Lower-case names; repeated headers joined with a comma. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly cookies?: readonly string[];
  readonly body?: string | undefined;
  readonly isBase64Encoded: boolean;
  readonly requestContext: {
    readonly http: {
      readonly method: string;
      readonly path?: string;
      readonly sourceIp?: string;
      readonly userAgent?: string;
      readonly protocol?: string;
    };
    readonly requestId?: string;
    /** `$default`, or a named stage, which API Gateway keeps at the front of rawPath. */
    readonly stage?: string;
    readonly timeEpoch?: number;
    /** Present when API Gateway authorized the request with IAM (SigV4). */
    readonly authorizer?: {
      readonly iam?: {
        readonly accessKey?: string;
        readonly accountId?: string;
        readonly callerId?: string;
        readonly principalOrgId?: string | null;
        readonly userArn?: string;
        readonly userId?: string;
      } | undefined;
    } | undefined;
  };
}

export interface ApiGatewayV2Result {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  /** Text, or base64 of binary content when isBase64Encoded. '' for HEAD and 204. */
  readonly body: string;
  readonly isBase64Encoded: boolean;
}

/** The one function that serves every route, in Lambda and in the local server alike. */
export type ApiHandler = (event: ApiGatewayV2Event) => Promise<ApiGatewayV2Result>;
