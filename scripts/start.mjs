#!/usr/bin/env node
// `npm start`: bundles the local runtime (bin/local.ts) into dist/local.mjs with
// esbuild (scripts/build-local.mjs), then runs it in this same process. Running a bundle
// instead of the TypeScript sources skips Node's type stripper and loads one small file:
// about 40 MB less resident memory, which matters for a monitor meant to sit on a small
// box (see "Measured figures" in the README). Plain JavaScript on purpose: this file
// must not need the type stripper itself.
import { pathToFileURL } from 'node:url';
import { buildLocal } from './build-local.mjs';

await import(pathToFileURL(await buildLocal()).href);
