import { mintPortalToken, mintStaffToken } from '@client-gate/platform';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_DIR } from '../system/launch';
import { DevSecrets } from '../system/secrets';
import {
  consumerLag, describeDeadLetter, describeRecord, kafkaFor, listTopics, readDeadLetters, replayDeadLetters,
} from './kafka-ops';
import { parseDuration, PlatformEndpoints, readClock, runJobs, setClockOffset } from './platform-client';

const HELP = `npm run ops -- <command>

  staff-token --officer <id> --consulate <code>   a staff token (outside production); the token is the last line
  portal-token                                    the online portal's credential; the token is the last line
  clock                                           the platform's current time
  clock set <ISO time>                            move every service's clock to that time (it keeps ticking)
  clock advance <duration>                        move it forward, e.g. 6d, 12h, 1d12h
  clock reset                                     back to real time
  jobs run                                        run every scheduled job that is due, wait until they finish
  topics                                          every topic with its partitions and message count
  tail <topic> [--from-beginning] [--max N]       follow a topic, decoded (secrets are never shown)
  lag                                             consumer lag per group, topic and partition
  dlq list                                        the dead letters: why each failed, where it came from
  dlq replay <id> | --all                         send dead letters back to their topic (ids from dlq list)

Settings (env): KAFKA_BROKERS (127.0.0.1:9092), INTAKE_URL, REGISTRY_URL, ACTIVATION_URL, NOTIFICATIONS_URL
(http://127.0.0.1:3001..3004), STAFF_TOKEN_SECRET (else the one npm start made in .local/dev-secrets.json).
Production (NODE_ENV=production) refuses tokens, clock and jobs.`;

function endpoints(): PlatformEndpoints {
  const env = process.env;
  return {
    kafkaBrokers: (env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','),
    serviceUrls: {
      intake: env['INTAKE_URL'] ?? 'http://127.0.0.1:3001',
      registry: env['REGISTRY_URL'] ?? 'http://127.0.0.1:3002',
      activation: env['ACTIVATION_URL'] ?? 'http://127.0.0.1:3003',
      notifications: env['NOTIFICATIONS_URL'] ?? 'http://127.0.0.1:3004',
    },
  };
}

function staffSecret(): string {
  const fromEnv = process.env['STAFF_TOKEN_SECRET'];
  if (fromEnv) return fromEnv;
  const file = join(LOCAL_DIR, 'dev-secrets.json');
  if (!existsSync(file)) throw new Error('STAFF_TOKEN_SECRET is not set and npm start has not made .local/dev-secrets.json yet');
  return (JSON.parse(readFileSync(file, 'utf8')) as DevSecrets).STAFF_TOKEN_SECRET;
}

/** Progress of long commands goes to stderr, and only to a terminal: the last line of stdout stays the result. */
function progress(line: string): void {
  if (process.stderr.isTTY) process.stderr.write(`${line}\n`);
}

function option(args: string[], name: string): string {
  const index = args.indexOf(`--${name}`);
  const value = index >= 0 ? args[index + 1] : undefined;
  if (!value) throw new Error(`--${name} is required`);
  return value;
}

/** Tokens are minted on the platform's clock when it answers, so they work at the simulated time. */
async function platformNow(): Promise<Date> {
  try {
    return new Date((await readClock(endpoints())).now);
  } catch {
    return new Date();
  }
}

async function main(args: string[]): Promise<void> {
  const [command, sub, value] = args;
  if (!command || command === '--help' || command === 'help') return console.log(HELP);
  const kafka = () => kafkaFor(endpoints().kafkaBrokers);
  switch (command) {
    case 'topics':
      return console.table(await listTopics(kafka()));
    case 'lag':
      return console.table(await consumerLag(kafka()));
    case 'tail':
      return tail(sub, args);
    case 'dlq': {
      const letters = await readDeadLetters(kafka());
      if (sub === 'list') {
        if (letters.length === 0) return console.log('no dead letters');
        return letters.forEach((letter) => console.log(JSON.stringify(describeDeadLetter(letter))));
      }
      if (sub !== 'replay' || !value) throw new Error('usage: dlq list | dlq replay <id> | dlq replay --all');
      const chosen = value === '--all' ? letters : letters.filter((letter) => letter.id === value);
      if (chosen.length === 0) throw new Error(`no dead letter ${value}; see dlq list`);
      const replayed = await replayDeadLetters(kafka(), chosen, (done) => progress(`replaying ${done + 1}/${chosen.length}`));
      return console.log(`replayed ${replayed} dead letter(s)`);
    }
  }
  if (process.env['NODE_ENV'] === 'production') throw new Error(`"${command}" is refused in production`);
  switch (command) {
    case 'staff-token': {
      const staff = { officer: option(args, 'officer'), consulate: option(args, 'consulate') };
      console.log(`staff token for ${staff.officer} at ${staff.consulate}, valid 8 hours:`);
      return console.log(mintStaffToken(staffSecret(), staff, await platformNow()));
    }
    case 'portal-token':
      console.log("the online portal's credential:");
      return console.log(mintPortalToken(staffSecret(), await platformNow()));
    case 'clock': {
      const at = endpoints();
      if (!sub) return console.log((await readClock(at)).now);
      const current = await readClock(at);
      const offset =
        sub === 'set' ? new Date(value).getTime() - Date.now()
        : sub === 'advance' ? current.offsetMs + parseDuration(value)
        : sub === 'reset' ? 0
        : NaN;
      if (Number.isNaN(offset)) throw new Error(`usage: clock [set <ISO time> | advance <duration> | reset]`);
      const state = await setClockOffset(at, offset);
      return console.log(`clock is now ${state.now} on every service`);
    }
    case 'jobs': {
      if (sub !== 'run') throw new Error('usage: jobs run');
      const results = await runJobs(endpoints(), progress);
      return console.log(JSON.stringify(results, null, 2));
    }
    default:
      throw new Error(`unknown command "${command}"; see --help`);
  }
}

/** Follows a topic until Ctrl-C (or --max records), one decoded JSON line per record. */
async function tail(topic: string | undefined, args: string[]): Promise<void> {
  if (!topic) throw new Error('usage: tail <topic> [--from-beginning] [--max N]');
  const max = args.includes('--max') ? Number(option(args, 'max')) : Infinity;
  const consumer = kafkaFor(endpoints().kafkaBrokers).consumer({ groupId: `ops-cli-tail-${Date.now()}`, maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: args.includes('--from-beginning') });
  let seen = 0;
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    void consumer.run({
      eachMessage: async ({ topic: from, partition, message }) => {
        if (seen >= max) return;
        console.log(JSON.stringify(describeRecord(from, partition, message)));
        if (++seen >= max) resolve();
      },
    });
  });
  await consumer.disconnect();
}

main(process.argv.slice(2)).catch((error: Error) => {
  console.error(`ops: ${error.message}`);
  process.exit(1);
});
