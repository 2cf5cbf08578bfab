import { stopStackIfStartedByTests } from '../stack/stack-control';

export default async function globalTeardown(): Promise<void> {
  await stopStackIfStartedByTests();
}
