/**
 * The HTTP API in front of the api function. Management routes (everything under
 * /v1/monitors: CRUD, checks, stats, check now) need an IAM (SigV4) signature, checked
 * by API Gateway before the function runs; the function checks again that the IAM
 * context is there. Everything else (status, incidents, ledger, JWKS, badges, the
 * dashboard, OpenAPI) is public by design and served by the `$default` route.
 *
 * The stage is created by hand (not the implicit default stage) so that it can carry
 * access logs and throttling.
 */
import { CfnOutput, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** Path patterns (API Gateway syntax) that only IAM-signed requests reach. */
export const IAM_ROUTE_PATHS = ['/v1/monitors', '/v1/monitors/{proxy+}', '/v1/channels', '/v1/channels/{proxy+}', '/v1/incidents/{id}/alerts', '/metrics', '/v1/agents', '/v1/agents/{proxy+}', '/v1/summary', '/v1/status-pages'] as const;

/**
 * Public routes under an IAM path: API Gateway picks the most specific route, so these GET
 * routes (no authorizer) win over `/v1/monitors/{proxy+}`. The signed SLA statement shows
 * names and figures only, like the status page.
 */
export const PUBLIC_ROUTE_PATHS = ['/v1/monitors/{id}/sla'] as const;

/**
 * Routes whose path is public for reading but whose writes need a signature (a status
 * page is read by anyone, changed by the operator): IAM on these methods only.
 */
export const IAM_METHOD_ROUTES: readonly { readonly path: string; readonly methods: readonly ('POST' | 'PUT' | 'DELETE')[] }[] = [
  { path: '/v1/status-pages/{slug}', methods: ['PUT', 'DELETE'] },
  { path: '/v1/incidents', methods: ['POST'] },
  { path: '/v1/incidents/{id}/updates', methods: ['POST'] },
  { path: '/v1/maintenance', methods: ['POST'] },
];

export interface CrossCheckHttpApiProps {
  readonly handler: lambda.IFunction;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** @default RemovalPolicy.DESTROY */
  readonly logRemovalPolicy?: RemovalPolicy;
  /** Steady-state requests per second for the whole stage. @default 50 */
  readonly rateLimit?: number;
  /** @default 100 */
  readonly burstLimit?: number;
  /** A custom domain for a status page, with an ACM certificate in this region. @default none */
  readonly domain?: { readonly name: string; readonly certificateArn: string };
}

export class CrossCheckHttpApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly accessLogs: logs.LogGroup;
  /** The regional target of the custom domain (for its DNS record), when there is one. */
  domainTarget?: string;

  constructor(scope: Construct, id: string, props: CrossCheckHttpApiProps) {
    super(scope, id);
    const integration = new HttpLambdaIntegration('Function', props.handler, {
      payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
    });
    this.api = new apigw.HttpApi(this, 'Api', {
      description: 'CrossCheck API: public status, incidents and ledger; IAM-signed monitor management',
      createDefaultStage: false,
      defaultIntegration: integration,
    });
    const iam = new HttpIamAuthorizer();
    for (const path of IAM_ROUTE_PATHS) {
      this.api.addRoutes({ path, methods: [apigw.HttpMethod.ANY], integration, authorizer: iam });
    }
    for (const path of PUBLIC_ROUTE_PATHS) {
      for (const route of this.api.addRoutes({ path, methods: [apigw.HttpMethod.GET], integration })) {
        Validations.of(route).acknowledge({
          id: 'AwsSolutions::AwsSolutions-APIG4',
          reason: 'A signed SLA statement is public by design (names and figures only, like the status page); the rest of /v1/monitors is behind IAM.',
        });
      }
    }
    for (const { path, methods } of IAM_METHOD_ROUTES) {
      this.api.addRoutes({ path, methods: methods.map((m) => apigw.HttpMethod[m]), integration, authorizer: iam });
    }

    const publicRoute = this.api.node.findChild('DefaultRoute');
    Validations.of(publicRoute).acknowledge({
      id: 'AwsSolutions::AwsSolutions-APIG4',
      reason:
        'The $default route serves what is public by design: the status page, badges, incidents, the signed ledger and its JWKS, the OpenAPI document. It exposes monitor names and states only; every management route (/v1/monitors..., /v1/channels..., /v1/agents..., the delivery log of an incident, /metrics) has the IAM authorizer.',
    });

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
    });
    this.stage = this.api.addStage('Live', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit ?? 50, burstLimit: props.burstLimit ?? 100 },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        // No query strings, headers or bodies: they may hold tokens.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            method: '$context.httpMethod',
            routeKey: '$context.routeKey',
            path: '$context.path',
            status: '$context.status',
            bytes: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationLatencyMs: '$context.integrationLatency',
            caller: '$context.identity.userArn',
            error: '$context.integrationErrorMessage',
          }),
        ),
      },
    });
    if (props.domain) {
      // A status page's own domain: its certificate (ACM, in this region) and an API mapping to the stage.
      const domainName = new apigw.DomainName(this, 'StatusDomain', {
        domainName: props.domain.name,
        certificate: acm.Certificate.fromCertificateArn(this, 'StatusCertificate', props.domain.certificateArn),
      });
      this.domainTarget = domainName.regionalDomainName;
      new CfnOutput(this, 'StatusDomainTarget', {
        value: domainName.regionalDomainName,
        description: `Point a CNAME (or an alias) for ${props.domain.name} here; give a status page "domain": "${props.domain.name}"`,
      });
      new apigw.ApiMapping(this, 'StatusDomainMapping', { api: this.api, domainName, stage: this.stage });
    }
    new CfnOutput(this, 'Url', { value: this.api.apiEndpoint, description: 'The CrossCheck API and dashboard' });
  }
}
