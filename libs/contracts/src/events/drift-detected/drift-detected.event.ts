import { type EventEnvelope, eventRecordSchema } from '../envelope';

export interface DriftFieldRef {
  readonly name: string;
  readonly type: string;
}

export interface DriftTypeChange {
  readonly name: string;
  readonly from: string;
  readonly to: string;
  readonly widening: boolean;
}

export interface DriftRenameCandidate {
  readonly from: string;
  readonly to: string;
  readonly type: string;
  /** 0..1, how strongly the evidence points at a rename. */
  readonly score: number;
  readonly evidence: string;
}

export interface DriftDiff {
  readonly added: readonly DriftFieldRef[];
  readonly removed: readonly DriftFieldRef[];
  readonly typeChanged: readonly DriftTypeChange[];
  readonly renameCandidates: readonly DriftRenameCandidate[];
}

/** A file's schema differs from the source's ACTIVE version in a way a person must see. */
export interface DriftDetectedEvent extends EventEnvelope {
  readonly eventType: 'drift-detected';
  readonly fileId: string;
  readonly key: string;
  readonly fileName: string;
  readonly previousVersion: number | null;
  readonly newVersion: number;
  readonly versionKey: string;
  readonly status: string;
  readonly policy: string;
  readonly diff: DriftDiff;
  /** What the drift blocks, in words (for example: promotion of source x). */
  readonly blocked: string;
}

const fieldRef = {
  type: 'record',
  name: 'DriftFieldRef',
  fields: [
    { name: 'name', type: 'string' },
    { name: 'type', type: 'string' },
  ],
};

export const driftDetectedSchema = eventRecordSchema(
  'DriftDetected',
  'A schema change a person must review',
  [
    { name: 'fileId', type: 'string' },
    { name: 'key', type: 'string' },
    { name: 'fileName', type: 'string' },
    { name: 'previousVersion', type: ['null', 'int'], default: null },
    { name: 'newVersion', type: 'int' },
    { name: 'versionKey', type: 'string' },
    { name: 'status', type: 'string' },
    { name: 'policy', type: 'string' },
    {
      name: 'diff',
      type: {
        type: 'record',
        name: 'DriftDiff',
        fields: [
          { name: 'added', type: { type: 'array', items: fieldRef } },
          { name: 'removed', type: { type: 'array', items: 'DriftFieldRef' } },
          {
            name: 'typeChanged',
            type: {
              type: 'array',
              items: {
                type: 'record',
                name: 'DriftTypeChange',
                fields: [
                  { name: 'name', type: 'string' },
                  { name: 'from', type: 'string' },
                  { name: 'to', type: 'string' },
                  { name: 'widening', type: 'boolean' },
                ],
              },
            },
          },
          {
            name: 'renameCandidates',
            type: {
              type: 'array',
              items: {
                type: 'record',
                name: 'DriftRenameCandidate',
                fields: [
                  { name: 'from', type: 'string' },
                  { name: 'to', type: 'string' },
                  { name: 'type', type: 'string' },
                  { name: 'score', type: 'double' },
                  { name: 'evidence', type: 'string' },
                ],
              },
            },
          },
        ],
      },
    },
    { name: 'blocked', type: 'string' },
  ],
);
