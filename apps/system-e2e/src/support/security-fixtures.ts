import { headerText, RawHeaders, Topic } from '@client-gate/contracts';
import { kafkaFor, readTopics as readKafkaTopics } from '@client-gate/tools/ops/kafka-ops';
import { createHmac, randomInt } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { e2eEnvironment } from './environment';
import { ApiResponse, ServiceName } from './http';

// Each spec file loads this module afresh: a random second octet keeps their addresses apart.
const subnet = randomInt(1, 255);
let hosts = 0;

/** A loopback address no other test uses, to send requests from (127.0.0.0/8 is all this machine's). */
export function freshAddress(): string {
  hosts++;
  return `127.${subnet}.${hosts >> 8}.${(hosts & 255) + 1}`;
}

/** A JSON call like `call`, from the given client address (the connection's source, not a header). */
export function callFrom<T = any>(
  from: string,
  service: ServiceName,
  method: string,
  path: string,
  options: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const url = new URL(path, e2eEnvironment().urls[service]);
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers, localAddress: from, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON: keep the text
          }
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(response.headers)) if (typeof value === 'string') responseHeaders.set(name, value);
          resolve({ status: response.statusCode!, body: body as T, headers: responseHeaders });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

/** The key activation's attempt_throttle stores for an account (username key) or an address. */
export function throttleKeyHash(scope: 'account' | 'address', key: string): string {
  const hashKey = Buffer.from(e2eEnvironment().secrets.CODE_HASH_KEY, 'base64');
  return createHmac('sha256', hashKey).update(`attempt-throttle|${scope}|${key}`).digest('hex');
}

/** Every line the services have logged in this run (`<logDir>/<service>.log`). */
export function serviceLogLines(): { file: string; line: string }[] {
  const directory = e2eEnvironment().logDir;
  return readdirSync(directory)
    .filter((file) => file.endsWith('.log'))
    .flatMap((file) => readFileSync(join(directory, file), 'utf8').split('\n').filter(Boolean).map((line) => ({ file, line })));
}

export interface TopicRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** Every record of the given topics (all of the platform's when none are named), as text, from the start to their current end. */
export async function readTopics(topics?: string[]): Promise<TopicRecord[]> {
  const records = await readKafkaTopics(kafkaFor(e2eEnvironment().kafkaBrokers.split(',')), topics);
  return records.map(({ topic, partition, offset, key, value, headers }) => ({
    topic,
    partition,
    offset,
    key: key?.toString() ?? '',
    value: value?.toString() ?? '',
    headers: Object.fromEntries(Object.keys(headers).map((name) => [name, headerText(headers as RawHeaders, name) ?? ''])),
  }));
}

export interface AuditEntry {
  service: string;
  actor: string;
  action: string;
  subject: string;
  time: string;
}

/** The data of every record on ops.audit.v1 so far. */
export async function auditEntries(): Promise<AuditEntry[]> {
  return (await readTopics([Topic.OpsAudit])).map((record) => JSON.parse(record.value) as AuditEntry);
}

/** The places (file or topic) where `secret` appears, case-insensitively, with an excerpt around it. */
export function whereFound(secret: string, places: { place: string; text: string }[]): string[] {
  const needle = secret.toLowerCase();
  return places.flatMap(({ place, text }) => {
    const at = text.toLowerCase().indexOf(needle);
    return at < 0 ? [] : [`${place}: …${text.slice(Math.max(0, at - 120), at + needle.length + 40)}…`];
  });
}
