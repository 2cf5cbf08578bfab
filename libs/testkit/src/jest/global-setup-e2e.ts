import { buildWorkspace, ensureStackUp } from '../stack/stack-control';
import { applyStackEnv } from '../stack/stack-env';

export default async function globalSetup(): Promise<void> {
  buildWorkspace();
  await ensureStackUp();
  applyStackEnv();
}
