// Which Node runs CrossCheck. Plain CommonJS on purpose: it must run on the old Node it
// is there to replace. CrossCheck needs Node 22.18 or newer (node:sqlite, type stripping);
// on an older Node the README's commands fetch Node 24 from the npm registry once (the
// registry's `node` package ships a real binary), exactly as .ci/run does, and run with
// it; where that cannot be done they stop with one line that says what to do.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { homedir } = require('node:os');
const { join } = require('node:path');

const MINIMUM = [22, 18];
const WANTED = '24';

function isSuitable(version) {
  const [major, minor] = String(version).replace(/^v/, '').split('.').map(Number);
  return major > MINIMUM[0] || (major === MINIMUM[0] && minor >= MINIMUM[1]);
}

function cachePrefix() {
  return process.env.CROSSCHECK_NODE_PREFIX || join(homedir(), '.cache', `crosscheck-node${WANTED}`);
}

function fail(line) {
  process.stderr.write(`crosscheck: ${line}\n`);
  process.exit(1);
}

/** The path of a Node that can run CrossCheck: this one, or Node 24 from the npm registry (fetched once). */
function suitableNode() {
  if (isSuitable(process.versions.node)) return process.execPath;
  const advice = `CrossCheck needs Node ${MINIMUM.join('.')} or newer and this is Node ${process.versions.node}: install Node ${WANTED} (\`nvm install\` reads .nvmrc) and run the command again.`;
  if (process.env.CROSSCHECK_NO_NODE_DOWNLOAD === '1') fail(advice);
  const prefix = cachePrefix();
  const node = join(prefix, 'node_modules', '.bin', 'node');
  if (!existsSync(node)) {
    process.stderr.write(`crosscheck: this is Node ${process.versions.node}; fetching Node ${WANTED} from the npm registry into ${prefix} (once)...\n`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const install = spawnSync(npm, ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', `node@${WANTED}`], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (install.status !== 0 || !existsSync(node)) fail(advice);
  }
  const probe = spawnSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' });
  if (probe.status !== 0 || !isSuitable(probe.stdout.trim())) fail(advice);
  return node;
}

/**
 * Runs `args` (node flags, a script, its arguments) with a suitable Node: in this very
 * process where Node can replace its image (process.execve: same pid, same signals,
 * no second process's memory), else as a child whose exit code and signals pass through.
 */
function runWithSuitableNode(args) {
  const node = suitableNode();
  if (node === process.execPath && typeof process.execve === 'function') {
    process.execve(node, [node, ...args], process.env);
  }
  const child = require('node:child_process').spawn(node, args, { stdio: 'inherit' });
  // Ctrl-C reaches the child from the terminal itself (same process group): only stay alive for it.
  process.on('SIGINT', () => {});
  for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (signal) process.kill(process.pid, signal);
    else process.exit(code === null ? 1 : code);
  });
}

module.exports = { MINIMUM, isSuitable, suitableNode, runWithSuitableNode };

if (require.main === module) runWithSuitableNode(process.argv.slice(2));
