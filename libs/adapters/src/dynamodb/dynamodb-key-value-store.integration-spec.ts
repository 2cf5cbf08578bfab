import { keyValueStoreContract, realKeyValueStore } from '@tributary/testkit';

keyValueStoreContract('DynamoDB (DynamoDB Local on the local stack)', async () => {
  const store = realKeyValueStore();
  return { store, cleanup: async () => store.close() };
});
