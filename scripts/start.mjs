#!/usr/bin/env node
// `npm start`: bundles the local runtime (bin/local.ts) into dist/local.mjs with
// esbuild, then runs it in this same process. Running a bundle instead of the
// TypeScript sources skips Node's type stripper and loads one small file: about 40 MB
// less resident memory, which matters for a monitor meant to sit on a small box
// (see "Measured figures" in the README). Plain JavaScript on purpose: this file must
// not need the type stripper itself.
import { build, stop } from 'esbuild';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outfile = fileURLToPath(new URL('../dist/local.mjs', import.meta.url));

const { outputFiles } = await build({
  entryPoints: [fileURLToPath(new URL('../bin/local.ts', import.meta.url))],
  outfile,
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
mkdirSync(dirname(outfile), { recursive: true });
for (const file of outputFiles) {
  const temporary = `${file.path}.${process.pid}.tmp`;
  writeFileSync(temporary, file.contents);
  renameSync(temporary, file.path);
}

await import(pathToFileURL(outfile).href);
