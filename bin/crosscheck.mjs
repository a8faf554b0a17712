#!/usr/bin/env node
// The `crosscheck` command as npm installs it: plain JavaScript, so that it runs on any
// Node. On Node 22.18 or newer it loads the CLI (crosscheck.ts) in this process; on an
// older one it runs it with Node 24, fetched once from the npm registry, or says in one
// line what to do (scripts/suitable-node.cjs).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { isSuitable, runWithSuitableNode } = require('../scripts/suitable-node.cjs');

if (isSuitable(process.versions.node)) {
  await import('./crosscheck.ts');
} else {
  runWithSuitableNode([fileURLToPath(new URL('./crosscheck.ts', import.meta.url)), ...process.argv.slice(2)]);
}
