import { messageTransportContract, realTransport } from '@tributary/testkit';

messageTransportContract('Kafka (KRaft on the local stack)', async () => {
  const transport = realTransport('contract-test');
  return { transport, cleanup: () => transport.close() };
});
