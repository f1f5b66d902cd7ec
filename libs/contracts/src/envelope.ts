import { randomUUID } from 'node:crypto';
import { CloudEvent, Kafka } from 'cloudevents';
import { z } from 'zod';
import { isoDateTime } from './common.schema';
import { definitionOf } from './catalogue';
import { EventData, EventDefinition } from './event-definition';

/** A Kafka record in CloudEvents 1.0 binary mode: ce_* headers, JSON value. */
export interface EventRecord {
  key: string;
  value: string;
  headers: Record<string, string>;
}

export interface EnvelopeOptions {
  source: string;
  id?: string;
  time?: Date;
  traceparent?: string;
}

export function encodeEvent<D extends EventDefinition>(
  definition: D,
  data: EventData<D>,
  options: EnvelopeOptions,
): EventRecord {
  const valid = definition.schema.parse(data) as EventData<D>;
  const key = definition.keyOf(valid);
  const event = new CloudEvent<EventData<D>>({
    id: options.id ?? randomUUID(),
    type: definition.type,
    source: options.source,
    subject: key,
    time: (options.time ?? new Date()).toISOString(),
    datacontenttype: 'application/json',
    data: valid,
  });
  const message = Kafka.binary(event);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers)) {
    if (typeof value === 'string') headers[name] = value;
  }
  headers['content-type'] = 'application/json';
  if (options.traceparent) headers['traceparent'] = options.traceparent;
  return { key, value: JSON.stringify(valid), headers };
}

export interface DecodedEvent<T = unknown> {
  id: string;
  type: string;
  source: string;
  subject?: string;
  time: string;
  traceparent?: string;
  data: T;
}

/** Why a record cannot be processed whatever the retries: it goes straight to the dead-letter topic. */
export class MalformedEventError extends Error {
  override readonly name = 'MalformedEventError';
}

export type RawHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

export function headerText(headers: RawHeaders | undefined, name: string): string | undefined {
  const raw = headers?.[name];
  const first = Array.isArray(raw) ? raw[0] : raw;
  return first === undefined ? undefined : first.toString();
}

export function decodeEvent(headers: RawHeaders | undefined, value: Buffer | string | null | undefined): DecodedEvent {
  const type = headerText(headers, 'ce_type');
  const id = headerText(headers, 'ce_id');
  const source = headerText(headers, 'ce_source');
  const specversion = headerText(headers, 'ce_specversion');
  if (!type || !id || !source || specversion !== '1.0') {
    throw new MalformedEventError('missing CloudEvents headers (ce_id, ce_type, ce_source, ce_specversion=1.0)');
  }
  // Checked here, not in the consumer's transaction: a bad id would fail it (processed_event holds UUIDs) and be retried.
  if (!z.uuid().safeParse(id).success) throw new MalformedEventError('ce_id is not a UUID');
  const time = headerText(headers, 'ce_time');
  if (time !== undefined && !isoDateTime.safeParse(time).success) throw new MalformedEventError('ce_time is not an RFC 3339 time');
  const definition = definitionOf(type);
  if (!definition) throw new MalformedEventError(`unknown event type ${type}`);
  let json: unknown;
  try {
    json = JSON.parse(value === null || value === undefined ? '' : value.toString());
  } catch {
    throw new MalformedEventError('value is not JSON');
  }
  const parsed = definition.schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new MalformedEventError(`${type} does not match its contract: ${issues}`);
  }
  return {
    id,
    type,
    source,
    subject: headerText(headers, 'ce_subject'),
    time: time ?? new Date(0).toISOString(),
    traceparent: headerText(headers, 'traceparent'),
    data: parsed.data,
  };
}
