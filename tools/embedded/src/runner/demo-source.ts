import { readKept, writeKept } from '../data-folder/kept-secret';
import { adminRequest } from './admin-http';

export const DEMO_SOURCE_ID = 'demo';
const KEY_FILE = 'demo-source.key';

export interface DemoSource {
  readonly sourceId: string;
  readonly apiKey: string;
}

/**
 * The `demo` source a newcomer can upload to at once. The control plane shows a key only once,
 * so it is kept in the data folder; when that copy is lost the key is rotated.
 */
export async function ensureDemoSource(
  gatewayUrl: string,
  adminToken: string,
  dataDir: string,
): Promise<DemoSource> {
  const path = `/v1/admin/sources/${DEMO_SOURCE_ID}`;
  const kept = readKept(dataDir, KEY_FILE);
  if (kept && (await adminRequest(gatewayUrl, adminToken, 'GET', path)).status === 200)
    return { sourceId: DEMO_SOURCE_ID, apiKey: kept };
  const created = await adminRequest<{ apiKey?: string }>(
    gatewayUrl,
    adminToken,
    'POST',
    '/v1/admin/sources',
    {
      sourceId: DEMO_SOURCE_ID,
      description: 'created by tributary dev: upload anything to try Tributary',
    },
  );
  let apiKey = created.body?.apiKey;
  if (created.status === 409) {
    const rotated = await adminRequest<{ apiKey?: string }>(
      gatewayUrl,
      adminToken,
      'POST',
      `${path}/rotate-key`,
    );
    apiKey = rotated.body?.apiKey;
  }
  if (!apiKey) throw new Error(`cannot create the ${DEMO_SOURCE_ID} source (${created.status})`);
  writeKept(dataDir, KEY_FILE, apiKey);
  return { sourceId: DEMO_SOURCE_ID, apiKey };
}
