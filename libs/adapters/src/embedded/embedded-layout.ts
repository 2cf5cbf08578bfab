import { join, resolve } from 'node:path';

/** Where each embedded adapter keeps its data under the one data folder (README: layout). */
export interface EmbeddedLayout {
  readonly root: string;
  readonly objects: string;
  readonly objectsTmp: string;
  readonly objectsLock: string;
  readonly metadataDb: string;
  readonly log: string;
  readonly logDb: string;
  readonly schemas: string;
}

export function embeddedLayout(root: string): EmbeddedLayout {
  const base = resolve(root);
  return {
    root: base,
    objects: join(base, 'objects'),
    objectsTmp: join(base, 'objects.tmp'),
    objectsLock: join(base, 'objects.lock'),
    metadataDb: join(base, 'metadata.sqlite'),
    log: join(base, 'log'),
    logDb: join(base, 'log', 'log.sqlite'),
    schemas: join(base, 'schemas'),
  };
}
