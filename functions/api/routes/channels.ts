/** Alert channels (auth): defined once, referenced by monitors; secrets write-only; a test send; an incident's delivery log. */
import { channelView } from '../../core/channel.ts';
import { NotFoundError } from '../../core/errors.ts';
import { createChannel, deleteChannel, replaceChannel, testChannel, type ChannelServiceDeps } from '../../services/channels.ts';
import type { ApiDeps } from '../deps.ts';
import { emptyReply, jsonReply } from '../reply.ts';
import { defineRoute, type Route } from '../route.ts';
import {
  ChannelBodySchema,
  ChannelCreatedSchema,
  ChannelListSchema,
  ChannelReplaceSchema,
  ChannelTestSchema,
  ChannelViewSchema,
  DeliveryListSchema,
  NameParams,
} from '../schemas/channels.ts';
import { IdParams } from '../schemas/common.ts';

const TAG = 'channels';

export function channelRoutes(deps: ApiDeps): Route[] {
  const services: ChannelServiceDeps = { channels: deps.channels, monitors: deps.monitors, clock: deps.clock };

  return [
    defineRoute({
      method: 'GET',
      path: '/v1/channels',
      operationId: 'listChannels',
      summary: 'Alert channels, by name (secrets never shown)',
      tag: TAG,
      auth: true,
      responses: { 200: { description: 'Every channel.', schema: ChannelListSchema } },
      async handle() {
        return jsonReply(200, { items: (await deps.channels.all()).map(channelView) });
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/v1/channels',
      operationId: 'createChannel',
      summary: 'Create a channel',
      description: 'A webhook channel without `secret` gets a Standard Webhooks secret, returned once as `generatedSecret`.',
      tag: TAG,
      auth: true,
      body: ChannelBodySchema,
      responses: { 201: { description: 'Created.', schema: ChannelCreatedSchema, headers: { Location: { description: '/v1/channels/{name}' } } } },
      async handle({ body }) {
        const { channel, generatedSecret } = await createChannel(services, body);
        return jsonReply(201, { ...channelView(channel), ...(generatedSecret === null ? {} : { generatedSecret }) }, { location: `/v1/channels/${encodeURIComponent(channel.name)}` });
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/channels/{name}',
      operationId: 'getChannel',
      summary: 'One channel (secrets never shown)',
      tag: TAG,
      auth: true,
      params: NameParams,
      responses: { 200: { description: 'The channel.', schema: ChannelViewSchema } },
      async handle({ params }) {
        const channel = await deps.channels.get(params.name);
        if (channel === null) throw new NotFoundError(`channel ${params.name} does not exist`);
        return jsonReply(200, channelView(channel));
      },
    }),
    defineRoute({
      method: 'PUT',
      path: '/v1/channels/{name}',
      operationId: 'replaceChannel',
      summary: 'Replace a channel',
      description: 'Secrets left out keep their stored values (of the same type); `null` removes an optional one.',
      tag: TAG,
      auth: true,
      params: NameParams,
      body: ChannelReplaceSchema,
      responses: { 200: { description: 'The channel as stored.', schema: ChannelViewSchema } },
      async handle({ params, body }) {
        return jsonReply(200, channelView(await replaceChannel(services, params.name, body)));
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/v1/channels/{name}',
      operationId: 'deleteChannel',
      summary: 'Delete a channel no monitor refers to',
      tag: TAG,
      auth: true,
      params: NameParams,
      responses: { 204: { description: 'Deleted.' } },
      async handle({ params }) {
        await deleteChannel(services, params.name);
        return emptyReply(204);
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/v1/channels/{name}/test',
      operationId: 'testChannel',
      summary: 'Send a test message to the channel now, and report the outcome',
      description: 'One attempt, no retries. The answer is 200 either way; `ok` says whether the provider accepted it.',
      tag: TAG,
      auth: true,
      params: NameParams,
      responses: { 200: { description: 'How the test went.', schema: ChannelTestSchema } },
      async handle({ params }) {
        return jsonReply(200, await testChannel({ ...services, sender: deps.channelSender, publicUrl: deps.publicUrl ?? null }, params.name));
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/incidents/{id}/alerts',
      operationId: 'listIncidentAlerts',
      summary: "The incident's alert deliveries: channel, attempts, last status",
      tag: TAG,
      auth: true,
      params: IdParams,
      responses: { 200: { description: 'Oldest first.', schema: DeliveryListSchema } },
      async handle({ params }) {
        if ((await deps.incidents.get(params.id)) === null) throw new NotFoundError(`incident ${params.id} does not exist`);
        return jsonReply(200, { items: await deps.deliveries.forIncident(params.id) });
      },
    }),
  ];
}
