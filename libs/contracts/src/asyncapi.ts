import { z } from 'zod';
import { eventCatalogue } from './catalogue';
import { Topic } from './topics';

/** Who writes and who reads each topic, and what it is for: the AsyncAPI document's channels. */
export const TOPIC_GUIDE: Record<Topic, { description: string; producer: string; consumers: string[] }> = {
  [Topic.IntakeApplication]: { description: 'Applications accepted at a consulate, for registry to decide.', producer: 'intake', consumers: ['registry'] },
  [Topic.RegistryApplicationOutcome]: { description: "Registry's verdict on each application.", producer: 'registry', consumers: ['intake'] },
  [Topic.RegistryGateway]: { description: 'The life of a gateway: registered, modified, deleted, purged.', producer: 'registry', consumers: ['activation', 'notifications'] },
  [Topic.ActivationCode]: { description: 'One-time codes to email; the code travels sealed (AES-256-GCM).', producer: 'activation', consumers: ['notifications'] },
  [Topic.ActivationCredential]: { description: 'Credentials chosen or changed by the client.', producer: 'activation', consumers: ['registry', 'notifications'] },
  [Topic.ActivationSecondFactor]: { description: 'Second factors enrolled and removed, removal codes renewed, emailed login codes and sign-ins from new browsers with their "this was not me" token (secrets sealed, AES-256-GCM) (R22, R23, R26).', producer: 'activation', consumers: ['notifications'] },
  [Topic.OpsAudit]: { description: 'Every state change: actor, action, subject, time. No secrets, no personal data.', producer: 'every service', consumers: ['operators'] },
  [Topic.OpsClock]: { description: 'Outside production: the shared clock offset (compacted, one key).', producer: 'ops CLI', consumers: ['every service'] },
  [Topic.OpsDeadLetter]: { description: 'Records a consumer could not process, with the original key, value and headers plus dlq_* headers.', producer: 'every service', consumers: ['operators (npm run ops -- dlq)'] },
};

const CLOUD_EVENTS_HEADERS = {
  type: 'object',
  description: 'CloudEvents 1.0 Kafka binding, binary mode, plus W3C trace context.',
  required: ['ce_id', 'ce_source', 'ce_type', 'ce_specversion', 'ce_time', 'ce_subject', 'content-type'],
  properties: {
    ce_id: { type: 'string', description: 'Unique event id; consumers record it to stay idempotent.' },
    ce_source: { type: 'string', description: 'The producing service.' },
    ce_type: { type: 'string' },
    ce_specversion: { type: 'string', const: '1.0' },
    ce_time: { type: 'string', format: 'date-time' },
    ce_subject: { type: 'string', description: 'The aggregate id, equal to the record key.' },
    'content-type': { type: 'string', const: 'application/json' },
    traceparent: { type: 'string', description: 'W3C trace context that follows one application across services.' },
  },
};

const channelId = (topic: string) => topic.replace(/[^a-zA-Z0-9]+(.)/g, (_, c: string) => c.toUpperCase());
const messageId = (type: string) => type.replace(/[^a-zA-Z0-9]+(.)/g, (_, c: string) => c.toUpperCase());

/** The AsyncAPI 3 document of every topic, message, key and header, generated from the contracts. */
export function buildAsyncApi(version: string): Record<string, unknown> {
  const messages: Record<string, unknown> = {};
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  for (const definition of eventCatalogue) {
    const payload = z.toJSONSchema(definition.schema, { unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;
    delete payload['$schema'];
    messages[messageId(definition.type)] = {
      name: definition.type,
      contentType: 'application/json',
      headers: { ...CLOUD_EVENTS_HEADERS, properties: { ...CLOUD_EVENTS_HEADERS.properties, ce_type: { type: 'string', const: definition.type } } },
      payload,
      bindings: { kafka: { key: { type: 'string', description: 'The aggregate id: one aggregate\'s events stay in order.' }, bindingVersion: '0.5.0' } },
    };
  }
  for (const topic of Object.values(Topic)) {
    const guide = TOPIC_GUIDE[topic];
    const id = channelId(topic);
    const onTopic = eventCatalogue.filter((definition) => definition.topic === topic).map((definition) => messageId(definition.type));
    const channelMessages = Object.fromEntries(onTopic.map((name) => [name, { $ref: `#/components/messages/${name}` }]));
    channels[id] = { address: topic, description: `${guide.description} Written by ${guide.producer}; read by ${guide.consumers.join(', ')}.`, messages: channelMessages };
    operations[`send${id[0].toUpperCase()}${id.slice(1)}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${id}` },
      summary: `${guide.producer} publishes`,
      messages: onTopic.map((name) => ({ $ref: `#/channels/${id}/messages/${name}` })),
    };
    operations[`receive${id[0].toUpperCase()}${id.slice(1)}`] = {
      action: 'receive',
      channel: { $ref: `#/channels/${id}` },
      summary: `${guide.consumers.join(', ')} consume`,
      messages: onTopic.map((name) => ({ $ref: `#/channels/${id}/messages/${name}` })),
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Client Gate platform events',
      version,
      description: 'Topics are `<domain>.<entity>.v<N>`, keyed by the aggregate id. Generated from libs/contracts by `npm run asyncapi`; do not edit by hand.',
    },
    defaultContentType: 'application/json',
    servers: { local: { host: '127.0.0.1:9092', protocol: 'kafka', description: 'The broker `npm start` runs.' } },
    channels,
    operations,
    components: { messages },
  };
}
