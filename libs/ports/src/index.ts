export * from './errors';
export * from './object-store.port';
export * from './key-value.port';
export * from './message-transport.port';
export * from './tokens';
export * from './sql-engine.port';
