import { TABLE, type TableKey, physicalTableName } from '@tributary/contracts';
import type { TableDefinition } from '@tributary/ports';

/** The physical table definitions of one deployment (or one test's namespace). */
export class MetadataTables {
  constructor(readonly prefix: string) {}

  get(table: TableKey): TableDefinition {
    const def = TABLE[table];
    return {
      name: physicalTableName(table, this.prefix),
      partitionKey: def.partitionKey,
      sortKey: def.sortKey,
    };
  }

  all(): TableDefinition[] {
    return (Object.keys(TABLE) as TableKey[]).map((t) => this.get(t));
  }
}
