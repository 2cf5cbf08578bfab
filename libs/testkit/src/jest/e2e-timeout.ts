// End-to-end tests start service processes and wait on them: allow each test three minutes.
jest.setTimeout(180_000);
