import { type Endpoints, parseEnvText, renderEndpoints } from './endpoints-file';

const endpoints: Endpoints = {
  dataDir: "/home/ada/my data/it's here",
  pid: 4242,
  gatewayUrl: 'http://127.0.0.1:7070',
  profilerUrl: 'http://127.0.0.1:40001',
  promoterUrl: 'http://127.0.0.1:40002',
  qualityUrl: 'http://127.0.0.1:40003',
  notifierUrl: 'http://127.0.0.1:40004',
  adminToken: 'tok_-abc',
  demoSourceId: 'demo',
  demoSourceKey: 'trib_demo.key',
};

describe('the endpoints file', () => {
  it('uses the .stack/env keys, so the CLI and scripts read it the same way', () => {
    const vars = parseEnvText(renderEndpoints(endpoints));
    expect(vars).toEqual({
      TRIBUTARY_MODE: 'embedded',
      TRIBUTARY_DATA_DIR: endpoints.dataDir,
      TRIBUTARY_PID: '4242',
      GATEWAY_URL: endpoints.gatewayUrl,
      ADMIN_TOKEN: endpoints.adminToken,
      PROFILER_SERVICE_URL: endpoints.profilerUrl,
      PROMOTER_SERVICE_URL: endpoints.promoterUrl,
      QUALITY_SERVICE_URL: endpoints.qualityUrl,
      NOTIFIER_SERVICE_URL: endpoints.notifierUrl,
      DEMO_SOURCE_ID: 'demo',
      DEMO_SOURCE_KEY: endpoints.demoSourceKey,
    });
  });

  it('quotes for the shell only what needs it', () => {
    const text = renderEndpoints(endpoints);
    expect(text).toContain('GATEWAY_URL=http://127.0.0.1:7070\n');
    expect(text).toContain(`TRIBUTARY_DATA_DIR='/home/ada/my data/it'\\''s here'\n`);
  });
});
