/**
 * A Kafka cluster of N combined controller+broker nodes on this machine (chaos against the cluster, issue 19), from
 * the same Maven jars as the single broker: node i (1..N) listens on `port + i - 1` for clients and
 * `controllerPort + i - 1` for the quorum, keeps its data in `<dataDir>/node-<i>`, and every node is a voter of a
 * static controller quorum. The internal topics get the cluster's replication (`clusterReplication`).
 */
import * as path from 'node:path';
import { BrokerHandle, randomClusterId, startBroker, StartBrokerOptions } from './broker';

/** Three JVMs starting at once on a small machine take longer than one. */
const CLUSTER_READY_TIMEOUT_MS = 180_000;

export interface StartClusterOptions {
  nodes: number;
  /** node 1's client port; node i's is port + i - 1 */
  port: number;
  /** node 1's controller port; node i's is controllerPort + i - 1 (the two ranges must not overlap) */
  controllerPort: number;
  dataDir: string;
  /** where each node's logs go: `<logDir>/node-<i>`; default beside the single broker's */
  logDir?: string;
}

export interface ClusterNode {
  nodeId: number;
  /** host:port of its client listener */
  address: string;
  /** its JVM, while it runs */
  pid(): number | undefined;
  running(): boolean;
  /** SIGKILL, nothing flushed: a broker lost (`left down` until start()) */
  kill(): Promise<void>;
  /** SIGTERM, wait for exit (SIGKILL after 15 s) */
  stop(): Promise<void>;
  /** starts it again on its data; resolves when it serves clients */
  start(): Promise<void>;
}

export interface ClusterHandle {
  /** the bootstrap list, every node: `127.0.0.1:p1,127.0.0.1:p2,…` */
  brokers: string;
  nodes: ClusterNode[];
  stop(): Promise<void>;
}

/** Starts every node at once (a quorum needs a majority up) and resolves when each one serves clients. */
export async function startCluster(options: StartClusterOptions): Promise<ClusterHandle> {
  const { nodes: count, port, controllerPort } = options;
  if (count < 1) throw new Error('a cluster has at least one node');
  if (Math.abs(port - controllerPort) < count) throw new Error(`client ports ${port}+ and controller ports ${controllerPort}+ overlap for ${count} nodes`);
  const clusterId = randomClusterId();
  const voters = Array.from({ length: count }, (_, index) => ({ nodeId: index + 1, controllerPort: controllerPort + index }));
  const nodes = voters.map(({ nodeId }) =>
    clusterNode({
      port: port + nodeId - 1,
      controllerPort: controllerPort + nodeId - 1,
      dataDir: path.join(options.dataDir, `node-${nodeId}`),
      logDir: options.logDir && path.join(options.logDir, `node-${nodeId}`),
      cluster: { nodeId, voters, clusterId },
      readyTimeoutMs: CLUSTER_READY_TIMEOUT_MS,
    }),
  );
  const stop = async () => {
    await Promise.all(nodes.map((node) => node.stop()));
  };
  const starts = await Promise.allSettled(nodes.map((node) => node.start()));
  const failed = starts.find((start): start is PromiseRejectedResult => start.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  return { brokers: nodes.map((node) => node.address).join(','), nodes, stop };
}

function clusterNode(options: StartBrokerOptions & { cluster: NonNullable<StartBrokerOptions['cluster']>; port: number }): ClusterNode {
  let handle: BrokerHandle | undefined;
  let running = false;
  return {
    nodeId: options.cluster.nodeId,
    address: `127.0.0.1:${options.port}`,
    pid: () => (running ? handle?.pid : undefined),
    running: () => running,
    async kill() {
      if (!handle || !running) return;
      process.kill(handle.pid, 'SIGKILL');
      await handle.exited;
      running = false;
    },
    async stop() {
      if (!handle || !running) return;
      await handle.stop();
      running = false;
    },
    async start() {
      const started = await startBroker(options);
      handle = started;
      running = true;
      void started.exited.then(() => {
        if (handle === started) running = false;
      });
    },
  };
}
