/** `crosscheck agent --hub <url> --token <token> --location <name>`: run a probe agent until SIGTERM/SIGINT. */
import { AGENT_TOKEN_PATTERN } from '../core/agents/agent.ts';
import { REGION_NAME_PATTERN } from '../core/region.ts';
import { assertValidAddressPolicy, PROBE_VERSION, type AddressPolicy } from '../engine/index.ts';
import { loadOrCreateAgentKey } from './agent/key-file.ts';
import { runAgent } from './agent/run-agent.ts';
import { parseFlags, seeHelp, wantsHelp } from './flags.ts';
import { type CliIo, EXIT_FAILED, EXIT_USAGE, UsageError } from './io.ts';

export const AGENT_USAGE = `crosscheck agent --hub <url> --token <token> --location <name> [options]
  Joins a CrossCheck hub as the probe location <name>: pulls the checks due there
  (outbound HTTP(S) long-poll: no inbound port), runs them with the CrossCheck engine
  and signs every result with this agent's own P-256 key before posting it.
  'crosscheck agents add <name>' on the hub prints this command with a fresh token.

      --hub <url>            the hub's API (default $CROSSCHECK_HUB)
      --token <token>        the agent token (default $CROSSCHECK_AGENT_TOKEN)
      --location <name>      the name the agent was enrolled with
      --data-dir <dir>       where the agent's key is kept (default ./.crosscheck-agent)
      --allow-private        allow checks of loopback and private addresses (10/8,
                             192.168/16, ...); refused by default, like in the cloud
      --allow-range <cidr>   allow one private range only, repeatable
      --buffer <n>           signed results kept while the hub is unreachable (default 1000;
                             the oldest are dropped first, and counted)
      --concurrency <n>      checks at once (default 50)
  Link-local and cloud metadata addresses are always refused.
  Exit 0: stopped by SIGTERM/SIGINT. 1: the token was refused (revoked?), or the key.
  2: usage error.
`;

const OPTIONS = {
  hub: { type: 'string' },
  token: { type: 'string' },
  location: { type: 'string' },
  'data-dir': { type: 'string' },
  'allow-private': { type: 'boolean' },
  'allow-range': { type: 'string', multiple: true },
  buffer: { type: 'string' },
  concurrency: { type: 'string' },
} as const;

export interface AgentCommandIo extends CliIo {
  /** Aborted to stop the agent (SIGTERM/SIGINT in the real process). */
  readonly signal?: AbortSignal;
}

export async function agentCommand(argv: string[], io: AgentCommandIo): Promise<number> {
  if (wantsHelp(argv)) {
    io.stdout.write(AGENT_USAGE);
    return 0;
  }
  let settings: ReturnType<typeof parse>;
  try {
    settings = parse(argv, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`crosscheck agent: ${error.message}\n${seeHelp('agent')}`);
    return EXIT_USAGE;
  }
  let key;
  try {
    key = await loadOrCreateAgentKey(settings.dataDir);
  } catch (error) {
    io.stderr.write(`crosscheck agent: ${(error as Error).message}\n`);
    return EXIT_FAILED;
  }
  const log = (event: string, fields: Readonly<Record<string, unknown>> = {}) =>
    io.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), agent: settings.location, event, ...fields })}\n`);
  if (key.created) log('key created', { path: key.path, kid: key.publicJwk.kid });
  const signal = io.signal ?? processSignal();
  const { exitCode } = await runAgent({
    hub: settings.hub,
    token: settings.token,
    location: settings.location,
    key,
    policy: settings.policy,
    version: PROBE_VERSION,
    bufferSize: settings.buffer,
    concurrency: settings.concurrency,
    signal,
    log,
    ...(io.fetch ? { fetch: io.fetch } : {}),
  });
  return exitCode;
}

function parse(argv: string[], io: CliIo) {
  const { values, positionals } = parseFlags(argv, OPTIONS);
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const env = io.env ?? process.env;
  const hub = values.hub ?? env.CROSSCHECK_HUB;
  const token = values.token ?? env.CROSSCHECK_AGENT_TOKEN;
  const location = values.location;
  if (!hub) throw new UsageError('--hub <url> is required (or set CROSSCHECK_HUB)');
  try {
    const url = new URL(hub);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error();
  } catch {
    throw new UsageError(`--hub '${hub}': must be an http or https URL`);
  }
  if (!token) throw new UsageError('--token <token> is required (or set CROSSCHECK_AGENT_TOKEN); crosscheck agents add <name> prints one');
  if (!AGENT_TOKEN_PATTERN.test(token)) throw new UsageError('--token: not an agent token (cca_ followed by 43 characters)');
  if (!location) throw new UsageError('--location <name> is required: the name the agent was enrolled with');
  if (!REGION_NAME_PATTERN.test(location)) throw new UsageError(`--location '${location}': must be a location name (lower-case letters, digits and dashes)`);
  const policy: AddressPolicy = { allowPrivate: values['allow-private'] ?? false, allowedRanges: values['allow-range'] ?? [] };
  try {
    assertValidAddressPolicy(policy);
  } catch (error) {
    throw new UsageError(`--allow-range: ${(error as Error).message}`);
  }
  return {
    hub,
    token,
    location,
    policy,
    dataDir: values['data-dir'] ?? '.crosscheck-agent',
    buffer: positiveInt('--buffer', values.buffer, 1000),
    concurrency: positiveInt('--concurrency', values.concurrency, 50),
  };
}

function positiveInt(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 100_000) throw new UsageError(`${flag} '${text}': must be a whole number from 1 to 100000`);
  return n;
}

/** Aborted on the first SIGTERM or SIGINT. */
function processSignal(): AbortSignal {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return controller.signal;
}
