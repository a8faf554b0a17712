/**
 * Every Lambda function is made here, the same way (Powertools' example app style: a
 * handler file is short wiring and ends in this call):
 *
 * - its environment is read once per container, at the first event (not at import, so
 *   that a misconfigured function fails with one ConfigError naming each bad variable,
 *   and a container that failed tries again at its next event);
 * - its dependencies (SDK clients, stores, services) are built once, from that
 *   configuration, and kept for the life of the container;
 * - its handler runs inside the same middy chain: Powertools' logger with the Lambda
 *   context, then its metrics, flushed after every invocation.
 *
 * All of it lives in the closure of the call, never in module state here: each handler
 * module (each container) has its own.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy, { type MiddyfiedHandler } from '@middy/core';
import type { Context } from 'aws-lambda';
import { readEnv, type EnvSpec, type EnvValues } from './env.ts';
import { lazy } from './lazy.ts';
import { observability, type Observability } from './observability.ts';

export interface LambdaHandlerOptions<S extends EnvSpec, D extends object, E, R> {
  /** The variables the function reads, `{key: [VARIABLE, schema]}` (see env.ts and config.ts). */
  readonly env: S;
  /** Its dependencies, built once per container from its configuration. */
  deps(config: EnvValues<S>, observability: Observability): D;
  /** One invocation; `deps` is what `deps` built, with the function's logger and metrics. */
  handle(event: E, context: Context, deps: D & Observability): Promise<R>;
  /**
   * Metrics published after each invocation, and whether with Powertools' ColdStart
   * metric; `false` for a function that publishes none (each custom metric costs money
   * every month it is published). @default { coldStart: true }
   */
  readonly metrics?: { readonly coldStart?: boolean } | false;
}

export function lambdaHandler<const S extends EnvSpec, D extends object, E = unknown, R = unknown>(
  options: LambdaHandlerOptions<S, D, E, R>,
): MiddyfiedHandler<E, R> {
  const obs = observability();
  const deps = lazy((): D & Observability => ({ ...options.deps(readEnv(options.env, process.env), obs), ...obs }));
  const run = (event: E, context: Context): Promise<R> => options.handle(event, context, deps());
  const handler = middy(run).use(injectLambdaContext(obs.logger));
  const metrics = options.metrics ?? { coldStart: true };
  if (metrics === false) return handler;
  return handler.use(logMetrics(obs.metrics, { captureColdStartMetric: metrics.coldStart ?? true }));
}
