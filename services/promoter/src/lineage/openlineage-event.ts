import { createHash } from 'node:crypto';
import type { RunRecord, RunSummary } from '@tributary/contracts';

/** OpenLineage 2-0-2 RunEvent, the subset Tributary emits. */
export interface OpenLineageRunEvent {
  readonly eventType: 'START' | 'COMPLETE' | 'FAIL';
  readonly eventTime: string;
  readonly run: { readonly runId: string; readonly facets: Record<string, unknown> };
  readonly job: {
    readonly namespace: string;
    readonly name: string;
    readonly facets: Record<string, unknown>;
  };
  readonly inputs: readonly {
    namespace: string;
    name: string;
    facets: Record<string, unknown>;
    inputFacets?: Record<string, unknown>;
  }[];
  readonly outputs: readonly {
    namespace: string;
    name: string;
    facets: Record<string, unknown>;
    outputFacets?: Record<string, unknown>;
  }[];
  readonly producer: string;
  readonly schemaURL: string;
}

export const PRODUCER = 'https://github.com/tributary-data/tributary/tree/v0.1.0/services/promoter';
const SPEC = 'https://openlineage.io/spec';

/** OpenLineage wants a UUID per run: derived from the run id, so every event of a run shares it. */
export function lineageRunId(runId: string): string {
  const hex = createHash('sha256').update(`tributary-run:${runId}`).digest('hex');
  // A version-5 style UUID (name based), variant 10xx.
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function facet(schema: string, body: Record<string, unknown>): Record<string, unknown> {
  return { _producer: PRODUCER, _schemaURL: `${SPEC}/facets/${schema}`, ...body };
}

export interface LineageContext {
  readonly namespace: string;
  readonly storeNamespace: string;
  readonly run: RunRecord;
  readonly inputKeys: readonly string[];
}

function base(
  ctx: LineageContext,
  eventType: OpenLineageRunEvent['eventType'],
  at: Date,
  runFacets: Record<string, unknown>,
) {
  return {
    eventType,
    eventTime: at.toISOString(),
    run: {
      runId: lineageRunId(ctx.run.runId),
      facets: {
        processing_engine: facet(
          '1-1-1/ProcessingEngineRunFacet.json#/$defs/ProcessingEngineRunFacet',
          {
            version: '1.5',
            name: 'duckdb',
            openlineageAdapterVersion: '0.1.0',
          },
        ),
        ...runFacets,
      },
    },
    job: {
      namespace: ctx.namespace,
      name: `promote.${ctx.run.sourceId}`,
      facets: {
        jobType: facet('2-0-4/JobTypeJobFacet.json#/$defs/JobTypeJobFacet', {
          processingType: 'BATCH',
          integration: 'TRIBUTARY',
          jobType: 'PROMOTION',
        }),
      },
    },
    inputs: ctx.inputKeys.map((key) => ({ namespace: ctx.storeNamespace, name: key, facets: {} })),
    producer: PRODUCER,
    schemaURL: `${SPEC}/2-0-2/OpenLineage.json#/$defs/RunEvent`,
  };
}

export function startEvent(ctx: LineageContext, at: Date): OpenLineageRunEvent {
  return {
    ...base(ctx, 'START', at, {}),
    outputs: [
      { namespace: ctx.storeNamespace, name: `curated/source=${ctx.run.sourceId}`, facets: {} },
    ],
  };
}

export function completeEvent(
  ctx: LineageContext,
  at: Date,
  summary: RunSummary,
): OpenLineageRunEvent {
  return {
    ...base(ctx, 'COMPLETE', at, {}),
    outputs: [
      {
        namespace: ctx.storeNamespace,
        name: `curated/source=${ctx.run.sourceId}`,
        facets: {
          schema: facet('1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet', {
            fields: summary.columns.map((c) => ({
              name: c.name,
              type: c.type,
              description: `field ${c.field}`,
            })),
          }),
          dataQualityMetrics: facet(
            '1-0-1/DataQualityMetricsDatasetFacet.json#/$defs/DataQualityMetricsDatasetFacet',
            {
              rowCount: summary.rowsOut,
              columnMetrics: {},
            },
          ),
        },
        outputFacets: {
          outputStatistics: facet(
            '1-0-2/OutputStatisticsOutputDatasetFacet.json#/$defs/OutputStatisticsOutputDatasetFacet',
            {
              rowCount: summary.rowsOut,
              fileCount: summary.partitions.reduce((n, p) => n + p.files.length, 0),
            },
          ),
        },
      },
    ],
  };
}

export function failEvent(ctx: LineageContext, at: Date, error: string): OpenLineageRunEvent {
  return {
    ...base(ctx, 'FAIL', at, {
      errorMessage: facet('1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet', {
        message: error,
        programmingLanguage: 'TypeScript',
      }),
    }),
    outputs: [
      { namespace: ctx.storeNamespace, name: `curated/source=${ctx.run.sourceId}`, facets: {} },
    ],
  };
}
