/**
 * The one place that holds the defaults of every CrossCheck Lambda: Node 24 on arm64,
 * an ESM bundle built by the local esbuild (no Docker), minified with source maps, its
 * own log group with a retention, its own role with nothing but the right to write to
 * that log group, and the ledger guard (see ledger-guard.ts) on that role.
 *
 * Tracing is off by default: X-Ray is billed per trace and the Powertools metrics
 * already give counts and latencies; turn it on per function with `tracing`.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import { bundleSettings } from './bundling.ts';
import { denyLedgerRewrites } from './ledger-guard.ts';

/** The repository root: entries, the lock file and the static files are found from here. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface CrossCheckFunctionProps {
  /** The folder under functions/ whose handler.ts is the entry, e.g. `checker`. */
  readonly entryFolder: string;
  /** The table whose ledger items this function's role may never rewrite or delete. */
  readonly tableName: string;
  /** May put new ledger items: the recorder, and only the recorder. @default false */
  readonly appendsToLedger?: boolean;
  /** @default a name CloudFormation generates */
  readonly functionName?: string;
  readonly description?: string;
  readonly environment?: Readonly<Record<string, string>>;
  /** @default Duration.seconds(30) */
  readonly timeout?: Duration;
  /** @default 256 */
  readonly memorySize?: number;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** What happens to the log group on `cdk destroy`. @default RemovalPolicy.DESTROY */
  readonly logRemovalPolicy?: RemovalPolicy;
  /** @default lambda.Tracing.DISABLED */
  readonly tracing?: lambda.Tracing;
  /** Concurrency reserved (and capped) for this function. @default none: the account's pool */
  readonly reservedConcurrentExecutions?: number;
  /** Extra files next to the bundle (e.g. the dashboard). @default none */
  readonly commandHooks?: ICommandHooks;
}

/** The runtime every function uses: nodejs24.x. */
export const RUNTIME = lambda.Runtime.NODEJS_24_X;

export class CrossCheckFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: CrossCheckFunctionProps) {
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
    });
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `CrossCheck ${props.entryFolder} function`,
    });
    // Instead of AWSLambdaBasicExecutionRole (any log group): this function's own group only.
    role.addToPolicy(
      new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
    );
    const bundle = bundleSettings();
    super(scope, id, {
      entry: `${PROJECT_ROOT}functions/${props.entryFolder}/handler.ts`,
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: `${PROJECT_ROOT}package-lock.json`,
      runtime: RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.seconds(30),
      tracing: props.tracing ?? lambda.Tracing.DISABLED,
      role,
      logGroup,
      ...(props.functionName === undefined ? {} : { functionName: props.functionName }),
      ...(props.description === undefined ? {} : { description: props.description }),
      ...(props.reservedConcurrentExecutions === undefined ? {} : { reservedConcurrentExecutions: props.reservedConcurrentExecutions }),
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: `crosscheck-${props.entryFolder}`,
        POWERTOOLS_METRICS_NAMESPACE: 'CrossCheck',
        ...props.environment,
      },
      // The settings live in bundling.ts, shared with the bundle benchmark.
      bundling: {
        format: OutputFormat.ESM,
        target: bundle.target,
        platform: bundle.platform,
        mainFields: [...bundle.mainFields],
        minify: bundle.minify,
        sourceMap: bundle.sourcemap,
        sourcesContent: bundle.sourcesContent,
        banner: bundle.banner,
        externalModules: [...bundle.external],
        esbuildArgs: Object.fromEntries(Object.entries(bundle.alias).map(([from, to]) => [`--alias:${from}`, to])),
        ...(props.commandHooks === undefined ? {} : { commandHooks: props.commandHooks }),
      },
    });
    denyLedgerRewrites(role, props.tableName, { mayAppend: props.appendsToLedger ?? false });
  }
}

/** Copies a folder of the repository next to the bundle, as `<target>/`. */
export function copyBesideBundle(sourceFolder: string, target: string): ICommandHooks {
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir, outputDir) => [`cp -R "${inputDir}/${sourceFolder}" "${outputDir}/${target}"`],
  };
}
