// What every Herald broker is, wherever it runs: the one tools/kafka/kafka.mjs starts here (for `npm start`, the
// tests and the benchmarks) and the one docker-compose.yml runs, whose environment libs/testing's
// docker-compose.spec.ts holds to these. Listeners, the controller's quorum and the data directory are where the
// broker runs, so each of the two sets its own.

/** 3.9.x: Kafka 4 removed protocol versions that kafkajs 2.2.4 still speaks (tools/kafka/pom.xml fetches the same). */
const KAFKA_VERSION = '3.9.2';

/** The JVM's heap: what a single node carrying Herald's topics needs, leaving the machine's memory to the services. */
const KAFKA_HEAP_OPTS = '-Xms256m -Xmx512m';

const BROKER_SETTINGS = {
  'process.roles': 'broker,controller',
  'node.id': '1',
  'controller.listener.names': 'CONTROLLER',
  'inter.broker.listener.name': 'PLAINTEXT',
  'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
  'num.partitions': '3',
  // One node: every internal topic has one replica, and one in-sync replica is all of them.
  'offsets.topic.replication.factor': '1',
  'offsets.topic.num.partitions': '10',
  'transaction.state.log.replication.factor': '1',
  'transaction.state.log.min.isr': '1',
  'default.replication.factor': '1',
  'min.insync.replicas': '1',
  // Herald's services create their topics with the partition counts they want.
  'auto.create.topics.enable': 'false',
  'group.initial.rebalance.delay.ms': '0',
  'log.retention.hours': '168',
  'log.segment.bytes': '268435456',
  // The largest event (libs/kafka's MAX_EVENT_BYTES): a message's events carry its request, message.ready its
  // template values twice; apps/ingress's event-size spec holds the body limit below it.
  'message.max.bytes': '4194304',
};

module.exports = { KAFKA_VERSION, KAFKA_HEAP_OPTS, BROKER_SETTINGS };
