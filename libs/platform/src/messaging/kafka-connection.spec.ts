import { KafkaJSConnectionError, KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from 'kafkajs';
import { permanentRefusal } from './kafka-connection';

// kafkajs's retrier passes the cause as a second argument, which its typings leave out.
const NonRetriable = KafkaJSNonRetriableError as unknown as new (error: Error, options: { cause: Error }) => Error;

/** What the broker's error code becomes in kafkajs (protocol/error.js). */
function brokerError(type: string, retriable: boolean): KafkaJSProtocolError {
  return new KafkaJSProtocolError(Object.assign(new Error(`broker says ${type}`), { type, code: 0, retriable }) as never);
}

describe('permanentRefusal: which Kafka errors no retry can fix (issue 11)', () => {
  it.each([
    ['UNKNOWN_TOPIC_OR_PARTITION', true],
    ['MESSAGE_TOO_LARGE', false],
    ['RECORD_LIST_TOO_LARGE', false],
    ['INVALID_RECORD', false],
    ['INVALID_TOPIC_EXCEPTION', false],
    ['TOPIC_AUTHORIZATION_FAILED', false],
  ])('%s is permanent, however kafkajs wraps it', (type, retriable) => {
    const error = brokerError(type, retriable);
    expect(permanentRefusal(error)).toBe(type);
    expect(permanentRefusal(new KafkaJSNumberOfRetriesExceeded(error, { retryCount: 5, retryTime: 5000 } as never))).toBe(type);
    expect(permanentRefusal(new NonRetriable(error, { cause: error }))).toBe(type);
  });

  it.each([
    ['a lost connection', new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092')],
    ['retries exhausted on a lost connection', new KafkaJSNumberOfRetriesExceeded(new KafkaJSConnectionError('Connection timeout'), { retryCount: 5, retryTime: 5000 } as never)],
    ['a leader election', brokerError('NOT_LEADER_FOR_PARTITION', true)],
    ['a timeout', brokerError('REQUEST_TIMED_OUT', true)],
    ['not enough replicas', brokerError('NOT_ENOUGH_REPLICAS', true)],
    ['anything else', new Error('boom')],
  ])('%s is not: the batch is sent again', (_, error) => {
    expect(permanentRefusal(error)).toBeUndefined();
  });
});
