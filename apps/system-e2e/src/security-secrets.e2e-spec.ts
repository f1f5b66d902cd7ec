import { CodeIssued, encodeEvent, Topic } from '@client-gate/contracts';
import { kafkaFor } from '@client-gate/tools/ops/kafka-ops';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { query } from './support/database';
import { e2eEnvironment } from './support/environment';
import { emailsTo, mailSink } from './support/mail';
import { codeEmailed, forgottenPassword, login, registerPending, uniqueUsername } from './support/activation-fixtures';
import { newPerson } from './support/fixtures';
import { call, portalToken, staffToken } from './support/http';
import { readTopics, serviceLogLines, whereFound } from './support/security-fixtures';
import { waitFor } from './support/wait-for';

/**
 * SPEC §8: logs, audit, dead letters and every other topic never carry a password, a code or a token
 * in clear, and logs mask personal data. A whole story runs with known secrets, then every log line and
 * every Kafka record so far is searched for them.
 */
describe('SPEC §8 logs and events carry no secret', () => {
  const who = newPerson();
  const username = uniqueUsername('secretive');
  const firstPassword = 'first Secret passphrase 8817';
  const secondPassword = 'second Secret passphrase 4411';
  const wrongPassword = 'a wrong Guess of a passphrase 2790';
  const staff = staffToken();
  const portal = portalToken();
  const secrets: Record<string, string> = { staffToken: staff, portalToken: portal, firstPassword, secondPassword, wrongPassword };
  let gatewayId: string;
  let lastTraceId: string;

  beforeAll(async () => {
    const pending = await registerPending(who);
    gatewayId = pending.gatewayId;
    secrets['activationCode'] = pending.code;
    secrets['activationCodeWithoutDashes'] = pending.code.replace(/-/g, '');

    // Clients paste codes and addresses into links too: query strings are logged with every request.
    expect((await call('activation', 'GET', `/activate?lang=en&code=${pending.code}`)).status).toBeLessThan(500);
    expect((await call('activation', 'GET', `/forgotten-password?email=${encodeURIComponent(who.email)}`)).status).toBeLessThan(500);
    const activated = await call('activation', 'POST', '/activation', { body: { code: pending.code, username, password: firstPassword } });
    expect(activated.status).toBe(200);
    expect((await login(username, firstPassword)).status).toBe(200);
    expect((await login(username, wrongPassword)).status).toBe(401);
    expect((await call('registry', 'GET', `/gateways/${gatewayId}`, { token: staff })).status).toBe(200);
    expect((await call('registry', 'POST', '/temporary-registrations', { token: portal, body: newPerson() })).status).toBe(201);

    expect((await forgottenPassword(who.email)).status).toBe(202);
    const resetCode = await codeEmailed(who.email, 'password-reset-code', 1);
    secrets['resetCode'] = resetCode;
    secrets['resetCodeWithoutDashes'] = resetCode.replace(/-/g, '');
    expect((await call('activation', 'GET', `/reset-password?code=${resetCode.replace(/-/g, '').toLowerCase()}&token=${staff}`)).status).toBeLessThan(500);
    // The code typed as a client might: lower case, without dashes.
    const reset = await call('activation', 'POST', '/password-reset', { body: { code: resetCode.toLowerCase().replace(/-/g, ''), password: secondPassword } });
    expect(reset.status).toBe(200);
    const last = await login(username, secondPassword);
    expect(last.status).toBe(200);
    lastTraceId = last.headers.get('traceparent')!.split('-')[1];
    // Every service has had its say: the last email of the story went out, and the last request was logged.
    await emailsTo(who.email, 'password-changed', 1);
    await waitFor('the last request in the logs', async () => (serviceLogLines().some(({ line }) => line.includes(lastTraceId)) ? true : undefined));
  }, 120_000);

  it('no log line holds a password, a code (with or without dashes) or a token', () => {
    const logs = serviceLogLines().map(({ file, line }) => ({ place: file, text: line }));
    expect(logs.filter(({ text }) => text.includes('"url":"/password-reset"')).length).toBeGreaterThan(0);
    const found = Object.fromEntries(Object.entries(secrets).map(([name, secret]) => [name, whereFound(secret, logs)]));
    expect(found).toEqual(Object.fromEntries(Object.keys(secrets).map((name) => [name, []])));
  });

  it('logs mask personal data: no email address, name or username in clear', () => {
    const logs = serviceLogLines().map(({ file, line }) => ({ place: file, text: line }));
    const personal = { email: who.email, urlEncodedEmail: encodeURIComponent(who.email), familyName: who.person.familyName, username };
    const found = Object.fromEntries(Object.entries(personal).map(([name, value]) => [name, whereFound(value, logs)]));
    expect(found).toEqual({ email: [], urlEncodedEmail: [], familyName: [], username: [] });
    const anyEmail = logs.filter(({ text }) => /[\w.+-]{2,}@[\w-]+\.[\w.]+/.test(text.replace(/\w\*\*\*@/g, '')));
    expect(anyEmail.map(({ place, text }) => `${place}: ${text.slice(0, 300)}`)).toEqual([]);
  });

  it('no Kafka record of any topic (audit and dead letters included) holds a password, a code or a token in clear', async () => {
    const records = (await readTopics()).map((record) => ({
      place: `${record.topic}/${record.partition}@${record.offset}`,
      text: `${record.key}\n${JSON.stringify(record.headers)}\n${record.value}`,
    }));
    // The story's events are there: its codes travelled sealed, its activation was announced.
    expect(records.filter(({ text }) => text.includes(gatewayId)).length).toBeGreaterThan(5);
    const found = Object.fromEntries(Object.entries(secrets).map(([name, secret]) => [name, whereFound(secret, records)]));
    expect(found).toEqual(Object.fromEntries(Object.keys(secrets).map((name) => [name, []])));
  });
});

describe('SPEC §8 a sealed code opens only in the event it was sealed for', () => {
  it('a sealed code copied into another event (another notification, another address) is never emailed', async () => {
    const pending = await registerPending();
    const issued = (await readTopics([Topic.ActivationCode]))
      .map((record) => JSON.parse(record.value) as Record<string, unknown>)
      .find((data) => data['gatewayId'] === pending.gatewayId);
    expect(issued).toBeDefined();
    const thief = `thief-${randomUUID()}@example.org`;
    const notificationId = randomUUID();
    const moved = encodeEvent(CodeIssued, { ...(issued as z.infer<typeof CodeIssued.schema>), notificationId, email: thief }, { source: 'test' });
    const producer = kafkaFor(e2eEnvironment().kafkaBrokers.split(',')).producer();
    await producer.connect();
    await producer.send({ topic: Topic.ActivationCode, messages: [{ ...moved, key: pending.gatewayId }] });
    await producer.disconnect();

    const tried = await waitFor('the courier to try the moved code', async () => {
      const [row] = await query<{ last_error: string | null }>('notifications', 'SELECT last_error FROM delivery WHERE notification_id = $1', [notificationId]);
      return row?.last_error ? row : undefined;
    });
    expect(tried.last_error).toContain('unable to authenticate data');
    const toThief = (await mailSink().list()).filter((email) => email.to.some((to) => to.address === thief));
    expect(toThief).toEqual([]);
  });
});
