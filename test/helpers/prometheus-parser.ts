/**
 * The exposition parsed by a real parser: the Prometheus project's own Python client
 * (`prometheus_client.parser` for the text format, `prometheus_client.openmetrics.parser`
 * for OpenMetrics), which the npm registry has no maintained equivalent of. Debian
 * packages it (python3-prometheus-client); .ci/run installs it. Without it the suites
 * skip with a loud notice, and fail with CI set.
 */
import { spawnSync } from 'node:child_process';

export interface ParsedSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}
export interface ParsedFamily {
  readonly name: string;
  readonly type: string;
  readonly help: string;
  readonly samples: readonly ParsedSample[];
}

const SCRIPT = `
import json, math, sys
from prometheus_client.parser import text_string_to_metric_families as text
from prometheus_client.openmetrics.parser import text_string_to_metric_families as openmetrics
parse = openmetrics if sys.argv[1] == 'openmetrics' else text
out = []
for f in parse(sys.stdin.read()):
    out.append({'name': f.name, 'type': f.type, 'help': f.documentation,
                'samples': [{'name': s.name, 'labels': s.labels, 'value': None if math.isnan(s.value) else s.value} for s in f.samples]})
print(json.dumps(out))
`;

function findPython(): string | null {
  for (const candidate of ['python3', '/usr/bin/python3']) {
    const probe = spawnSync(candidate, ['-c', 'import prometheus_client'], { encoding: 'utf8' });
    if (probe.status === 0) return candidate;
  }
  return null;
}

export const PROMETHEUS_PARSER = (() => {
  const python = findPython();
  return { python, available: python !== null, detail: python === null ? 'no python3 can import prometheus_client (apt-get install python3-prometheus-client)' : python };
})();

/** Parses `body`; throws with the parser's own message when it is not valid exposition text. */
export function parseExposition(body: string, format: 'text' | 'openmetrics'): ParsedFamily[] {
  const run = spawnSync(PROMETHEUS_PARSER.python!, ['-c', SCRIPT, format], { input: body, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`the ${format} parser refused the exposition: ${run.stderr.trim().split('\n').at(-1)}`);
  return JSON.parse(run.stdout) as ParsedFamily[];
}
