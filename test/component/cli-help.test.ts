/** The CLI as a newcomer meets it: every command and subcommand answers --help with exit 0, usage errors say where the options are. */
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../functions/cli/io.ts';
import { runCli } from '../../functions/cli/main.ts';

function capture(): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, env: {}, out: () => out, err: () => err };
}

const COMMANDS = [
  ['check'],
  ['monitors'],
  ['monitors', 'list'],
  ['monitors', 'show'],
  ['monitors', 'add'],
  ['monitors', 'delete'],
  ['incidents'],
  ['incidents', 'list'],
  ['incidents', 'show'],
  ['import'],
  ['ledger'],
  ['ledger', 'verify'],
  ['ledger', 'export'],
];

describe('crosscheck --help', () => {
  it.each(COMMANDS)('%s %s --help and -h: exit 0, the usage on standard output', async (...command) => {
    for (const flag of ['--help', '-h']) {
      const io = capture();
      // monitors list --help and monitors delete --help used to exit 2 with "Unknown option '--help'".
      expect(await runCli([...command, flag], io)).toBe(0);
      expect(io.err()).toBe('');
      expect(io.out()).toContain(`crosscheck ${command.join(' ')}`);
    }
  });

  it.each(COMMANDS)("crosscheck help %s %s is the same as --help", async (...command) => {
    const viaHelp = capture();
    const viaFlag = capture();
    expect(await runCli(['help', ...command], viaHelp)).toBe(0);
    expect(await runCli([...command, '--help'], viaFlag)).toBe(0);
    expect(viaHelp.out()).toBe(viaFlag.out());
  });

  it('--help after other arguments still answers, and nothing is run', async () => {
    const io = capture();
    expect(await runCli(['monitors', 'delete', 'some-id', '--help'], io)).toBe(0);
    expect(io.out()).toContain('crosscheck monitors delete <id|name>');
  });

  it('the top-level usage lists every command, the duration syntax and the exit codes', async () => {
    const io = capture();
    expect(await runCli(['--help'], io)).toBe(0);
    for (const text of ['monitors list|show|add|delete', 'incidents list|show', 'import <file.yaml>', 'ledger verify', 'ledger export', '30s, 1m, 1h30m', 'Exit codes: 0']) {
      expect(io.out()).toContain(text);
    }
  });

  it.each([
    [['monitors', 'list', '--frob'], "crosscheck monitors: Unknown option '--frob'\nrun 'crosscheck monitors list --help' for its options\n"],
    [['monitors', 'show'], "crosscheck monitors: missing <id|name>\nrun 'crosscheck monitors show --help' for its options\n"],
    [['monitors', 'frobnicate'], "crosscheck monitors: unknown subcommand 'monitors frobnicate' (expected list, show, add or delete)\nrun 'crosscheck monitors --help' for its options\n"],
    [['incidents', 'show'], "crosscheck incidents: missing <id>\nrun 'crosscheck incidents show --help' for its options\n"],
    [['import'], "crosscheck import: missing <file.yaml>\nrun 'crosscheck import --help' for its options\n"],
    [['ledger', 'verify', 'a.json', '--jwks'], "crosscheck ledger: --jwks needs a value\nrun 'crosscheck ledger verify --help' for its options\n"],
    [['monitors', 'add', 'http://x.example/', '--interval', 'soon'], "crosscheck monitors: --interval 'soon': expected a duration such as 30s, 1m or 1h30m, or whole seconds (from 10s to 1h)\nrun 'crosscheck monitors add --help' for its options\n"],
  ])('%j is exit 2 with one readable message', async (argv, message) => {
    const io = capture();
    expect(await runCli(argv, io)).toBe(2);
    expect(io.err()).toBe(message);
    expect(io.out()).toBe('');
  });
});
