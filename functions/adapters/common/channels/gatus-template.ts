/**
 * Gatus' custom-provider body template, so a Gatus `alerting.custom` imports unchanged:
 * [ALERT_DESCRIPTION], [ENDPOINT_NAME], [ENDPOINT_GROUP], [ENDPOINT_URL],
 * [ALERT_TRIGGERED_OR_RESOLVED] (TRIGGERED or RESOLVED, or what `placeholders` maps them
 * to) and [RESULT_ERRORS] (the failed conditions with their observed values).
 */
import type { ChannelMessage } from '../../../core/channel-message.ts';

export function fillGatusTemplate(template: string, message: ChannelMessage, placeholders: Readonly<Record<string, Readonly<Record<string, string>>>>): string {
  const state = message.kind === 'recovered' ? 'RESOLVED' : 'TRIGGERED';
  const values: Record<string, string> = {
    ALERT_DESCRIPTION: message.description ?? '',
    ENDPOINT_NAME: message.alert.monitor.name,
    ENDPOINT_GROUP: '',
    ENDPOINT_URL: message.alert.monitor.url,
    ALERT_TRIGGERED_OR_RESOLVED: placeholders.ALERT_TRIGGERED_OR_RESOLVED?.[state] ?? state,
    RESULT_ERRORS: (message.alert.incident?.reasons ?? []).join(', '),
  };
  return template.replace(/\[([A-Z_]+)\]/g, (whole, name: string) => values[name] ?? whole);
}
