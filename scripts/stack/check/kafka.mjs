// kafkajs 2.2.4 against the local Kafka: cluster metadata, topic auto-creation (3 partitions), produce with
// acks=-1 (all), consume with a consumer group from the beginning.
import { Kafka, logLevel } from 'kafkajs';
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');
const kafka = new Kafka({ clientId: 'stack-check', brokers, logLevel: logLevel.NOTHING });
let failures = 0;
const check = (name, ok, detail) => {
  console.log(`${ok ? 'PASS' : 'FAIL'} kafka: ${name}${detail ? ' — ' + detail : ''}`);
  if (!ok) failures++;
};
const run = Date.now().toString(36);
const topic = `stack-check-${run}`;
const admin = kafka.admin();
await admin.connect();
const cluster = await admin.describeCluster();
check(
  'admin.describeCluster',
  cluster.brokers.length === 1,
  `brokers=${JSON.stringify(cluster.brokers)} controller=${cluster.controller}`,
);
const producer = kafka.producer({ allowAutoTopicCreation: true });
await producer.connect();
let t = Date.now();
const sent = await producer.send({
  topic,
  acks: -1,
  messages: [{ key: 'k1', value: 'hello from kafkajs' }],
});
check(
  'produce acks=-1 (auto-created topic)',
  sent.length === 1 && sent[0].errorCode === 0,
  `${JSON.stringify(sent)} in ${Date.now() - t} ms`,
);
const meta = await admin.fetchTopicMetadata({ topics: [topic] });
check(
  'auto-created topic has num.partitions=3',
  meta.topics[0].partitions.length === 3,
  `partitions=${meta.topics[0].partitions.length}`,
);
const consumer = kafka.consumer({ groupId: `stack-check-group-${run}` });
await consumer.connect();
await consumer.subscribe({ topic, fromBeginning: true });
t = Date.now();
const got = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('no message within 30 s')), 30000);
  consumer.run({
    eachMessage: async ({ message, partition }) => {
      clearTimeout(timer);
      resolve({ key: message.key.toString(), value: message.value.toString(), partition });
    },
  });
}).catch((e) => ({ error: e.message }));
check(
  'consume with a group',
  got.value === 'hello from kafkajs' && got.key === 'k1',
  `${JSON.stringify(got)} after ${Date.now() - t} ms`,
);
await new Promise((r) => setTimeout(r, 200));
const offsets = await admin
  .fetchOffsets({ groupId: `stack-check-group-${run}`, topics: [topic] })
  .catch((e) => e.message);
console.log(`INFO kafka: committed group offsets ${JSON.stringify(offsets)}`);
await consumer.disconnect();
await producer.disconnect();
await admin.deleteTopics({ topics: [topic] }).catch(() => {});
await admin.disconnect();
console.log(failures ? `kafka: ${failures} check(s) FAILED` : 'kafka: all checks passed');
process.exit(failures ? 1 : 0);
