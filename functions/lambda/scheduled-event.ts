/** EventBridge's scheduled event, as far as the scheduled functions rely on it. */
import * as z from 'zod';

export const ScheduledEventSchema = z.looseObject({
  'detail-type': z.literal('Scheduled Event'),
  time: z.iso.datetime({ offset: true }),
});
