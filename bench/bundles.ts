/**
 * Issue 5 benchmark: each Lambda function's bundle, built with the deployment's own
 * esbuild settings (lib/bundling.ts), and the time to load it in a fresh Node process.
 *
 * Both ways of treating the AWS SDK are built and measured: bundled (what deploys, see
 * SDK_BUNDLING) and external (the SDK resolved from node_modules, as it would be from
 * the Lambda runtime). Load time is `await import(bundle)` in a new `node` process with
 * `--enable-source-maps` (as NODE_OPTIONS sets it in Lambda), the median of several
 * runs, interleaved across functions so that a noisy moment spreads over all of them.
 * Targets: at most 300 KB per bundle, at most 100 ms to load.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { bundleSettings, FUNCTION_FOLDERS, SDK_BUNDLING, type FunctionFolder, type SdkBundling } from '../lib/bundling.ts';
import { PROJECT_ROOT } from '../lib/crosscheck-function.ts';
import { markdownTable } from './table.ts';

const SIZE_TARGET_KB = 300;
const LOAD_TARGET_MS = 100;
const RUNS = Number(process.env.BENCH_BUNDLE_RUNS ?? 9);
/** Inside the project, so that an external SDK resolves from its node_modules. */
const OUT = join(PROJECT_ROOT, 'node_modules/.cache/crosscheck-bench/bundles');
const VARIANTS: readonly SdkBundling[] = ['bundled', 'external'];

interface Built {
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly mapBytes: number;
}

export async function buildBundle(folder: FunctionFolder, sdk: SdkBundling): Promise<Built> {
  const settings = bundleSettings(sdk);
  const file = join(OUT, sdk, folder, 'index.mjs');
  await build({
    absWorkingDir: PROJECT_ROOT,
    entryPoints: [join(PROJECT_ROOT, 'functions', folder, 'handler.ts')],
    outfile: file,
    bundle: true,
    format: settings.format,
    platform: settings.platform,
    target: settings.target,
    mainFields: [...settings.mainFields],
    minify: settings.minify,
    sourcemap: settings.sourcemap,
    sourcesContent: settings.sourcesContent,
    banner: { js: settings.banner },
    alias: { ...settings.alias },
    external: [...settings.external],
    logLevel: 'error',
  });
  const code = readFileSync(file);
  return { file, bytes: code.byteLength, gzipBytes: gzipSync(code, { level: 9 }).byteLength, mapBytes: statSync(`${file}.map`).size };
}

/** Milliseconds to `import()` the bundle in a fresh process (module load and top-level code). */
function loadOnce(file: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - t));`;
  const run = spawnSync(process.execPath, ['--enable-source-maps', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: {
      PATH: process.env['PATH'] ?? '',
      AWS_REGION: 'eu-west-1',
      POWERTOOLS_SERVICE_NAME: 'crosscheck-bench',
      POWERTOOLS_METRICS_NAMESPACE: 'CrossCheck',
    },
  });
  if (run.status !== 0) throw new Error(`loading ${file} failed: ${run.stderr}`);
  return Number(run.stdout);
}

const median = (values: readonly number[]) => {
  const sorted = values.toSorted((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const kb = (bytes: number) => (bytes / 1024).toFixed(0);

export interface BundleMeasurement {
  readonly folder: FunctionFolder;
  readonly sdk: SdkBundling;
  readonly built: Built;
  readonly loadMs: readonly number[];
}

export async function measureBundles(runs = RUNS): Promise<BundleMeasurement[]> {
  rmSync(OUT, { recursive: true, force: true });
  const measured: { folder: FunctionFolder; sdk: SdkBundling; built: Built; loadMs: number[] }[] = [];
  for (const sdk of VARIANTS) for (const folder of FUNCTION_FOLDERS) measured.push({ folder, sdk, built: await buildBundle(folder, sdk), loadMs: [] });
  for (let run = 0; run < runs; run += 1) for (const m of measured) m.loadMs.push(loadOnce(m.built.file));
  return measured;
}

export async function benchBundles(): Promise<string> {
  const load0 = loadavg()[0] ?? 0;
  const measured = await measureBundles();
  const of = (folder: FunctionFolder, sdk: SdkBundling) => measured.find((m) => m.folder === folder && m.sdk === sdk)!;
  const mark = (ok: boolean) => (ok ? '' : ' ✗');
  const rows = FUNCTION_FOLDERS.map((folder) => {
    const cells: string[] = [folder];
    for (const sdk of VARIANTS) {
      const m = of(folder, sdk);
      const ms = median(m.loadMs);
      cells.push(
        `${kb(m.built.bytes)}${mark(m.built.bytes <= SIZE_TARGET_KB * 1024)}`,
        kb(m.built.gzipBytes),
        `${ms.toFixed(0)}${mark(ms <= LOAD_TARGET_MS)} (${Math.min(...m.loadMs).toFixed(0)}–${Math.max(...m.loadMs).toFixed(0)})`,
      );
    }
    return cells;
  });
  const deployed = measured.filter((m) => m.sdk === SDK_BUNDLING);
  const overSize = deployed.filter((m) => m.built.bytes > SIZE_TARGET_KB * 1024).map((m) => m.folder);
  const overLoad = deployed.filter((m) => median(m.loadMs) > LOAD_TARGET_MS).map((m) => m.folder);
  return [
    markdownTable(
      ['function', 'SDK bundled: KB', 'gzip KB', 'load ms, median (min–max)', 'SDK external: KB', 'gzip KB', 'load ms, median (min–max)'],
      rows,
    ),
    '',
    `Deployed: SDK ${SDK_BUNDLING} (lib/bundling.ts). Targets: <= ${SIZE_TARGET_KB} KB per bundle, <= ${LOAD_TARGET_MS} ms to load; ✗ marks a miss.`,
    `Load = \`await import()\` of the bundle in a fresh \`node --enable-source-maps\` (${process.version}), ${RUNS} runs each, interleaved; external = @aws-sdk/* from node_modules.`,
    `This machine: ${process.env['BENCH_MACHINE'] ?? `${(await import('node:os')).cpus().length} CPUs`}, load average ${load0.toFixed(2)} at the start.`,
    overSize.length + overLoad.length === 0
      ? 'Every deployed bundle meets both targets.'
      : `Deployed bundles missing a target: ${[...overSize.map((f) => `${f} (size)`), ...overLoad.map((f) => `${f} (load)`)].join(', ')}.`,
  ].join('\n');
}
