import { e2eEnvironment } from './environment';
import { ServiceName } from './http';

/** The Prometheus text of one service instance: by name (the suite's instance) or by base URL (another one). */
export async function metrics(service: ServiceName | URL): Promise<string> {
  const base = service instanceof URL ? service.href.replace(/\/$/, '') : e2eEnvironment().urls[service];
  return (await fetch(`${base}/metrics`)).text();
}

/** The value of one sample line, e.g. `events_published_total{topic="intake.application.v1"}`, or `outbox_listening` without labels. */
export function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const lines = sampleLines(text, name, labels);
  return lines.length === 0 ? undefined : lines[0];
}

/** The sum of every sample line of `name` that has these labels (0 when none). */
export function sampleSum(text: string, name: string, labels: Record<string, string>): number {
  return sampleLines(text, name, labels).reduce((sum, value) => sum + value, 0);
}

function sampleLines(text: string, name: string, labels: Record<string, string>): number[] {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  return text
    .split('\n')
    .filter((row) => (row.startsWith(`${name}{`) || row.startsWith(`${name} `)) && wanted.every((label) => row.includes(label)))
    .map((line) => Number(line.slice(line.lastIndexOf(' ') + 1)));
}
