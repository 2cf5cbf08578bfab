import { ALL_TOPICS, type TopicBaseName } from '@tributary/contracts';

export type { TopicBaseName };

export function isValidTopic(value: string): value is TopicBaseName {
  return (ALL_TOPICS as readonly string[]).includes(value);
}
