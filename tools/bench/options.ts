export interface BenchOptions {
  /** People registered end to end in each full-speed phase (closed loop, then open pipeline). */
  count: number;
  /** Submissions per second of the fixed-rate batch, or 'auto': half of what the open pipeline measured. */
  rate: number | 'auto';
  /** Concurrent HTTP clients at full speed. */
  concurrency: number;
  /** Sign-ins (password, then an authenticator's code) measured in the login phase. */
  logins: number;
  /** Run the full-speed part again with a second instance of the slowest service. */
  scaleOut: boolean;
  /** Added to every port the bench opens, so that two benches (or a bench and a peer's) can run on one machine. */
  portOffset: number;
}

const USAGE = 'usage: npm run bench [-- --count N --rate R|auto --concurrency C --logins L --port-offset P --scale-out]';

export function parseOptions(args: string[]): BenchOptions {
  const known = new Set(['--count', '--rate', '--concurrency', '--logins', '--port-offset', '--scale-out']);
  const unknown = args.filter((arg) => arg.startsWith('--') && !known.has(arg));
  if (unknown.length > 0) throw new Error(`unknown option ${unknown.join(', ')}\n${USAGE}`);
  return {
    count: positiveInteger(args, '--count', 1000),
    rate: args[args.indexOf('--rate') + 1] === 'auto' || !args.includes('--rate') ? 'auto' : positiveInteger(args, '--rate', 1),
    concurrency: positiveInteger(args, '--concurrency', 32),
    logins: positiveInteger(args, '--logins', 400),
    scaleOut: args.includes('--scale-out'),
    portOffset: args.includes('--port-offset') ? wholeNumber(args, '--port-offset') : 0,
  };
}

function positiveInteger(args: string[], name: string, fallback: number): number {
  const index = args.indexOf(name);
  if (index < 0) return fallback;
  const value = Number(args[index + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} takes a whole number above 0\n${USAGE}`);
  return value;
}

function wholeNumber(args: string[], name: string): number {
  const value = Number(args[args.indexOf(name) + 1]);
  if (!Number.isInteger(value) || value < 0 || value > 10_000) throw new Error(`${name} takes a whole number from 0 to 10000\n${USAGE}`);
  return value;
}
