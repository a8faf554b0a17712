/** A channel's name and its behaviour fields, and a monitor's reference to a channel (no import of the monitor model: it imports this). */
import * as z from 'zod';

export const ChannelNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'must be 1 to 64 lower-case letters, digits, dot, dash or underscore, starting with a letter or digit')
  .describe('The channel\'s name, by which monitors refer to it (e.g. ops-slack).');

const minutes = z.number().int().min(1).max(7 * 24 * 60);

/** When a channel is told: the defaults a monitor's reference may override. */
export const BehaviourShape = {
  description: z.string().max(500).optional().describe('Added to every message of this channel (Gatus\' description).'),
  enabled: z.boolean().default(true),
  sendOnResolved: z.boolean().default(true).describe('Also tell when the incident resolves.'),
  failureThreshold: z.number().int().min(1).max(100).optional().describe("Alert only once the monitor's state machine counted this many consecutive failures (Gatus' failure-threshold)."),
  successThreshold: z.number().int().min(1).max(100).optional().describe("Resolve only after this many consecutive successes (Gatus' success-threshold)."),
  remindEveryMinutes: minutes.optional().describe("While an incident stays open, remind every so many minutes (Gatus' minimum-reminder-interval)."),
};

/** A monitor's reference to a channel, with per-monitor overrides of its behaviour. */
export const ChannelRefSchema = z.strictObject({
  channel: ChannelNameSchema,
  description: BehaviourShape.description,
  enabled: z.boolean().optional(),
  sendOnResolved: z.boolean().optional(),
  failureThreshold: BehaviourShape.failureThreshold,
  successThreshold: BehaviourShape.successThreshold,
  remindEveryMinutes: BehaviourShape.remindEveryMinutes,
});
export type ChannelRef = z.output<typeof ChannelRefSchema>;

