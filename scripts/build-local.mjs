#!/usr/bin/env node
// `npm run build`: bundles the local runtime (bin/local.ts) into dist/local.mjs with
// esbuild, the one file `npm start` runs and a systemd unit runs directly (see
// deploy/systemd/). The bundle holds every dependency: running it needs Node and the
// checkout's functions/dashboard/static/ beside it, no node_modules.
// Plain JavaScript on purpose: this file must not need the type stripper itself.
import { build, stop } from 'esbuild';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const LOCAL_BUNDLE = fileURLToPath(new URL('../dist/local.mjs', import.meta.url));

export async function buildLocal() {
  const { outputFiles } = await build({
    entryPoints: [fileURLToPath(new URL('../bin/local.ts', import.meta.url))],
    outfile: LOCAL_BUNDLE,
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    minify: true,
    sourcemap: 'linked',
    // Some dependencies still call require(); give the ESM bundle one.
    banner: { js: "import { createRequire as __crosscheckRequire } from 'node:module'; const require = __crosscheckRequire(import.meta.url);" },
    logLevel: 'warning',
    write: false,
  });
  // esbuild's API runs a service process that stays until stopped: about 18 MiB resident
  // for the whole life of the runtime otherwise.
  await stop();
  // Write each file under a temporary name and rename it: two runtimes starting at once
  // (the second is then refused by the data-folder lock) never load a half-written bundle.
  mkdirSync(dirname(LOCAL_BUNDLE), { recursive: true });
  for (const file of outputFiles) {
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
  return LOCAL_BUNDLE;
}

// Run as a command (import.meta.main would need Node 24.2).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(`wrote ${await buildLocal()}`);
}
