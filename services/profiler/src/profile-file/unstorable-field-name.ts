import type { InferredSchema } from '@tributary/domain';

/**
 * Names the metadata store cannot keep as a field: the DynamoDB client builds maps by plain
 * assignment, where `__proto__` changes the prototype instead of adding a key, so the field
 * would vanish from the stored schema version. Such a file is dead-lettered with this reason.
 */
const UNSTORABLE = ['__proto__'];

/** Why the file's fields cannot be versioned, or undefined when they can. */
export function unstorableFieldReason(inferred: InferredSchema): string | undefined {
  const name = UNSTORABLE.find((n) => Object.hasOwn(inferred.fields, n));
  return name === undefined
    ? undefined
    : `a field named "${name}" is not supported (the schema store cannot keep that name); rename the column and upload again`;
}
