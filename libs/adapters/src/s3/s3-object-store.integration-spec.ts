import { objectStoreContract, realObjectStore, testNamespace } from '@tributary/testkit';

objectStoreContract('S3 (S3Proxy on the local stack)', async () => {
  const store = realObjectStore(testNamespace('s3'));
  await store.ensureBucket();
  return { store, cleanup: async () => store.close() };
});
