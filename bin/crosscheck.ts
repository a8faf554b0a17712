#!/usr/bin/env node
// The `crosscheck` command: a thin dispatcher; each subcommand lives in functions/cli.
import { runCli } from '../functions/cli/main.ts';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
});
