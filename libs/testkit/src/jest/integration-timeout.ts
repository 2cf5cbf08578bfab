// Integration tests talk to real servers: allow each test a minute.
jest.setTimeout(60_000);
