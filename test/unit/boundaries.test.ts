/**
 * The architecture as a check (.dependency-cruiser.cjs): the whole tree keeps the rules,
 * and each rule really refuses the import it names (run against small trees made here,
 * so a rule that matches nothing cannot pass unnoticed).
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const config = createRequire(import.meta.url)(join(ROOT, '.dependency-cruiser.cjs')) as { forbidden: unknown[]; options: Record<string, unknown> };

async function violationsIn(baseDir: string, paths: readonly string[]): Promise<readonly IViolation[]> {
  const reporting = await cruise([...paths], { ...config.options, ruleSet: { forbidden: config.forbidden }, validate: true, baseDir } as never);
  return (reporting.output as ICruiseResult).summary.violations;
}

const describeViolation = (v: IViolation) => `${v.rule.name}: ${v.from} -> ${v.to}`;

describe('the dependency rules', () => {
  it('hold for the whole tree', { timeout: 120_000 }, async () => {
    const violations = await violationsIn(ROOT, ['functions', 'bin', 'lib', 'scripts', 'bench']);
    expect(violations.map(describeViolation)).toEqual([]);
  });

  // [importer, imported, the rule that must refuse it]
  const forbidden: readonly [string, string, string][] = [
    ['functions/core/a.ts', 'functions/ports/b.ts', 'core-imports-only-core'],
    ['functions/core/a.ts', 'functions/adapters/aws/b.ts', 'core-imports-only-core'],
    ['functions/ports/a.ts', 'functions/services/b.ts', 'ports-imports-only-core-ports'],
    ['functions/services/a.ts', 'functions/adapters/aws/b.ts', 'services-imports-only-core-ports-services'],
    ['functions/services/a.ts', 'functions/engine/b.ts', 'services-imports-only-core-ports-services'],
    ['functions/engine/a.ts', 'functions/services/b.ts', 'engine-imports-only-core-engine'],
    ['functions/audit/a.ts', 'functions/adapters/local/b.ts', 'audit-imports-only-core-audit'],
    ['functions/adapters/aws/a.ts', 'functions/adapters/local/b.ts', 'adapters-aws-imports-only-core-ports-engine-adapters-common-adapters-aws'],
    ['functions/adapters/aws/a.ts', 'functions/services/b.ts', 'adapters-aws-imports-only-core-ports-engine-adapters-common-adapters-aws'],
    ['functions/adapters/local/a.ts', 'functions/adapters/aws/b.ts', 'adapters-local-imports-only-core-ports-engine-adapters-common-adapters-local'],
    ['functions/adapters/local/a.ts', 'functions/api/b.ts', 'adapters-local-imports-only-core-ports-engine-adapters-common-adapters-local'],
    ['functions/adapters/common/a.ts', 'functions/adapters/aws/b.ts', 'adapters-common-imports-only-core-ports-engine-adapters-common'],
    ['functions/api/a.ts', 'functions/adapters/local/b.ts', 'api-imports-only-core-ports-services-audit-engine-api'],
    ['functions/api/a.ts', 'functions/runtime/b.ts', 'no-import-of-composition-roots'],
    ['functions/services/a.ts', 'functions/lambda/b.ts', 'no-import-of-composition-roots'],
    ['functions/cli/a.ts', 'functions/adapters/local/b.ts', 'cli-imports-only-core-engine-audit-cli'],
    ['lib/a.ts', 'functions/services/b.ts', 'lib-reads-only-shared-definitions'],
    ['lib/a.ts', 'functions/adapters/aws/dynamodb/b.ts', 'lib-reads-only-shared-definitions'],
    ['functions/core/a.ts', 'test/b.ts', 'core-imports-only-core'],
  ];

  // [importer, imported]
  const allowed: readonly [string, string][] = [
    ['functions/ports/a.ts', 'functions/core/b.ts'],
    ['functions/services/a.ts', 'functions/ports/b.ts'],
    ['functions/adapters/aws/a.ts', 'functions/adapters/common/b.ts'],
    ['functions/adapters/local/a.ts', 'functions/engine/b.ts'],
    ['functions/api/a.ts', 'functions/services/b.ts'],
    ['functions/runtime/a.ts', 'functions/adapters/local/b.ts'],
    ['functions/checker/handler.ts', 'functions/adapters/aws/b.ts'],
    ['lib/a.ts', 'functions/adapters/aws/table-design.ts'],
  ];

  async function inTree(from: string, to: string, extra: Record<string, string> = {}): Promise<readonly IViolation[]> {
    const dir = await mkdtemp(join(tmpdir(), 'crosscheck-boundaries-'));
    try {
      const relative = join(...dirname(from).split('/').map(() => '..'), to).replaceAll('\\', '/');
      const files: Record<string, string> = { [from]: `import { b } from './${relative}';\nexport const a = b;\n`, [to]: 'export const b = 1;\n', ...extra };
      for (const [path, text] of Object.entries(files)) {
        await mkdir(dirname(join(dir, path)), { recursive: true });
        await writeFile(join(dir, path), text);
      }
      return await violationsIn(dir, [from.split('/')[0]!, ...(to.split('/')[0] === from.split('/')[0] ? [] : [to.split('/')[0]!])]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  it.each(forbidden)('refuse %s -> %s (%s)', async (from, to, rule) => {
    const violations = await inTree(from, to);
    expect(violations.map((v) => v.rule.name)).toContain(rule);
  });

  it.each(allowed)('allow %s -> %s', async (from, to) => {
    expect((await inTree(from, to)).map(describeViolation)).toEqual([]);
  });

  it('keeps I/O out of the core: node:fs is refused, node:crypto is allowed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'crosscheck-boundaries-'));
    try {
      await mkdir(join(dir, 'functions/core'), { recursive: true });
      await writeFile(join(dir, 'functions/core/a.ts'), "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n");
      await writeFile(join(dir, 'functions/core/b.ts'), "import { createHash } from 'node:crypto';\nexport const b = createHash;\n");
      const violations = await violationsIn(dir, ['functions']);
      expect(violations.map(describeViolation)).toEqual(['core-has-no-io: functions/core/a.ts -> fs']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
