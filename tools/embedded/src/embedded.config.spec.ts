import { ConfigError } from '@tributary/platform';
import { loadEmbeddedConfig } from './embedded.config';

describe('loadEmbeddedConfig', () => {
  it('defaults: ./.tributary made absolute, gateway on 7070, the others on free ports, warn logs', () => {
    const config = loadEmbeddedConfig({}, {});
    expect(config.dataDir).toBe(`${process.cwd()}/.tributary`);
    expect(config.ports).toEqual({
      gateway: 7070,
      profiler: 0,
      promoter: 0,
      quality: 0,
      notifier: 0,
    });
    expect(config.host).toBe('127.0.0.1');
    expect(config.logLevel).toBe('warn');
    expect(config.webhookUrl).toBeUndefined();
  });

  it('takes flags before variables', () => {
    const env = { TRIBUTARY_DATA_DIR: '/srv/a', GATEWAY_PORT: '8080', LOG_LEVEL: 'info' };
    expect(loadEmbeddedConfig({}, env)).toMatchObject({
      dataDir: '/srv/a',
      ports: { gateway: 8080 },
      logLevel: 'info',
    });
    expect(
      loadEmbeddedConfig({ dataDir: '/srv/b', port: '0', logLevel: 'error' }, env),
    ).toMatchObject({ dataDir: '/srv/b', ports: { gateway: 0 }, logLevel: 'error' });
  });

  it('names the flag and the variable of a bad value', () => {
    const bad = () =>
      loadEmbeddedConfig({ port: 'seventy', webhookUrl: 'ftp://x', logLevel: 'loud' }, {});
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/--port \(GATEWAY_PORT\)/);
    expect(bad).toThrow(/--webhook-url \(NOTIFIER_DEFAULT_WEBHOOK_URL\): must be an http\(s\) URL/);
    expect(bad).toThrow(/--log-level \(LOG_LEVEL\)/);
  });
});
