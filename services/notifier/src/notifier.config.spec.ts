import { ConfigError } from '@tributary/platform';
import { loadNotifierConfig } from './notifier.config';

const base = {
  KAFKA_BROKERS: '127.0.0.1:9092',
  SCHEMA_REGISTRY_URL: 'http://127.0.0.1:8081',
  ADMIN_TOKEN: 'admin-token-0123456789',
};

describe('loadNotifierConfig', () => {
  it('has safe defaults: nothing allowlisted, no default channel, bounded retries', () => {
    const config = loadNotifierConfig(base);
    expect(config.allowlist).toEqual([]);
    expect(config.defaultChannel).toBeUndefined();
    expect(config.signingSecret).toBeUndefined();
    expect(config.privateHosts).toEqual([]);
    expect(config.retry).toEqual({ baseMs: 1000, maxMs: 300_000, maxAttempts: 8 });
    expect(config.attemptTimeoutMs).toBe(10_000);
  });

  it('reads the webhook settings', () => {
    const config = loadNotifierConfig({
      ...base,
      WEBHOOK_SIGNING_SECRET: 's'.repeat(32),
      WEBHOOK_ALLOWLIST: ' hooks.slack.com, *.example.com:443 ,127.0.0.1:9000,',
      NOTIFIER_DEFAULT_WEBHOOK_URL: 'https://hooks.slack.com/services/x',
      NOTIFIER_DEFAULT_WEBHOOK_FORMAT: 'slack',
      NOTIFIER_MAX_ATTEMPTS: '3',
      WEBHOOK_PRIVATE_HOSTS: 'webhook-sink:8080, relay.monitoring.svc:9000',
    });
    expect(config.allowlist).toEqual(['hooks.slack.com', '*.example.com:443', '127.0.0.1:9000']);
    expect(config.privateHosts).toEqual(['webhook-sink:8080', 'relay.monitoring.svc:9000']);
    expect(config.defaultChannel).toEqual({
      url: 'https://hooks.slack.com/services/x',
      format: 'slack',
    });
    expect(config.retry.maxAttempts).toBe(3);
  });

  it('names every bad variable', () => {
    let error: unknown;
    try {
      loadNotifierConfig({
        ...base,
        ADMIN_TOKEN: 'short',
        WEBHOOK_SIGNING_SECRET: 'too-short',
        WEBHOOK_ALLOWLIST: 'ok.example.com,*',
        NOTIFIER_DEFAULT_WEBHOOK_URL: 'ftp://x',
        NOTIFIER_ATTEMPT_TIMEOUT_MS: '0',
        WEBHOOK_PRIVATE_HOSTS: 'relay:8080,10.0.0.1:8080',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const variables = (error as ConfigError).problems.map((p) => p.variable).sort();
    expect(variables).toEqual([
      'ADMIN_TOKEN',
      'NOTIFIER_ATTEMPT_TIMEOUT_MS',
      'NOTIFIER_DEFAULT_WEBHOOK_URL',
      'WEBHOOK_ALLOWLIST',
      'WEBHOOK_PRIVATE_HOSTS',
      'WEBHOOK_SIGNING_SECRET',
    ]);
  });
});
