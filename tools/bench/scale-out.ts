import { Kafka } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import { RunningSystem } from '../system/launch';
import { RunningService, ServiceName, spawnService, waitUntilReady } from '../system/services';
import { Hop } from './hops';
import { PhaseObservation } from './report';

/**
 * The service that held registrations up the longest: the one that ends the slowest hop (its consumer
 * or the relay in front of it). Without the breakdown by hop, the deepest queue on the way to the
 * email; intake's own consumer of decisions is off that way and left out.
 */
export function slowestService(hops: Hop[] | Error, observation: PhaseObservation): { service: ServiceName; why: string } {
  if (!(hops instanceof Error)) {
    const slowest = hops.filter((hop) => hop.service).sort((a, b) => b.p50Ms - a.p50Ms)[0];
    return { service: slowest.service!, why: `the slowest hop was "${slowest.hop}", p50 ${slowest.p50Ms} ms` };
  }
  const deepest = observation.backlogs.filter((backlog) => !backlog.stage.includes('decisions')).sort((a, b) => b.mean - a.mean)[0];
  return { service: deepest.service, why: `"${deepest.stage}" was the deepest queue, mean ${deepest.mean}, peak ${deepest.peak}` };
}

/** Starts another instance of `name` on `port`; resolves once it serves HTTP and has its share of the partitions. */
export async function addInstance(system: RunningSystem, kafka: Kafka, name: ServiceName, port: number, logDir: string): Promise<RunningService> {
  const instance = spawnService(name, system.runtime, system.serviceEnv[name], logDir, port);
  try {
    await waitUntilReady(instance);
    await waitForMembers(kafka, name, 2);
    return instance;
  } catch (error) {
    await instance.stop();
    throw error;
  }
}

async function waitForMembers(kafka: Kafka, group: string, members: number, timeoutMs = 60_000): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const [described] = (await admin.describeGroups([group])).groups;
      if (described?.state === 'Stable' && described.members.length === members) return;
      await sleep(250);
    }
    throw new Error(`consumer group ${group} did not reach ${members} members within ${timeoutMs / 1000} s`);
  } finally {
    await admin.disconnect();
  }
}
