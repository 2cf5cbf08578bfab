import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { type EventCodec, TerminalError, TransientError } from '@tributary/ports';
import { valueSubjectOf } from '@tributary/contracts';

/**
 * Avro in the Confluent wire format (magic byte, schema id, payload), with schemas registered
 * under the TopicNameStrategy subject so any Confluent-compatible deserializer can read our topics.
 */
export class ConfluentRegistryCodec implements EventCodec {
  private readonly registry: SchemaRegistry;
  private readonly schemaIds = new Map<string, number>();

  constructor(private readonly host: string) {
    this.registry = new SchemaRegistry({
      host,
      retry: { retries: 5, initialRetryTimeInSecs: 0.2 },
    });
  }

  async prepare(topics: readonly { physical: string; schema: object }[]): Promise<void> {
    for (const { physical, schema } of topics) {
      if (this.schemaIds.has(physical)) continue;
      this.schemaIds.set(physical, await this.register(physical, schema));
    }
  }

  /**
   * Services starting together race to create a subject (and its compatibility rule); the loser
   * sees a conflict, and registering again then finds the subject and returns the same id.
   */
  private async register(physical: string, schema: object): Promise<number> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= 5; attempt++) {
      try {
        const { id } = await this.registry.register(
          { type: SchemaType.AVRO, schema: JSON.stringify(schema) },
          { subject: valueSubjectOf(physical) },
        );
        return id;
      } catch (error) {
        lastError = error;
        await new Promise((r) => setTimeout(r, 100 * attempt + Math.random() * 100));
      }
    }
    throw new TransientError(
      'SCHEMA_REGISTRY_UNAVAILABLE',
      `register schema for ${physical}: ${(lastError as Error).message}`,
      { cause: lastError },
    );
  }

  async encode(physicalTopic: string, event: object): Promise<Buffer> {
    const id = this.schemaIds.get(physicalTopic);
    if (id === undefined) throw new Error(`no schema registered for topic ${physicalTopic}`);
    try {
      return await this.registry.encode(id, event);
    } catch (error) {
      throw new TerminalError(
        'EVENT_INVALID',
        `encode for ${physicalTopic}: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
  }

  async decode(_physicalTopic: string, value: Buffer): Promise<unknown> {
    try {
      return toPlain(await this.registry.decode(value));
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'ConfluentSchemaRegistryError' || name === 'ResponseError') {
        const status = (error as { status?: number }).status;
        if (status === undefined || status >= 500) {
          throw new TransientError('SCHEMA_REGISTRY_UNAVAILABLE', (error as Error).message, {
            cause: error,
          });
        }
      }
      throw new TerminalError('EVENT_UNDECODABLE', `decode: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  async ping(): Promise<void> {
    const response = await fetch(`${this.host.replace(/\/$/, '')}/subjects`).catch(
      (error: unknown) => {
        throw new TransientError('SCHEMA_REGISTRY_UNAVAILABLE', String(error), { cause: error });
      },
    );
    if (!response.ok) {
      throw new TransientError(
        'SCHEMA_REGISTRY_UNAVAILABLE',
        `registry answered ${response.status}`,
      );
    }
  }
}

/** avsc decodes records into class instances; the rest of the code expects plain JSON. */
function toPlain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}
