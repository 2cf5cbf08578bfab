/** A message as it travels: bytes plus headers, keyed by source id. */
export interface OutgoingMessage {
  readonly key: string;
  readonly value: Buffer;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface ReceivedMessage {
  /** Physical topic name. */
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
  readonly timestamp: number;
}

export type StartPosition = 'earliest' | 'latest' | { readonly timestamp: number };

export interface ConsumeOptions {
  readonly groupId: string;
  readonly topics: readonly string[];
  /** Where a group with no committed offsets starts; a timestamp resets the group (replay). */
  readonly start?: StartPosition;
  /** Called once per message, in order per partition. The offset is committed only after it resolves. */
  readonly onMessage: (message: ReceivedMessage) => Promise<void>;
}

export interface Subscription {
  /** Stops fetching, lets the message in hand finish, commits, leaves the group. */
  stop(): Promise<void>;
}

export interface GroupLag {
  readonly topic: string;
  readonly partition: number;
  readonly lag: number;
}

/** Topics with partitions by key and consumer groups with committed offsets (Kafka or embedded). */
export interface MessageTransport {
  ensureTopics(topics: readonly string[]): Promise<void>;
  /** Resolves when every replica acknowledged (acks = all). */
  send(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  consume(options: ConsumeOptions): Promise<Subscription>;
  groupLag(groupId: string, topics: readonly string[]): Promise<GroupLag[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Encodes events for the wire (Confluent wire format with a schema registry, or embedded). */
export interface EventCodec {
  /** Registers the schemas of these physical topics (idempotent). */
  prepare(topics: readonly { physical: string; schema: object }[]): Promise<void>;
  encode(physicalTopic: string, event: object): Promise<Buffer>;
  decode(physicalTopic: string, value: Buffer): Promise<unknown>;
  ping(): Promise<void>;
}
