import { randomBytes } from 'node:crypto';

/** A namespace of its own per test file: topics, tables and bucket never collide across tests. */
export function testNamespace(label: string): string {
  const clean =
    label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 20) || 't';
  return `t-${clean}-${randomBytes(3).toString('hex')}`;
}
