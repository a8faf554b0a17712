/** YAML aliases the yaml library refuses while resolving them are bad input, named as such (found by test/fuzz/gatus-config.test.ts). */
import { describe, expect, it } from 'vitest';
import { parseConfigFile } from '../../functions/core/gatus-config.ts';
import { issuesOf } from '../helpers/validation.ts';

describe('parseConfigFile and YAML aliases', () => {
  it('an alias to an anchor that is not set is a ValidationError', () => {
    expect(issuesOf(() => parseConfigFile('endpoints:\n  - <<: *base\n    name: x\n'))).toEqual([
      ': YAML: Unresolved alias (the anchor must be set before the alias): base',
    ]);
  });

  it('an alias expansion past the limit ("billion laughs") is a ValidationError', () => {
    const levels = ['l0: &l0 [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 6; i++) levels.push(`l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(', ')}]`);
    expect(issuesOf(() => parseConfigFile(`${levels.join('\n')}\nendpoints: []\n`))).toEqual([
      ': YAML: Excessive alias count indicates a resource exhaustion attack',
    ]);
  });

  it('aliases within the limit still work', () => {
    const text = 'endpoints:\n  - {name: shop, url: "https://shop.example.test/", tags: &tags [shop, eu]}\n  - {name: shop2, url: "https://shop.example.test/2", tags: *tags}\n';
    expect(parseConfigFile(text).monitors.map((m) => [m.name, m.tags])).toEqual([['shop', ['shop', 'eu']], ['shop2', ['shop', 'eu']]]);
  });
});
