/**
 * One Lambda function invoking another with a JSON payload, the one way every Lambda
 * client here does it: the prober for "check now", the recorder for ledger entries
 * (both synchronous, `RequestResponse`, with a reply validated by zod) and the verifiers
 * (asynchronous, `Event`, no reply).
 *
 * How failures come back:
 * - the invoke itself failed (network, access denied, throttled, function gone): the
 *   caller's `unreachable(error)` says what that means for it (a region unavailable, a
 *   throttled ledger write, ...); so does an event Lambda did not queue (status not 202);
 * - the function ran and failed (`FunctionError`: it threw, timed out, ran out of memory):
 *   a CrossCheckError naming the function and the first 300 characters of Lambda's
 *   `{errorType, errorMessage}`;
 * - it answered something that is not JSON: a CrossCheckError;
 * - it answered JSON that its reply schema refuses: a ValidationError naming each bad
 *   field under `what`, unless the caller's `invalidReply` says otherwise.
 */
import { InvokeCommand, type InvocationType, type InvokeCommandOutput, type LambdaClient } from '@aws-sdk/client-lambda';
import type * as z from 'zod';
import { lambdaClient } from '../clients.ts';
import { CrossCheckError, RegionUnavailableError, ValidationError } from '../../../core/errors.ts';
import { parseMessage } from '../../../core/messages.ts';

/** How much of a failed function's error message an error repeats. */
const ERROR_EXCERPT = 300;

/** One function per region (the probers, the verifiers), each called through its region's client. */
export interface RegionalFunctions {
  /** Each region's function (name or ARN). */
  readonly functionNames: Readonly<Record<string, string>>;
  /** @default the container's client for the region */
  readonly clients?: (region: string) => LambdaClient;
}

/** The client and function name for `region`; RegionUnavailableError when the region has none. */
export function functionIn(functions: RegionalFunctions, region: string): { readonly client: LambdaClient; readonly functionName: string } {
  const functionName = Object.hasOwn(functions.functionNames, region) ? functions.functionNames[region] : undefined;
  if (functionName === undefined) throw new RegionUnavailableError(region);
  return { client: (functions.clients ?? lambdaClient)(region), functionName };
}

export interface InvokeOptions {
  readonly client: LambdaClient;
  /** Name or ARN of the function to invoke. */
  readonly functionName: string;
  /** The function in errors: `the prober`, `the recorder`. */
  readonly role: string;
  /** What the call is for, at the start of every error: `check from us-east-1`, `ledger entry incident.opened:i1`. */
  readonly what: string;
  /** Sent as JSON. */
  readonly payload: unknown;
  /** The caller's error for an invoke that did not reach the function (or an event Lambda did not queue). */
  unreachable(error: unknown): Error;
}

export interface InvokeJsonOptions<T> extends InvokeOptions {
  /** The reply's schema. */
  readonly reply: z.ZodType<T>;
  /** The caller's error for JSON the schema refuses. @default the ValidationError, under `what` (spaces as `_`) */
  invalidReply?(problem: ValidationError, text: string): Error;
}

/** Invokes synchronously (`RequestResponse`) and answers the function's reply, parsed and validated. */
export async function invokeJson<T>(options: InvokeJsonOptions<T>): Promise<T> {
  const out = await invoke(options, 'RequestResponse');
  const text = out.Payload === undefined ? '' : Buffer.from(out.Payload).toString('utf8');
  const reply = jsonOf(text);
  if (out.FunctionError !== undefined) throw functionFailure(options, out.FunctionError, reply, text);
  if (reply === NOT_JSON) throw new CrossCheckError(`${options.what}: ${options.role} answered something that is not JSON`);
  try {
    return parseMessage(options.reply, reply, options.what.replaceAll(' ', '_'));
  } catch (error) {
    if (error instanceof ValidationError && options.invalidReply) throw options.invalidReply(error, text);
    throw error;
  }
}

/** Hands the payload to Lambda's own queue for the function (`Event`): Lambda runs it, retries it and keeps what fails. */
export async function invokeEvent(options: InvokeOptions): Promise<void> {
  const out = await invoke(options, 'Event');
  // 202: queued for the function. Anything else means it was not.
  if (out.StatusCode !== 202) throw options.unreachable(new CrossCheckError(`${options.role} answered status ${String(out.StatusCode)}`));
}

async function invoke(options: InvokeOptions, type: InvocationType): Promise<InvokeCommandOutput> {
  try {
    return await options.client.send(
      new InvokeCommand({ FunctionName: options.functionName, InvocationType: type, Payload: Buffer.from(JSON.stringify(options.payload), 'utf8') }),
    );
  } catch (error) {
    throw options.unreachable(error);
  }
}

const NOT_JSON = Symbol('not JSON');

function jsonOf(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return NOT_JSON;
  }
}

/** The function threw (or timed out, or ran out of memory): Lambda answers `{errorType, errorMessage}` when it can. */
function functionFailure(options: InvokeOptions, functionError: string, reply: unknown, text: string): CrossCheckError {
  const crash = typeof reply === 'object' && reply !== null ? (reply as { errorType?: unknown; errorMessage?: unknown }) : {};
  const type = typeof crash.errorType === 'string' ? crash.errorType : functionError;
  const message = typeof crash.errorMessage === 'string' ? crash.errorMessage : text;
  return new CrossCheckError(`${options.what}: ${options.role} failed (${type}: ${message.slice(0, ERROR_EXCERPT)})`);
}
