/**
 * How every Lambda function is bundled: one place for the CDK app (CrossCheckFunction)
 * and the bundle benchmark (bench/bundles.ts), so the benchmark measures what deploys.
 *
 * - ESM, Node 24, minified, with source maps (without sources), and `require` defined
 *   for the few dependencies that still call it for built-ins.
 * - The AWS SDK is bundled, with its credential chain cut to the environment link (see
 *   functions/adapters/aws/lambda-credentials.ts), or left to the runtime's copy: see
 *   SDK_BUNDLING for the choice and why.
 * - `node:http` is loaded through CommonJS (see lib/node-http.cjs):
 *   importing it as an ES module costs about 40 ms of every cold start.
 */

/** The functions, by their folder under functions/ (each has a handler.ts). */
export const FUNCTION_FOLDERS = ['scheduler', 'checker', 'verifier', 'aggregator', 'recorder', 'prober', 'http'] as const;
export type FunctionFolder = (typeof FUNCTION_FOLDERS)[number];

/** `bundled`: the SDK inside each bundle; `external`: `@aws-sdk/*` taken from the Lambda runtime. */
export type SdkBundling = 'bundled' | 'external';

/**
 * The choice, measured by `npm run bench -- bundles` (both ways, every function): with
 * the SDK external every bundle but the api's is 90 to 230 KB instead of 170 to 620 KB,
 * yet it loads slower, because Node then resolves and compiles dozens of SDK files from
 * node_modules instead of one minified file. See lib/README.md for the numbers.
 */
export const SDK_BUNDLING: SdkBundling = 'bundled';

/** Paths relative to the project root (esbuild resolves aliases from its working directory). */
const LAMBDA_CREDENTIALS = './functions/adapters/aws/lambda-credentials.ts';
const NODE_HTTP = './lib/node-http.cjs';

/** esbuild's ESM output has no `require`; some dependencies still call it for Node built-ins. */
export const ESM_REQUIRE_BANNER = "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";

export interface BundleSettings {
  readonly format: 'esm';
  readonly platform: 'node';
  readonly target: 'node24';
  readonly mainFields: readonly string[];
  readonly minify: true;
  readonly sourcemap: true;
  readonly sourcesContent: false;
  readonly banner: string;
  /** Import path -> replacement, relative to the project root. */
  readonly alias: Readonly<Record<string, string>>;
  /** Packages left to the runtime. */
  readonly external: readonly string[];
}

export function bundleSettings(sdk: SdkBundling = SDK_BUNDLING): BundleSettings {
  return {
    format: 'esm',
    platform: 'node',
    target: 'node24',
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    banner: ESM_REQUIRE_BANNER,
    alias: {
      http: NODE_HTTP,
      'node:http': NODE_HTTP,
      // In Lambda the role's credentials are in the environment: keep only that link of the chain.
      ...(sdk === 'bundled' ? { '@aws-sdk/credential-provider-node': LAMBDA_CREDENTIALS } : {}),
    },
    external: sdk === 'external' ? ['@aws-sdk/*'] : [],
  };
}
