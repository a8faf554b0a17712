import { describe, expect, it } from 'vitest';
import { BADGE_COLORS, escapeXml, formatPercent, renderBadge, statusBadge, uptimeBadge } from '../../functions/api/badge.ts';

describe('badges', () => {
  it.each([
    ['UP', false, 'up', BADGE_COLORS.brightgreen],
    ['DOWN', false, 'down', BADGE_COLORS.red],
    ['VERIFYING', false, 'verifying', BADGE_COLORS.yellow],
    ['PENDING', false, 'pending', BADGE_COLORS.grey],
    ['UP', true, 'paused', BADGE_COLORS.grey],
  ] as const)('status %s (paused %s) reads %s', (status, paused, message, color) => {
    expect(statusBadge('api', status, paused)).toEqual({ label: 'api', message, color });
  });

  it.each([
    [1, '100%', BADGE_COLORS.brightgreen],
    [0.99996, '99.99%', BADGE_COLORS.brightgreen],
    [0.995, '99.50%', BADGE_COLORS.green],
    [0.98, '98.00%', BADGE_COLORS.yellowgreen],
    [0.96, '96.00%', BADGE_COLORS.yellow],
    [0.91, '91.00%', BADGE_COLORS.orange],
    [0.5, '50.00%', BADGE_COLORS.red],
    [null, 'no data', BADGE_COLORS.grey],
  ])('uptime %s reads %s', (uptime, message, color) => {
    expect(uptimeBadge('30d', uptime)).toEqual({ label: 'uptime 30d', message, color });
  });

  it('never rounds up to 100%', () => {
    expect(formatPercent(0.999999)).toBe('99.99%');
  });

  it('escapes text and stays well-formed', () => {
    const svg = renderBadge({ label: `<script>&"'`, message: 'up', color: BADGE_COLORS.brightgreen });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain(escapeXml(`<script>&"'`));
    expect(svg).toContain('&lt;script&gt;&amp;&quot;&apos;');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('role="img"');
    expect(svg).toContain('<title>&lt;script&gt;&amp;&quot;&apos;: up</title>');
  });

  it('grows with its text and drops control characters', () => {
    const width = (svg: string) => Number(/width="(\d+)"/.exec(svg)![1]);
    const short = renderBadge({ label: 'a', message: 'up', color: '#4c1' });
    const long = renderBadge({ label: 'a much longer monitor name', message: 'up', color: '#4c1' });
    expect(width(long)).toBeGreaterThan(width(short));
    expect(renderBadge({ label: 'a\u0000b', message: 'up', color: '#4c1' })).not.toContain('\u0000');
  });

  it('refuses a colour that is not a hex colour', () => {
    expect(renderBadge({ label: 'a', message: 'b', color: '"><script>' })).toContain(`fill="${BADGE_COLORS.grey}"`);
  });
});
