import { buildWorkspace, ensureStackUp } from '../stack/stack-control';
import { applyStackEnv } from '../stack/stack-env';

export default async function globalSetup(): Promise<void> {
  // TRIBUTARY_SKIP_BUILD=1 when the services were just built (saves a few seconds per run).
  if (process.env.TRIBUTARY_SKIP_BUILD !== '1') buildWorkspace();
  await ensureStackUp();
  applyStackEnv();
}
