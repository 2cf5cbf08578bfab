import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where provisioned tools live (the Node.js `npm start` fetches): shared with the scripts. */
export function toolsDir(): string {
  return process.env.TRIBUTARY_TOOLS_DIR ?? join(homedir(), '.cache', 'tributary', 'tools');
}
