export interface BenchOptions {
  /** People registered at full speed. */
  count: number;
  /** Submissions per second of the fixed-rate batch, or 'auto': half of what the full-speed phase measured. */
  rate: number | 'auto';
  /** Concurrent HTTP clients at full speed. */
  concurrency: number;
  /** Run the full-speed part again with a second instance of the slowest service. */
  scaleOut: boolean;
}

const USAGE = 'usage: npm run bench [-- --count N --rate R|auto --concurrency C --scale-out]';

export function parseOptions(args: string[]): BenchOptions {
  const known = new Set(['--count', '--rate', '--concurrency', '--scale-out']);
  const unknown = args.filter((arg) => arg.startsWith('--') && !known.has(arg));
  if (unknown.length > 0) throw new Error(`unknown option ${unknown.join(', ')}\n${USAGE}`);
  return {
    count: positiveInteger(args, '--count', 1000),
    rate: args[args.indexOf('--rate') + 1] === 'auto' || !args.includes('--rate') ? 'auto' : positiveInteger(args, '--rate', 1),
    concurrency: positiveInteger(args, '--concurrency', 32),
    scaleOut: args.includes('--scale-out'),
  };
}

function positiveInteger(args: string[], name: string, fallback: number): number {
  const index = args.indexOf(name);
  if (index < 0) return fallback;
  const value = Number(args[index + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} takes a whole number above 0\n${USAGE}`);
  return value;
}
