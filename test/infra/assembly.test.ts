/**
 * The real cloud assembly, bundles included, as `npm run synth` writes it: every
 * function is an ESM bundle with its source map, the api's bundle carries the
 * dashboard, and cfn-lint passes on every template with the checked-in config.
 *
 * cfn-lint is a Python tool: CI installs it and must run it; elsewhere, without it, the
 * lint test says so loudly and is skipped.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../lib/crosscheck-function.ts';
import { synthApp, type Synthesized } from './synth-app.ts';

const run = promisify(execFile);

async function hasCfnLint(): Promise<boolean> {
  try {
    await run('cfn-lint', ['--version']);
    return true;
  } catch {
    return false;
  }
}

const cfnLint = await hasCfnLint();
if (!cfnLint) {
  const message = '\n!!! cfn-lint is not installed: the CloudFormation lint test is SKIPPED (pip install cfn-lint). CI must have it.\n';
  if (process.env['CI']) throw new Error(message);
  console.warn(message);
}

let outdir: string;
let synth: Synthesized;
beforeAll(async () => {
  outdir = await mkdtemp(join(tmpdir(), 'crosscheck-assembly-'));
  synth = synthApp({ outdir, bundle: true });
}, 180_000);
afterAll(async () => {
  await rm(outdir, { recursive: true, force: true });
});

/** The asset folder of a function's code: `asset.<hash>` for the `<hash>.zip` it is uploaded as. */
function assetOf(logicalId: string, template: Record<string, any>): string {
  const key = template['Resources'][logicalId]['Properties']['Code']['S3Key'] as string;
  return join(outdir, `asset.${key.replace(/\.zip$/, '')}`);
}

describe('the synthesized assembly', () => {
  it('has a minified ESM bundle with a source map for every function', () => {
    let functions = 0;
    for (const template of synth.all) {
      const json = template.toJSON() as Record<string, any>;
      for (const [id, resource] of Object.entries(json['Resources'] as Record<string, any>)) {
        if (resource.Type !== 'AWS::Lambda::Function') continue;
        functions++;
        const folder = assetOf(id, json);
        expect(readdirSync(folder).filter((f) => f !== 'static').sort(), id).toEqual(['index.mjs', 'index.mjs.map']);
        const code = readFileSync(join(folder, 'index.mjs'), 'utf8');
        expect(code.startsWith("import { createRequire } from 'node:module';"), id).toBe(true);
        // node:http only through CommonJS (lib/bundling.ts): its ES module facade would load undici on every cold start.
        expect(code, id).not.toMatch(/from\s*["'](node:)?http["']/);
      }
    }
    expect(functions).toBe(4 + 3 * synth.probes.size);
  });

  it('ships the dashboard beside the api bundle', () => {
    const json = synth.home.toJSON() as Record<string, any>;
    const api = Object.keys(json['Resources']).find((id) => id.startsWith('Api') && json['Resources'][id].Type === 'AWS::Lambda::Function')!;
    const shipped = readdirSync(join(assetOf(api, json), 'static')).sort();
    expect(shipped).toEqual(readdirSync(join(PROJECT_ROOT, 'functions/dashboard/static')).sort());
    expect(shipped).toContain('index.html');
  });

  it.skipIf(!cfnLint)('passes cfn-lint on every template with the checked-in .cfnlintrc.yaml', async () => {
    const templates = readdirSync(outdir).filter((f) => f.endsWith('.template.json'));
    expect(templates).toHaveLength(1 + synth.probes.size);
    expect(existsSync(join(PROJECT_ROOT, '.cfnlintrc.yaml'))).toBe(true);
    const lint = await run('cfn-lint', templates.map((f) => join(outdir, f)), { cwd: PROJECT_ROOT }).then(
      (out) => ({ code: 0, output: out.stdout + out.stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: error.stdout + error.stderr }),
    );
    expect(lint.output).toBe('');
    expect(lint.code).toBe(0);
  }, 120_000);
});
