/** Schemas shared by many routes: path ids, query parameters, pages and problems. */
import * as z from 'zod';
import { STATS_WINDOWS } from '../../core/stats.ts';

export const IdParams = z.object({
  id: z.string().min(1).max(200).describe('The resource id.'),
});

/** `?limit=`: an integer in 1..max. */
export function limitParam(max: number, fallback: number): z.ZodDefault<z.ZodCoercedNumber<unknown>> {
  const message = `must be an integer from 1 to ${max}`;
  return z.coerce
    .number({ error: message })
    .int({ error: message })
    .min(1, { error: message })
    .max(max, { error: message })
    .default(fallback)
    .describe(`Items per page, 1 to ${max} (default ${fallback}).`);
}

export const CursorParam = z
  .string()
  .min(1, { error: 'must not be empty' })
  .max(2048, { error: 'is not a cursor this listing returned' })
  .optional()
  .describe('The `nextCursor` of the previous page.');

export const DateTimeParam = z.iso.datetime({ offset: true, error: 'must be an RFC 3339 date-time, e.g. 2026-11-21T12:00:00Z' });

export const WindowParam = z
  .enum(STATS_WINDOWS, { error: `must be one of ${STATS_WINDOWS.join(', ')}` })
  .describe('The period the figures cover, ending now.');

export const DATE_TIME = 'RFC 3339 date-time (UTC).';

export const DateTime = z.string().describe(DATE_TIME);

/**
 * A core schema's fields with OpenAPI descriptions added to some of them: types, rules
 * and the fields themselves stay the core's, so the API cannot drift from it.
 */
export function describeFields<S extends z.ZodRawShape>(shape: S, descriptions: { readonly [K in keyof S]?: string }): S {
  return Object.fromEntries(
    Object.entries(shape).map(([key, field]) => {
      const description = descriptions[key as keyof S];
      return [key, description === undefined ? field : (field as z.ZodType).describe(description)];
    }),
  ) as S;
}

/** `{items, nextCursor}`. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().describe('Pass as `?cursor=` for the next page; null on the last page.'),
  });
}

export const FieldIssueSchema = z.object({
  path: z.string().describe('The offending field, e.g. `conditions[0]` or `limit`; empty for the whole body.'),
  message: z.string(),
});

export const ProblemSchema = z
  .object({
    type: z.string().describe('`about:blank`: the status says what kind of problem it is.'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(FieldIssueSchema).optional().describe('One entry per bad field (400 only).'),
  })
  .describe('RFC 9457 problem details.');
