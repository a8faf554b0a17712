/**
 * Channel routes' schemas, derived from the core's (core/channel.ts) so they cannot
 * drift: the create body is the core schema; the replace body has every secret optional
 * (left out, it keeps the stored one; null removes an optional one) and the name
 * optional (it is the path's); the view has no secret, and names those set in `secureFields`.
 */
import * as z from 'zod';
import { ChannelSchema, SECRET_FIELDS, type ChannelType } from '../../core/channel.ts';
import { DELIVERY_STATUSES } from '../../core/delivery.ts';
import { DateTime } from './common.ts';

type Option = (typeof ChannelSchema.options)[number];
const secretsOf = (option: Option): readonly string[] => SECRET_FIELDS[option.shape.type.value as ChannelType];

export const ChannelBodySchema = ChannelSchema;

export const ChannelReplaceSchema = z.discriminatedUnion(
  'type',
  ChannelSchema.options.map((option) => {
    const shape = option.shape as Record<string, z.ZodType>;
    const secrets = Object.fromEntries(secretsOf(option).map((field) => [field, (shape[field] as z.ZodType).nullable().optional()]));
    return (option as unknown as z.ZodObject).extend({ name: option.shape.name.optional(), ...secrets });
  }) as unknown as [Option, ...Option[]],
);

const SecureFields = z.array(z.string()).describe('The secret fields that are set. Secrets are write-only: never shown.');

export const ChannelViewSchema = z.discriminatedUnion(
  'type',
  ChannelSchema.options.map((option) =>
    (option as unknown as z.ZodObject).omit(Object.fromEntries(secretsOf(option).map((field) => [field, true])) as Record<string, true> & Record<number, never>).extend({ secureFields: SecureFields }),
  ) as unknown as [Option, ...Option[]],
);

export const ChannelListSchema = z.object({ items: z.array(ChannelViewSchema) });

export const ChannelCreatedSchema = z.intersection(
  ChannelViewSchema,
  z.object({
    generatedSecret: z.string().optional().describe('A webhook channel created without a secret gets one: shown here once, never again.'),
  }),
);

export const NameParams = z.object({ name: z.string().min(1).max(64).describe("The channel's name.") });

export const ChannelTestSchema = z.object({
  ok: z.boolean(),
  attempts: z.number().int(),
  lastStatus: z.number().int().nullable().describe("The provider's HTTP status (or SMTP reply code); null when none came."),
  error: z.string().nullable().describe('Why it failed (never the URL); null on success.'),
});

export const DeliverySchema = z.object({
  id: z.string(),
  alertId: z.string(),
  kind: z.enum(['down', 'recovered', 'certificate']),
  incidentId: z.string().nullable(),
  monitorId: z.string(),
  channel: z.string(),
  channelType: z.string(),
  status: z.enum(DELIVERY_STATUSES).describe('sending while attempts go on; delivered; failed after its retries.'),
  attempts: z.number().int(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: DateTime,
  updatedAt: DateTime,
});

export const DeliveryListSchema = z.object({ items: z.array(DeliverySchema) });
