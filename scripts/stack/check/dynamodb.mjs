// @aws-sdk/client-dynamodb against DynamoDB Local: CreateTable, ListTables, conditional PutItem, GetItem.
import {
  DynamoDBClient,
  CreateTableCommand,
  ListTablesCommand,
  PutItemCommand,
  GetItemCommand,
  DeleteTableCommand,
} from '@aws-sdk/client-dynamodb';
const endpoint = process.env.DYNAMODB_ENDPOINT ?? 'http://127.0.0.1:18000';
const ddb = new DynamoDBClient({
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'testsecret' },
});
let failures = 0;
const check = (name, ok, detail) => {
  console.log(`${ok ? 'PASS' : 'FAIL'} dynamodb: ${name}${detail ? ' — ' + detail : ''}`);
  if (!ok) failures++;
};
const TableName = `stack_check_${Date.now().toString(36)}`;
const created = await ddb.send(
  new CreateTableCommand({
    TableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
  }),
);
check(
  'CreateTable',
  created.TableDescription?.TableStatus === 'ACTIVE',
  created.TableDescription?.TableStatus,
);
const list = await ddb.send(new ListTablesCommand({}));
check('ListTables', list.TableNames.includes(TableName), JSON.stringify(list.TableNames));
await ddb.send(
  new PutItemCommand({
    TableName,
    Item: { pk: { S: 'a' }, n: { N: '1' } },
    ConditionExpression: 'attribute_not_exists(pk)',
  }),
);
const again = await ddb
  .send(
    new PutItemCommand({
      TableName,
      Item: { pk: { S: 'a' }, n: { N: '2' } },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  )
  .then(
    () => 'accepted',
    (e) => e.name,
  );
check(
  'conditional PutItem on an existing key is rejected',
  again === 'ConditionalCheckFailedException',
  again,
);
const got = await ddb.send(
  new GetItemCommand({ TableName, Key: { pk: { S: 'a' } }, ConsistentRead: true }),
);
check('GetItem', got.Item?.n?.N === '1', JSON.stringify(got.Item));
await ddb.send(new DeleteTableCommand({ TableName }));
console.log(failures ? `dynamodb: ${failures} check(s) FAILED` : 'dynamodb: all checks passed');
process.exit(failures ? 1 : 0);
