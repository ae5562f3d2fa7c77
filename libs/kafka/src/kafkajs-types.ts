/**
 * The kafkajs types a caller outside this library needs to name (a record's headers, a client's options): only this
 * library imports kafkajs, so the rest of the workspace takes them from here.
 */
export type { IHeaders, KafkaConfig, KafkaMessage } from 'kafkajs';
