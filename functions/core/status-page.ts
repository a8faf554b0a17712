/**
 * A status page: what an operator publishes for customers. Its monitors appear under
 * display names only (never a monitor's URL, and its own name only when no display name
 * is given), in groups. Served at /status/{slug}, and on its own domain when it has one.
 */
import * as z from 'zod';

export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** A DNS name of two labels or more, lowercase letters, digits and hyphens (no port, no trailing dot). */
const DOMAIN_PATTERN = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

const text = (max: number) => z.string().trim().min(1, { error: 'must not be empty' }).max(max, { error: `must be at most ${max} characters` });

export const StatusPageMonitorSchema = z.strictObject({
  monitorId: z.string().min(1).max(200),
  displayName: text(120).optional().describe("What the page calls the monitor; the monitor's own name when absent."),
});

export const StatusPageGroupSchema = z.strictObject({
  name: text(120),
  monitors: z.array(StatusPageMonitorSchema).max(500, { error: 'at most 500 monitors per group' }),
});

export const StatusPageBodySchema = z.strictObject({
  slug: z
    .string()
    .regex(SLUG_PATTERN, { error: 'must be 1 to 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit' })
    .describe('The page is served at /status/{slug}.'),
  title: text(120),
  description: z.string().trim().max(2000, { error: 'must be at most 2000 characters' }).default(''),
  domain: z
    .string()
    .trim()
    .toLowerCase()
    .regex(DOMAIN_PATTERN, { error: 'must be a DNS name such as status.example.com (no scheme, port or path)' })
    .nullable()
    .default(null)
    .describe('A custom domain that serves this page at its root (the local runtime picks the page by Host; in AWS, deploy with -c statusDomain and -c statusCertificateArn).'),
  groups: z.array(StatusPageGroupSchema).max(50, { error: 'at most 50 groups' }).default([]),
});

export type StatusPageBody = z.output<typeof StatusPageBodySchema>;

export interface StatusPage extends StatusPageBody {
  /** RFC 3339. */
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Every monitor id a page shows, once each, in page order. */
export function pageMonitorIds(page: Pick<StatusPageBody, 'groups'>): string[] {
  return [...new Set(page.groups.flatMap((g) => g.monitors.map((m) => m.monitorId)))];
}

/** The public state of a whole page, worst first: what its headline says. */
export type OverallState = 'major-outage' | 'partial-outage' | 'degraded' | 'maintenance' | 'operational' | 'unknown';

export const OVERALL_TEXT: Readonly<Record<OverallState, string>> = {
  'major-outage': 'Major outage',
  'partial-outage': 'Partial outage',
  degraded: 'Degraded performance',
  maintenance: 'Under maintenance',
  operational: 'All systems operational',
  unknown: 'No data yet',
};

/**
 * The headline from the health of each monitor: every one down is a major outage, some
 * down a partial one; degraded if any is degraded; maintenance when one is in announced
 * maintenance; operational when all are up; unknown when none has a state yet.
 * Monitors in announced maintenance are left out of `healths` by the caller.
 */
export function overallState(healths: readonly string[], inMaintenance: boolean): OverallState {
  const judged = healths.filter((h) => h !== 'paused' && h !== 'pending');
  const down = judged.filter((h) => h === 'down').length;
  if (down > 0 && down === judged.length) return 'major-outage';
  if (down > 0) return 'partial-outage';
  if (judged.includes('degraded')) return 'degraded';
  if (inMaintenance) return 'maintenance';
  return judged.length === 0 ? 'unknown' : 'operational';
}
