import { ConfigError } from '@tributary/platform';
import { loadQualityConfig } from './quality.config';

const base = {
  KAFKA_BROKERS: '127.0.0.1:9092',
  SCHEMA_REGISTRY_URL: 'http://127.0.0.1:8081',
  ADMIN_TOKEN: 'an-admin-token-of-length',
};

describe('quality config', () => {
  it('has defaults for everything but the admin token', () => {
    const config = loadQualityConfig(base);
    expect(config).toMatchObject({
      port: 7073,
      groupId: 'quality',
      casMaxAttempts: 10,
      pointerHistory: 50,
      maxResubmitRows: 10_000,
      duckdb: { threads: 2, memoryLimit: '1GB' },
    });
  });

  it('names every bad variable at once', () => {
    try {
      loadQualityConfig({
        ...base,
        ADMIN_TOKEN: 'short',
        QUALITY_POINTER_HISTORY: '0',
        QUALITY_GROUP_ID: 'Bad Group',
      });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const variables = (error as ConfigError).problems.map((p) => p.variable).sort();
      expect(variables).toEqual(['ADMIN_TOKEN', 'QUALITY_GROUP_ID', 'QUALITY_POINTER_HISTORY']);
    }
  });
});
