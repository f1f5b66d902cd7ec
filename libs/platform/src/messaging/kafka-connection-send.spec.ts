import { Topic } from '@client-gate/contracts';
import { RecordMetadata } from 'kafkajs';
import { KafkaConnection, UnacknowledgedPartitionsError } from './kafka-connection';

/** kafkajs 2.2.4 can answer a send without some partitions after a leader moved (issue 19): the send must fail. */
describe('KafkaConnection.sendBatch', () => {
  const connection = () => {
    const kafka = new KafkaConnection('test', ['127.0.0.1:1'], { eventsMs: 1, auditMs: 1 }, { KAFKA_REQUEST_TIMEOUT_SECONDS: 1, KAFKA_CONNECT_TIMEOUT_SECONDS: 1 }, { refuseShortfall: false });
    const sent: { topic: string; messages: { key: string; partition: number }[] }[] = [];
    const internals = kafka as unknown as { admin: object; current: object };
    internals.admin = {
      connect: async () => undefined,
      fetchTopicMetadata: async ({ topics }: { topics: string[] }) => ({
        topics: topics.map((name) => ({ name, partitions: Array.from({ length: 6 }, (_, partitionId) => ({ partitionId, leader: 1, replicas: [1], isr: [1] })) })),
      }),
    };
    let answer: (placed: typeof sent) => RecordMetadata[] = () => [];
    internals.current = {
      sendBatch: async ({ topicMessages }: { topicMessages: typeof sent }) => {
        sent.push(...topicMessages);
        return answer(topicMessages);
      },
    };
    return { kafka, sent, answerWith: (fn: typeof answer) => (answer = fn) };
  };
  const everyPartition = (placed: { topic: string; messages: { partition: number }[] }[]) =>
    placed.flatMap(({ topic, messages }) => [...new Set(messages.map(({ partition }) => partition))].map((partition) => ({ topicName: topic, partition, errorCode: 0 })));
  const messages = Array.from({ length: 20 }, (_, index) => ({ key: `key-${index}`, value: 'v' }));

  it('places every record on its key\'s partition and succeeds when every partition is acknowledged', async () => {
    const { kafka, sent, answerWith } = connection();
    answerWith(everyPartition);
    await kafka.sendBatch([{ topic: Topic.RegistryGateway, messages }]);
    expect(sent[0].messages.every(({ partition }) => Number.isInteger(partition) && partition >= 0 && partition < 6)).toBe(true);
    // The same key, the same partition, every time (per-key order).
    await kafka.sendBatch([{ topic: Topic.RegistryGateway, messages }]);
    expect(sent[1].messages.map(({ partition }) => partition)).toEqual(sent[0].messages.map(({ partition }) => partition));
  });

  it('fails, naming them, when partitions written to are missing from the answer', async () => {
    const { kafka, answerWith } = connection();
    answerWith((placed) => everyPartition(placed).slice(1));
    await expect(kafka.sendBatch([{ topic: Topic.RegistryGateway, messages }])).rejects.toThrow(UnacknowledgedPartitionsError);
    await expect(kafka.sendBatch([{ topic: Topic.RegistryGateway, messages }])).rejects.toThrow(/did not acknowledge registry\.gateway\.v1\/\d/);
  });
});
