/**
 * The systemd units in deploy/systemd/ against the code they start: the runtime's flags
 * must be ones it accepts, the V8 flags those `npm start` uses, the bundle the one
 * `npm run build` writes, and the backup must read the folder the service writes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRuntimeOptions } from '../../functions/runtime/options.ts';

const unit = (name: string) => readFileSync(new URL(`../../deploy/systemd/${name}`, import.meta.url), 'utf8');
const setting = (text: string, key: string): string => {
  const line = text.split('\n').find((l) => l.startsWith(`${key}=`));
  if (line === undefined) throw new Error(`no ${key}= line`);
  return line.slice(key.length + 1);
};
const startScript = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> }).scripts['start']!;

describe('deploy/systemd', () => {
  const service = unit('crosscheck.service');
  const [node, ...argv] = setting(service, 'ExecStart').split(/\s+/);
  const bundleAt = argv.findIndex((arg) => arg.endsWith('.mjs'));

  it('runs the bundle npm run build writes, with the V8 flags npm start uses', () => {
    expect(node).toMatch(/^\/.+\/node$/);
    expect(argv[bundleAt]).toBe(`${setting(service, 'WorkingDirectory')}/dist/local.mjs`);
    const v8Flags = startScript.split(/\s+/).filter((word) => word.startsWith('--'));
    expect(argv.slice(0, bundleAt)).toEqual(v8Flags);
  });

  it('passes only flags the runtime accepts, with its data in the state folder systemd makes for it', () => {
    const options = parseRuntimeOptions(argv.slice(bundleAt + 1), {});
    expect(options).not.toBe('help');
    if (options === 'help') return;
    expect(options.dataDir).toBe(`/var/lib/${setting(service, 'StateDirectory')}`);
    expect(options.host).toBe('127.0.0.1');
  });

  it('backs up the folder the service writes, into a folder systemd makes for the backup', () => {
    const backup = unit('crosscheck-backup.service');
    const command = setting(backup, 'ExecStart');
    expect(command).toMatch(/ backup \/var\/lib\/crosscheck-backups\/crosscheck-.+\.tar\.gz --data-dir \/var\/lib\/crosscheck'$/);
    expect(setting(backup, 'StateDirectory').split(' ')).toEqual(['crosscheck', 'crosscheck-backups']);
    expect(setting(backup, 'User')).toBe(setting(service, 'User'));
    expect(unit('crosscheck-backup.timer')).toMatch(/^OnCalendar=daily$/m);
  });
});

/** systemd's own check of the units, where systemd-analyze is installed (node's path swapped for one that exists). */
const analyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
describe.skipIf(analyze.error !== undefined)('deploy/systemd, checked by systemd-analyze verify', () => {
  it('has no error systemd can see', () => {
    const dir = mkdtempSync(join(tmpdir(), 'crosscheck-units-'));
    try {
      const names = ['crosscheck.service', 'crosscheck-backup.service', 'crosscheck-backup.timer'];
      for (const name of names) writeFileSync(join(dir, name), unit(name).replaceAll('/usr/local/bin/node', process.execPath));
      const out = spawnSync('systemd-analyze', ['verify', '--man=no', ...names.map((n) => join(dir, n))], { encoding: 'utf8' });
      expect(`${out.stdout}${out.stderr}`.trim()).toBe('');
      expect(out.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
