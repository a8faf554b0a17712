#!/usr/bin/env node
// `npm start` (through scripts/start.mjs, which bundles this file): CrossCheck on one
// machine. Composition lives in functions/runtime.
import { fileURLToPath } from 'node:url';
import { ConfigError, ValidationError } from '../functions/core/errors.ts';
import { startLocalRuntime } from '../functions/runtime/compose.ts';
import { runtimeLogger } from '../functions/runtime/logger.ts';
import { parseRuntimeOptions, RUNTIME_USAGE } from '../functions/runtime/options.ts';

let options;
try {
  options = parseRuntimeOptions(process.argv.slice(2), process.env);
} catch (error) {
  if (!(error instanceof ValidationError)) throw error;
  process.stderr.write(`${error.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('\n')}\n\n${RUNTIME_USAGE}`);
  process.exit(2);
}
if (options === 'help') {
  process.stdout.write(RUNTIME_USAGE);
  process.exit(0);
}

const logger = runtimeLogger(options.logFormat);
let runtime;
try {
  // bin/local.ts and its bundle (dist/local.mjs) both sit one folder below the root.
  const assetsDir = fileURLToPath(new URL('../functions/dashboard/static/', import.meta.url));
  runtime = await startLocalRuntime({ ...options, assetsDir }, logger);
} catch (error) {
  if (error instanceof ConfigError || (error instanceof Error && error.name === 'SignerError')) {
    process.stderr.write(`crosscheck: ${error.message}\n`);
    process.exit(1);
  }
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    process.stderr.write(`crosscheck: port ${options.port} is in use; pick another with --port <n>\n`);
    process.exit(1);
  }
  throw error;
}

process.stdout.write(
  [
    '',
    `CrossCheck is running: probes in ${runtime.regions.join(' and ')}, data in ${runtime.dataDir}`,
    `  dashboard    ${runtime.url}`,
    `  API          ${runtime.url}v1/  (OpenAPI: ${runtime.url}openapi.json)`,
    `  admin token  ${runtime.token}`,
    `               (kept in ${runtime.tokenPath}; send it as 'Authorization: Bearer <token>')`,
    `  alerts       ${runtime.dataDir}/outbox/`,
    '',
    `Note: ${runtime.regions.join(' and ')} are logical regions on this one machine and network: a failure they`,
    'both see may be this network\'s. For a verification from elsewhere, add a probe agent on another machine:',
    '  npx crosscheck agents add <name>   (prints the command to run there), then list <name> in a monitor\'s regions',
    '',
    ...(runtime.monitorCount > 0
      ? [`Watching ${runtime.monitorCount} monitor${runtime.monitorCount === 1 ? '' : 's'}: npx crosscheck monitors list (state changes are logged below)`]
      : [
          'Add a first monitor:',
          '  npx crosscheck monitors add https://example.com --name example',
          `  or: curl -X POST ${runtime.url}v1/monitors -H "Authorization: Bearer $(cat ${runtime.tokenPath})" \\`,
          `       -H 'content-type: application/json' -d '{"name": "example", "url": "https://example.com"}'`,
        ]),
    '',
    '',
  ].join('\n'),
);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping', { signal });
    runtime.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('shutdown failed', { error: String(error) });
        process.exit(1);
      },
    );
  });
}
