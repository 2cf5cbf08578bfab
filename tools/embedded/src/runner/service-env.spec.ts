import { loadEmbeddedConfig } from '../embedded.config';
import { allowlistEntryFor, embeddedServiceEnv } from './service-env';

const secrets = { adminToken: 'a'.repeat(32), webhookSigningSecret: 's'.repeat(43) };

describe('embeddedServiceEnv', () => {
  it('runs every service in embedded mode over the data folder, with one credential', () => {
    const env = embeddedServiceEnv(
      loadEmbeddedConfig({ dataDir: '/data', port: '7171' }, { KAFKA_BROKERS: 'x:1' }),
      secrets,
    );
    expect(env).toMatchObject({
      TRIBUTARY_MODE: 'embedded',
      TRIBUTARY_DATA_DIR: '/data',
      ADMIN_TOKEN: secrets.adminToken,
      GATEWAY_PORT: '7171',
      PROFILER_PORT: '0',
      QUALITY_PORT: '0',
      PROMOTER_WORK_DIR: '/data/work/promoter',
      QUALITY_WORK_DIR: '/data/work/quality',
      OPENLINEAGE_FILE: '/data/lineage.ndjson',
      WEBHOOK_SIGNING_SECRET: secrets.webhookSigningSecret,
      WEBHOOK_ALLOWLIST: '',
      // The caller's own variables pass through (ignored in embedded mode, harmless).
      KAFKA_BROKERS: 'x:1',
    });
    expect(env.NOTIFIER_DEFAULT_WEBHOOK_URL).toBeUndefined();
  });

  it('allows the webhook it is given, next to any allowlist of the caller', () => {
    const env = embeddedServiceEnv(
      loadEmbeddedConfig(
        { dataDir: '/data', webhookUrl: 'http://127.0.0.1:9000/hook' },
        { WEBHOOK_ALLOWLIST: 'hooks.example.com' },
      ),
      secrets,
    );
    expect(env.NOTIFIER_DEFAULT_WEBHOOK_URL).toBe('http://127.0.0.1:9000/hook');
    expect(env.WEBHOOK_ALLOWLIST).toBe('hooks.example.com,127.0.0.1:9000');
  });

  it('keeps what the caller set for work folders, lineage and signing', () => {
    const env = embeddedServiceEnv(
      loadEmbeddedConfig(
        { dataDir: '/data' },
        {
          PROMOTER_WORK_DIR: '/fast/p',
          OPENLINEAGE_URL: 'http://marquez:5000',
          WEBHOOK_SIGNING_SECRET: 'mine'.repeat(10),
        },
      ),
      secrets,
    );
    expect(env.PROMOTER_WORK_DIR).toBe('/fast/p');
    expect(env.OPENLINEAGE_FILE).toBeUndefined();
    expect(env.WEBHOOK_SIGNING_SECRET).toBe('mine'.repeat(10));
  });

  it('names a webhook target as host:port, the default port included', () => {
    expect(allowlistEntryFor('http://127.0.0.1:9000/x')).toBe('127.0.0.1:9000');
    expect(allowlistEntryFor('https://hooks.example.com/x')).toBe('hooks.example.com:443');
    expect(allowlistEntryFor('http://[::1]:8080/')).toBe('[::1]:8080');
  });
});
