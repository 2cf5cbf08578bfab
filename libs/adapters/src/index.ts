export * from './s3/s3-object-store';
export * from './dynamodb/dynamodb-key-value-store';
export * from './kafka/kafka-transport';
export * from './kafka/confluent-registry-codec';
export * from './infrastructure';
