/**
 * A bundling substitute for `@aws-sdk/credential-provider-node`, for Lambda bundles only
 * (esbuild `--alias:@aws-sdk/credential-provider-node=<this file>`).
 *
 * Every SDK client imports the full default credential chain (environment, SSO, INI
 * profiles, process, web identity, container and instance metadata), which drags the
 * STS, SSO and sign-in clients into each bundle: about 100 KB of the 300 KB budget. In
 * Lambda the execution role's credentials are always in the environment
 * (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), which is the first
 * link of that chain anyway; this file keeps only that link, from the SDK's own package.
 * Code run outside Lambda (tests, the CLI) is not bundled and keeps the full chain.
 */
export { fromEnv as defaultProvider } from '@aws-sdk/credential-provider-env';
