/**
 * The transparency-log side of `crosscheck ledger`: `verify --checkpoint` (the tree
 * recomputed from the entries against a signed checkpoint, and `--since-checkpoint`, an
 * older one, so a rewrite since then is caught), `proof` (an incident's entries proven
 * against the log's checkpoint) and `watch` (a cron-able monitor that keeps the last
 * verified checkpoint and checks every new one extends it). Exit 0 holds, 1 failed
 * (naming what), 2 bad input.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import * as z from 'zod';
import { checkpointFollows, entriesMatchCheckpoint, entryIncluded, parseVerifierKeys, verifyCheckpointNote, type LogCheck } from '../audit/log-audit.ts';
import { decodeLedgerJws } from '../core/ledger/jws.ts';
import type { Checkpoint } from '../core/tlog/checkpoint.ts';
import type { VerifierKey } from '../core/tlog/note.ts';
import { parseHashLines, parseTlogProof } from '../core/tlog/proof-text.ts';
import { EXIT_FAILED, EXIT_OK, type CliIo, UsageError } from './io.ts';
import { InputError, isUrl } from './ledger-source.ts';

export const PROOF_USAGE = `crosscheck ledger proof <api-url> <incident-id> --vkey <vkey|file|url>
  Fetches the incident's inclusion proofs (GET /v1/incidents/<id>/proof) and checks,
  with nothing but the log's verifier keys: the checkpoint's signature, each entry's
  inclusion in it (RFC 6962), and that each entry is about this incident.
      --vkey <vkey|file|url>  the log's note verifier key(s): a vkey, a file of them one a
                              line, or <api-url>/ledger/vkeys (trusting that API) (required)
      --json                  print the result as JSON
  Exit 0: proven. 1: a check failed (named). 2: usage or input error.
`;

export const WATCH_USAGE = `crosscheck ledger watch <api-url> --state <file> --vkey <vkey|file|url>
  For cron: fetches the log's checkpoint, verifies its signature and that it extends the
  last verified one kept in <file> (a consistency proof from GET /v1/ledger/consistency),
  then keeps the new one. The first run only records it.
      --state <file>          where the last verified checkpoint is kept (required)
      --vkey <vkey|file|url>  the log's note verifier key(s) (required)
  Exit 0: the log grew consistently (or did not move). 1: it forked, shrank or no longer
  verifies (the sizes are named; the state file is left as it was). 2: usage or input error.
`;

/** Text of a file or a URL; InputError when it cannot be read. */
export async function readSource(source: string, fetchFn: typeof fetch): Promise<string> {
  if (isUrl(source)) {
    let response: Response;
    try {
      response = await fetchFn(source);
    } catch (error) {
      throw new InputError(`cannot fetch ${source}: ${(error as Error).message}`, { cause: error });
    }
    if (!response.ok) throw new InputError(`cannot fetch ${source}: HTTP ${response.status}`);
    return response.text();
  }
  try {
    return await readFile(source, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read ${source}: ${(error as Error).message}`, { cause: error });
  }
}

/** A literal vkey, a file of vkeys or a URL of them. */
export async function loadVerifierKeys(source: string | undefined, fetchFn: typeof fetch): Promise<VerifierKey[]> {
  if (source === undefined) throw new UsageError("--vkey is required: the log's note verifier key (see <api-url>/ledger/vkeys, or the deploy output)");
  const literal = !isUrl(source) && /^[^\s+]+\+[0-9a-f]{8}\+/.test(source);
  const text = literal ? source : await readSource(source, fetchFn);
  try {
    return parseVerifierKeys(text);
  } catch (error) {
    throw new InputError(`--vkey ${literal ? '' : `${source}: `}${(error as Error).message}`);
  }
}

const apiBase = (apiUrl: string): string => apiUrl.replace(/\/+$/, '');

export interface LogVerifyResult {
  readonly checks: readonly string[];
  readonly failure: string | null;
  readonly checkpoint: { readonly origin: string; readonly size: number } | null;
}

/** `ledger verify --checkpoint [--since-checkpoint]`: both checkpoints signed, both roots recomputed from the entries. */
export async function verifyAgainstCheckpoints(
  jws: readonly string[],
  options: { checkpoint: string; since?: string | undefined; vkey: string | undefined },
  fetchFn: typeof fetch,
): Promise<LogVerifyResult> {
  const keys = await loadVerifierKeys(options.vkey, fetchFn);
  const checks: string[] = [];
  const step = (check: LogCheck, ok: string): Checkpoint | null => {
    if (!check.ok) return null;
    checks.push(ok);
    return check.checkpoint;
  };
  const current = verifyCheckpointNote(await readSource(options.checkpoint, fetchFn), keys);
  if (!current.ok) return { checks, failure: current.reason, checkpoint: null };
  const checkpoint = current.checkpoint;
  step(current, `checkpoint of ${checkpoint.origin} at size ${checkpoint.size}: signature verified`);
  const match = entriesMatchCheckpoint(jws, checkpoint);
  if (!step(match, `tree of entries 1..${checkpoint.size} recomputed: root matches the checkpoint`)) return { checks, failure: (match as { reason: string }).reason, checkpoint };
  if (options.since !== undefined) {
    const old = verifyCheckpointNote(await readSource(options.since, fetchFn), keys, 'the older checkpoint');
    if (!old.ok) return { checks, failure: old.reason, checkpoint };
    if (old.checkpoint.size > checkpoint.size) return { checks, failure: `the log shrank: the older checkpoint has size ${old.checkpoint.size}, the current ${checkpoint.size}`, checkpoint };
    const same = entriesMatchCheckpoint(jws, old.checkpoint, 'the older checkpoint');
    if (!same.ok) return { checks, failure: `${same.reason} (between sizes ${old.checkpoint.size} and ${checkpoint.size})`, checkpoint };
    checks.push(`older checkpoint at size ${old.checkpoint.size}: the same entries give its root, so nothing before it was rewritten`);
  }
  return { checks, failure: null, checkpoint: { origin: checkpoint.origin, size: checkpoint.size } };
}

const IncidentProofsSchema = z.object({
  incidentId: z.string(),
  checkpoint: z.string(),
  proofs: z.array(z.object({ seq: z.number().int().min(1), jws: z.string(), proof: z.string() })),
});

async function getJson(url: string, fetchFn: typeof fetch): Promise<unknown> {
  const text = await readSource(url, fetchFn);
  try {
    return JSON.parse(text);
  } catch {
    throw new InputError(`${url} did not return JSON`);
  }
}

/** `ledger proof <api-url> <incident-id>`. */
export async function proveIncident(apiUrl: string, incidentId: string, vkey: string | undefined, json: boolean, io: CliIo): Promise<number> {
  const fetchFn = io.fetch ?? fetch;
  if (!isUrl(apiUrl)) throw new UsageError(`<api-url> must be an http or https URL, got '${apiUrl}'`);
  const keys = await loadVerifierKeys(vkey, fetchFn);
  const url = `${apiBase(apiUrl)}/v1/incidents/${encodeURIComponent(incidentId)}/proof`;
  const parsed = IncidentProofsSchema.safeParse(await getJson(url, fetchFn));
  if (!parsed.success) throw new InputError(`${url} is not an incident's proofs: ${parsed.error.issues[0]?.message ?? 'malformed'}`);
  const body = parsed.data;
  const checks: string[] = [];
  let failure: string | null = null;
  const checkpoint = verifyCheckpointNote(body.checkpoint, keys);
  if (!checkpoint.ok) failure = checkpoint.reason;
  else {
    checks.push(`checkpoint of ${checkpoint.checkpoint.origin} at size ${checkpoint.checkpoint.size}: signature verified`);
    if (body.proofs.length === 0) failure = `incident ${incidentId} has no ledger entry in the checkpoint`;
    for (const item of body.proofs) {
      if (failure !== null) break;
      let proof;
      try {
        proof = parseTlogProof(item.proof);
      } catch (error) {
        failure = `entry ${item.seq}: the proof is not a tlog-proof@v1 (${(error as Error).message})`;
        break;
      }
      if (proof.index !== item.seq - 1) failure = `entry ${item.seq}: the proof is for index ${proof.index}, not ${item.seq - 1}`;
      else if (proof.checkpoint !== body.checkpoint) failure = `entry ${item.seq}: the proof is against another checkpoint`;
      else {
        const included = entryIncluded(item.jws, proof.index, proof.proof, checkpoint.checkpoint);
        if (!included.ok) failure = included.reason;
        else {
          let about: unknown;
          try {
            about = decodeLedgerJws(item.jws).payload['incidentId'];
          } catch {
            about = undefined;
          }
          if (about !== incidentId) failure = `entry ${item.seq} is not about incident ${incidentId}`;
          else checks.push(`entry ${item.seq} (index ${proof.index}): included in the checkpoint`);
        }
      }
    }
  }
  if (json) io.stdout.write(`${JSON.stringify({ incidentId, valid: failure === null, checks, failure }, null, 2)}\n`);
  else {
    for (const check of checks) io.stdout.write(`ok    ${check}\n`);
    io.stdout.write(failure === null ? `PROVEN: incident ${incidentId} is in the log\n` : `FAILED: ${failure}\n`);
  }
  return failure === null ? EXIT_OK : EXIT_FAILED;
}

/** `ledger watch <api-url> --state <file>`. */
export async function watchLog(apiUrl: string, statePath: string | undefined, vkey: string | undefined, io: CliIo): Promise<number> {
  const fetchFn = io.fetch ?? fetch;
  if (!isUrl(apiUrl)) throw new UsageError(`<api-url> must be an http or https URL, got '${apiUrl}'`);
  if (statePath === undefined) throw new UsageError('--state <file> is required: where the last verified checkpoint is kept');
  const keys = await loadVerifierKeys(vkey, fetchFn);
  let stored: string | null = null;
  try {
    stored = await readFile(statePath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new InputError(`cannot read ${statePath}: ${(error as Error).message}`);
  }
  const fail = (message: string) => {
    io.stdout.write(`FAILED: ${message}\n`);
    return EXIT_FAILED;
  };
  let note: string;
  try {
    note = await readSource(`${apiBase(apiUrl)}/ledger/checkpoint`, fetchFn);
  } catch (error) {
    return fail(`the log stopped answering: ${(error as Error).message}`);
  }
  const current = verifyCheckpointNote(note, keys, 'the current checkpoint');
  if (!current.ok) return fail(`${current.reason}; the log no longer verifies`);
  if (stored === null) {
    await keep(statePath, note);
    io.stdout.write(`ok    first checkpoint kept: ${current.checkpoint.origin} at size ${current.checkpoint.size}\n`);
    return EXIT_OK;
  }
  const previous = verifyCheckpointNote(stored, keys, `the kept checkpoint in ${statePath}`);
  if (!previous.ok) throw new InputError(previous.reason);
  const [older, newer] = [previous.checkpoint, current.checkpoint];
  let proof: Uint8Array[] = [];
  if (newer.size > older.size) {
    try {
      proof = parseHashLines(await readSource(`${apiBase(apiUrl)}/v1/ledger/consistency?from=${older.size}&to=${newer.size}`, fetchFn));
    } catch (error) {
      return fail(`no consistency proof from size ${older.size} to ${newer.size}: ${(error as Error).message}`);
    }
  }
  const follows = checkpointFollows(older, newer, proof);
  if (!follows.ok) return fail(follows.reason);
  if (newer.size !== older.size) await keep(statePath, note);
  io.stdout.write(newer.size === older.size ? `ok    unchanged at size ${newer.size}\n` : `ok    grew consistently from size ${older.size} to ${newer.size}\n`);
  return EXIT_OK;
}

/** Written beside and renamed into place: a crash never leaves half a checkpoint. */
async function keep(path: string, note: string): Promise<void> {
  const temp = `${path}.tmp`;
  await writeFile(temp, note, { mode: 0o644 });
  await rename(temp, path);
}
