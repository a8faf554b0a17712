/** The Atom feed (RFC 4287) of a status page, with the `feed` package: incidents with each update, and announced maintenance. */
import { Feed } from 'feed';
import type { StatusPageView } from './status-page-view.ts';

export function renderStatusFeed(view: StatusPageView, origin: string): string {
  const page = `${origin}/status/${view.slug}`;
  const times = [...view.incidents.flatMap((i) => [i.openedAt, i.resolvedAt ?? '', ...i.updates.map((u) => u.at)]), ...view.maintenance.map((m) => m.start)].filter(Boolean).sort();
  const feed = new Feed({
    id: page,
    title: view.title,
    description: view.description || `Status of ${view.title}`,
    link: page,
    updated: new Date(times.at(-1) ?? view.generatedAt),
    generator: 'CrossCheck',
    feedLinks: { atom: `${page}/feed.atom` },
    copyright: '',
  });
  for (const incident of view.incidents) {
    const lines = [...incident.updates].reverse().map((u) => `${u.at} ${u.status}: ${u.message}`);
    const last = incident.updates.at(-1)?.at ?? incident.resolvedAt ?? incident.openedAt;
    feed.addItem({
      id: `${origin}/v1/incidents/${encodeURIComponent(incident.id)}`,
      title: `${incident.title} (${incident.status === 'open' ? 'ongoing' : 'resolved'})`,
      link: `${page}#hist`,
      date: new Date(last),
      published: new Date(incident.openedAt),
      description: [`Affects ${incident.monitors.join(', ')}.`, ...lines].join('\n'),
    });
  }
  for (const m of view.maintenance) {
    feed.addItem({
      id: `${origin}/v1/maintenance/${encodeURIComponent(m.id)}`,
      title: `Maintenance: ${m.title}`,
      link: `${page}#maint`,
      date: new Date(m.start),
      description: `${m.start} to ${m.end}, ${m.monitors.join(', ')}. ${m.message}`,
    });
  }
  return feed.atom1();
}
