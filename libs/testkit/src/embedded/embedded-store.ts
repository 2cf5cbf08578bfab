import { openEmbeddedPorts, type SharedPorts } from '@tributary/adapters';
import { infraConfigSchema, parseEnv } from '@tributary/platform';

/**
 * The stores of an embedded data folder opened from the test process, to check what a user
 * would find there (objects, items); the adapters are safe to share between processes.
 */
export function openEmbeddedFolder(dataDir: string): SharedPorts {
  return openEmbeddedPorts(
    parseEnv(infraConfigSchema, { TRIBUTARY_MODE: 'embedded', TRIBUTARY_DATA_DIR: dataDir }),
  );
}
