/**
 * Every Kafka topic Tributary uses. A namespace (per environment or per test) prefixes the name
 * so that several Tributary deployments can share one cluster without seeing each other.
 */
export const TOPIC = {
  fileLanded: 'file-landed',
  schemaProfiled: 'schema-profiled',
  driftDetected: 'drift-detected',
  deadLetter: 'dead-letter',
  runCompleted: 'run-completed',
  runPromoted: 'run-promoted',
  runRejected: 'run-rejected',
  runFailed: 'run-failed',
  promotionBlocked: 'promotion-blocked',
} as const;

export type TopicKey = keyof typeof TOPIC;
export type TopicBaseName = (typeof TOPIC)[TopicKey];

export const ALL_TOPICS: readonly TopicBaseName[] = Object.values(TOPIC);

const NAMESPACE_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;

export function isValidNamespace(namespace: string): boolean {
  return namespace === '' || NAMESPACE_PATTERN.test(namespace);
}

/** The physical topic name of a base topic within a namespace. */
export function topicName(base: TopicBaseName, namespace: string): string {
  if (!isValidNamespace(namespace)) throw new Error(`invalid namespace "${namespace}"`);
  return namespace === '' ? base : `${namespace}.${base}`;
}

/** Poison or terminally failing messages of `topic` go here, with the error in headers. */
export function deadLetterTopicName(physicalTopic: string): string {
  return `${physicalTopic}.dlq`;
}

/** The base topic of a physical topic name, or undefined when it is not one of ours. */
export function baseTopicOf(physicalTopic: string, namespace: string): TopicBaseName | undefined {
  const prefix = namespace === '' ? '' : `${namespace}.`;
  if (!physicalTopic.startsWith(prefix)) return undefined;
  const rest = physicalTopic.slice(prefix.length);
  return ALL_TOPICS.find((t) => t === rest);
}

/** Confluent TopicNameStrategy: the registry subject holding a topic's value schema. */
export function valueSubjectOf(physicalTopic: string): string {
  return `${physicalTopic}-value`;
}

/** Header names used on dead-lettered messages. */
export const DLQ_HEADER = {
  error: 'x-tributary-error',
  errorKind: 'x-tributary-error-kind',
  originalTopic: 'x-tributary-original-topic',
  originalPartition: 'x-tributary-original-partition',
  originalOffset: 'x-tributary-original-offset',
  attempts: 'x-tributary-attempts',
  failedAt: 'x-tributary-failed-at',
} as const;

/** Header carrying the W3C trace context alongside the encoded payload. */
export const TRACEPARENT_HEADER = 'traceparent';
