import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type Attributes,
  type ItemKey,
  type KeyValueStore,
  type QueryOptions,
  REVISION_ATTRIBUTE,
  type StoredItem,
  type TableDefinition,
  type WriteOperation,
} from '@tributary/ports';
import { mapDynamoError } from './dynamodb-error-mapping';
import { itemWithMaps } from './plain-objects-as-maps';

export interface DynamoDbConfig {
  readonly endpoint?: string;
  readonly region: string;
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
}

type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
>[number];

function toStored(item: Record<string, unknown>): StoredItem {
  const { [REVISION_ATTRIBUTE]: revision, ...attributes } = item;
  return { attributes: attributes as Attributes, revision: Number(revision ?? 0) };
}

function keyOf(table: TableDefinition, key: ItemKey): Record<string, string> {
  return { [table.partitionKey]: key.partition, [table.sortKey]: key.sort };
}

/** Metadata tables on DynamoDB: every item carries a `revision` used for compare-and-swap. */
export class DynamoDbKeyValueStore implements KeyValueStore {
  private readonly raw: DynamoDBClient;
  private readonly doc: DynamoDBDocumentClient;

  constructor(config: DynamoDbConfig) {
    this.raw = new DynamoDBClient({
      region: config.region,
      endpoint: config.endpoint,
      credentials:
        config.accessKeyId && config.secretAccessKey
          ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey }
          : undefined,
      maxAttempts: 3,
    });
    this.doc = DynamoDBDocumentClient.from(this.raw, {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
      unmarshallOptions: { wrapNumbers: false },
    });
  }

  async ensureTables(tables: readonly TableDefinition[]): Promise<void> {
    for (const table of tables) {
      try {
        await this.raw.send(
          new CreateTableCommand({
            TableName: table.name,
            BillingMode: 'PAY_PER_REQUEST',
            AttributeDefinitions: [
              { AttributeName: table.partitionKey, AttributeType: 'S' },
              { AttributeName: table.sortKey, AttributeType: 'S' },
            ],
            KeySchema: [
              { AttributeName: table.partitionKey, KeyType: 'HASH' },
              { AttributeName: table.sortKey, KeyType: 'RANGE' },
            ],
          }),
        );
      } catch (error) {
        if ((error as { name?: string }).name !== 'ResourceInUseException') {
          throw mapDynamoError(error, `create table ${table.name}`);
        }
      }
      await this.waitActive(table.name);
    }
  }

  private async waitActive(name: string): Promise<void> {
    for (let attempt = 0; attempt < 60; attempt++) {
      const result = await this.raw.send(new DescribeTableCommand({ TableName: name }));
      if (result.Table?.TableStatus === 'ACTIVE') return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`table ${name} did not become ACTIVE`);
  }

  async get(table: TableDefinition, key: ItemKey): Promise<StoredItem | undefined> {
    try {
      const result = await this.doc.send(
        new GetCommand({ TableName: table.name, Key: keyOf(table, key), ConsistentRead: true }),
      );
      return result.Item ? toStored(result.Item) : undefined;
    } catch (error) {
      throw mapDynamoError(error, `get ${table.name}`);
    }
  }

  async query(
    table: TableDefinition,
    partition: string,
    options: QueryOptions = {},
  ): Promise<StoredItem[]> {
    const names: Record<string, string> = { '#pk': table.partitionKey };
    const values: Record<string, unknown> = { ':pk': partition };
    let condition = '#pk = :pk';
    if (options.sortKeyAfter !== undefined) {
      names['#sk'] = table.sortKey;
      values[':after'] = options.sortKeyAfter;
      condition += ' AND #sk > :after';
    } else if (options.sortKeyPrefix !== undefined) {
      names['#sk'] = table.sortKey;
      values[':prefix'] = options.sortKeyPrefix;
      condition += ' AND begins_with(#sk, :prefix)';
    }
    const items: StoredItem[] = [];
    let startKey: QueryCommandInput['ExclusiveStartKey'];
    try {
      do {
        const page = await this.doc.send(
          new QueryCommand({
            TableName: table.name,
            KeyConditionExpression: condition,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ScanIndexForward: !options.descending,
            ConsistentRead: true,
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of page.Items ?? []) {
          const stored = toStored(item);
          const sort = stored.attributes[table.sortKey];
          if (
            options.sortKeyAfter !== undefined &&
            options.sortKeyPrefix !== undefined &&
            !(typeof sort === 'string' && sort.startsWith(options.sortKeyPrefix))
          ) {
            continue;
          }
          items.push(stored);
          if (options.limit !== undefined && items.length >= options.limit) return items;
        }
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    } catch (error) {
      throw mapDynamoError(error, `query ${table.name}`);
    }
    return items;
  }

  async *scan(table: TableDefinition): AsyncIterable<StoredItem> {
    let startKey: Record<string, unknown> | undefined;
    do {
      let page;
      try {
        page = await this.doc.send(
          new ScanCommand({
            TableName: table.name,
            ExclusiveStartKey: startKey,
            ConsistentRead: true,
          }),
        );
      } catch (error) {
        throw mapDynamoError(error, `scan ${table.name}`);
      }
      for (const item of page.Items ?? []) yield toStored(item);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }

  async write(operations: readonly WriteOperation[]): Promise<void> {
    if (operations.length === 0) return;
    try {
      if (operations.length === 1 && operations[0]!.kind !== 'check') {
        await this.writeOne(operations[0]!);
        return;
      }
      await this.doc.send(
        new TransactWriteCommand({ TransactItems: operations.map((op) => this.transactItem(op)) }),
      );
    } catch (error) {
      throw mapDynamoError(
        error,
        `write ${operations.map((o) => `${o.kind} ${o.table.name}`).join(', ')}`,
      );
    }
  }

  private async writeOne(op: Exclude<WriteOperation, { kind: 'check' }>): Promise<void> {
    const item = this.transactItem(op);
    if (item.Put) await this.doc.send(new PutCommand(item.Put));
    else if (item.Delete) await this.doc.send(new DeleteCommand(item.Delete));
  }

  private transactItem(op: WriteOperation): TransactItem {
    switch (op.kind) {
      case 'create':
        return {
          Put: {
            TableName: op.table.name,
            Item: itemWithMaps({ ...op.attributes, [REVISION_ATTRIBUTE]: 1 }),
            ConditionExpression: 'attribute_not_exists(#pk)',
            ExpressionAttributeNames: { '#pk': op.table.partitionKey },
          },
        };
      case 'update':
        return {
          Put: {
            TableName: op.table.name,
            Item: itemWithMaps({ ...op.attributes, [REVISION_ATTRIBUTE]: op.expectedRevision + 1 }),
            ConditionExpression: '#rev = :rev',
            ExpressionAttributeNames: { '#rev': REVISION_ATTRIBUTE },
            ExpressionAttributeValues: { ':rev': op.expectedRevision },
          },
        };
      case 'put':
        return {
          Put: {
            TableName: op.table.name,
            Item: itemWithMaps({ ...op.attributes, [REVISION_ATTRIBUTE]: 1 }),
          },
        };
      case 'delete':
        return {
          Delete: {
            TableName: op.table.name,
            Key: keyOf(op.table, op.key),
            ...(op.expectedRevision === undefined
              ? {}
              : {
                  ConditionExpression: '#rev = :rev',
                  ExpressionAttributeNames: { '#rev': REVISION_ATTRIBUTE },
                  ExpressionAttributeValues: { ':rev': op.expectedRevision },
                }),
          },
        };
      case 'check':
        return {
          ConditionCheck: {
            TableName: op.table.name,
            Key: keyOf(op.table, op.key),
            ConditionExpression: '#rev = :rev',
            ExpressionAttributeNames: { '#rev': REVISION_ATTRIBUTE },
            ExpressionAttributeValues: { ':rev': op.expectedRevision },
          },
        };
    }
  }

  async ping(): Promise<void> {
    try {
      await this.raw.send(new ListTablesCommand({ Limit: 1 }));
    } catch (error) {
      throw mapDynamoError(error, 'list tables');
    }
  }

  close(): void {
    this.raw.destroy();
  }
}
