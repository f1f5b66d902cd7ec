/** Injection tokens of the platform module. */
export const SERVICE_NAME = Symbol('SERVICE_NAME');
export const KAFKA_PRODUCER = Symbol('KAFKA_PRODUCER');
export const KAFKA_CLIENT = Symbol('KAFKA_CLIENT');
