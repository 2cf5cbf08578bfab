const SOURCE_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export function isValidSourceId(value: unknown): value is string {
  return typeof value === 'string' && SOURCE_ID_PATTERN.test(value);
}

export function assertSourceId(value: unknown): string {
  if (!isValidSourceId(value)) {
    throw new InvalidKeyPartError(
      'sourceId',
      `source id must match ${SOURCE_ID_PATTERN.source}, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

export class InvalidKeyPartError extends Error {
  constructor(
    readonly part: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidKeyPartError';
  }
}
