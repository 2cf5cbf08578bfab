import type {
  DeadLetterEvent,
  DriftDetectedEvent,
  PromotionBlockedEvent,
  RunFailedEvent,
  RunRejectedEvent,
} from '@tributary/contracts';
import type { AlertEvent } from '../alert-events';
import { safeText } from './text-safety';

export type Severity = 'critical' | 'warning';

export interface AlertSection {
  readonly heading: string;
  readonly items: readonly string[];
  /** Items left out to keep the alert readable. */
  readonly omitted: number;
}

export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** What an alert says, channel-neutral; every string is already safe plain text. */
export interface AlertContent {
  readonly severity: Severity;
  readonly sourceId: string;
  readonly title: string;
  readonly summary: string;
  readonly facts: readonly { readonly label: string; readonly value: string }[];
  readonly sections: readonly AlertSection[];
  readonly details: { readonly [key: string]: JsonValue };
}

export const LIMITS = { name: 200, text: 1000, summary: 1500, title: 140, items: 50 } as const;

/** Secrets of this deployment that must never appear in an alert (admin token, signing secret). */
export interface DescribeOptions {
  readonly secrets: readonly string[];
}

export function describeAlert(event: AlertEvent, options: DescribeOptions): AlertContent {
  const t = (text: string, max: number = LIMITS.name): string =>
    safeText(text, max, options.secrets);
  switch (event.eventType) {
    case 'drift-detected':
      return describeDrift(event, t);
    case 'dead-letter':
      return describeDeadLetter(event, t);
    case 'run-rejected':
      return describeRunRejected(event, t);
    case 'run-failed':
      return describeRunFailed(event, t);
    case 'promotion-blocked':
      return describePromotionBlocked(event, t);
  }
}

type Safe = (text: string, max?: number) => string;

function capList<T>(items: readonly T[]): { kept: readonly T[]; omitted: number } {
  return { kept: items.slice(0, LIMITS.items), omitted: Math.max(0, items.length - LIMITS.items) };
}

function plural(n: number, one: string, many: string = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function describeDrift(event: DriftDetectedEvent, t: Safe): AlertContent {
  const sourceId = t(event.sourceId);
  const added = capList(event.diff.added);
  const removed = capList(event.diff.removed);
  const retyped = capList(event.diff.typeChanged);
  const renames = capList(event.diff.renameCandidates);
  const status = t(event.status, 20);
  const fileName = t(event.fileName);
  const blocked = t(event.blocked, LIMITS.text);
  const counts = [
    plural(event.diff.added.length, 'field added', 'fields added'),
    `${event.diff.removed.length} removed`,
    `${event.diff.typeChanged.length} retyped`,
    plural(event.diff.renameCandidates.length, 'rename candidate'),
  ].join(', ');
  const previous = event.previousVersion === null ? 'none' : `v${event.previousVersion}`;
  const details = {
    fileId: t(event.fileId),
    fileName,
    previousVersion: event.previousVersion,
    newVersion: event.newVersion,
    versionKey: t(event.versionKey),
    status,
    policy: t(event.policy, 40),
    blocked,
    diff: {
      added: added.kept.map((f) => ({ name: t(f.name), type: t(f.type, 40) })),
      removed: removed.kept.map((f) => ({ name: t(f.name), type: t(f.type, 40) })),
      typeChanged: retyped.kept.map((c) => ({
        name: t(c.name),
        from: t(c.from, 40),
        to: t(c.to, 40),
        widening: c.widening,
      })),
      renameCandidates: renames.kept.map((r) => ({
        from: t(r.from),
        to: t(r.to),
        type: t(r.type, 40),
        score: r.score,
        evidence: t(r.evidence, LIMITS.text),
      })),
      omitted: {
        added: added.omitted,
        removed: removed.omitted,
        typeChanged: retyped.omitted,
        renameCandidates: renames.omitted,
      },
    },
  };
  return {
    severity: event.status === 'BREAKING' ? 'critical' : 'warning',
    sourceId,
    title: t(`Schema drift on ${sourceId}: version ${event.newVersion} is ${status}`, LIMITS.title),
    summary: t(
      `Source ${sourceId}: file "${fileName}" produced schema version ${event.newVersion} ` +
        `(${status}, policy ${details.policy}, previous ${previous}): ${counts}. Blocked: ${blocked}.`,
      LIMITS.summary,
    ),
    facts: [
      { label: 'Source', value: sourceId },
      { label: 'File', value: `${fileName} (${details.fileId})` },
      { label: 'Version', value: `${previous} → v${event.newVersion} (${status})` },
      { label: 'Policy', value: details.policy },
      { label: 'Blocked', value: blocked },
    ],
    sections: [
      {
        heading: 'Added fields',
        items: details.diff.added.map((f) => `${f.name} (${f.type})`),
        omitted: added.omitted,
      },
      {
        heading: 'Removed fields',
        items: details.diff.removed.map((f) => `${f.name} (${f.type})`),
        omitted: removed.omitted,
      },
      {
        heading: 'Retyped fields',
        items: details.diff.typeChanged.map(
          (c) => `${c.name}: ${c.from} → ${c.to}${c.widening ? ' (widening)' : ''}`,
        ),
        omitted: retyped.omitted,
      },
      {
        heading: 'Rename candidates (not applied)',
        items: details.diff.renameCandidates.map(
          (r) => `${r.from} → ${r.to} (${r.type}, score ${r.score.toFixed(2)}): ${r.evidence}`,
        ),
        omitted: renames.omitted,
      },
    ].filter((s) => s.items.length > 0),
    details,
  };
}

function describeDeadLetter(event: DeadLetterEvent, t: Safe): AlertContent {
  const sourceId = t(event.sourceId);
  const fileName = t(event.fileName);
  const stage = t(event.stage, 40);
  const reason = t(event.reason, LIMITS.text);
  return {
    severity: 'warning',
    sourceId,
    title: t(`File dead-lettered on ${sourceId}: ${fileName}`, LIMITS.title),
    summary: t(
      `Source ${sourceId}: file "${fileName}" could not be processed at stage ${stage} and was ` +
        `moved to the dead-letter zone (the original is kept): ${reason}`,
      LIMITS.summary,
    ),
    facts: [
      { label: 'Source', value: sourceId },
      { label: 'File', value: `${fileName} (${t(event.fileId)})` },
      { label: 'Stage', value: stage },
    ],
    sections: [{ heading: 'Reason', items: [reason], omitted: 0 }],
    details: {
      fileId: t(event.fileId),
      fileName,
      stage,
      reason,
      deadLetterKey: t(event.deadLetterKey, LIMITS.text),
    },
  };
}

function describeRunRejected(event: RunRejectedEvent, t: Safe): AlertContent {
  const sourceId = t(event.sourceId);
  const runId = t(event.runId);
  const checks = capList(event.failedChecks);
  const failedChecks = checks.kept.map((c) => ({
    check: t(c.check, 80),
    detail: t(c.detail, LIMITS.text),
  }));
  const names = failedChecks.map((c) => c.check).join(', ') || 'no check named';
  return {
    severity: 'warning',
    sourceId,
    title: t(`Run rejected by the quality gate on ${sourceId}`, LIMITS.title),
    summary: t(
      `Run ${runId} of source ${sourceId} was rejected by the quality gate (${names}); ` +
        `${event.rowsQuarantined} of ${event.rowsIn} rows quarantined. The run stays unpublished.`,
      LIMITS.summary,
    ),
    facts: [
      { label: 'Source', value: sourceId },
      { label: 'Run', value: runId },
      { label: 'Rows quarantined', value: `${event.rowsQuarantined} of ${event.rowsIn}` },
    ],
    sections: [
      {
        heading: 'Failed checks',
        items: failedChecks.map((c) => `${c.check}: ${c.detail}`),
        omitted: checks.omitted,
      },
    ],
    details: {
      runId,
      executionId: t(event.executionId),
      failedChecks,
      rowsIn: event.rowsIn,
      rowsQuarantined: event.rowsQuarantined,
    },
  };
}

function describeRunFailed(event: RunFailedEvent, t: Safe): AlertContent {
  const sourceId = t(event.sourceId);
  const runId = t(event.runId);
  const stage = t(event.stage, 40);
  const error = t(event.error, LIMITS.text);
  return {
    severity: 'critical',
    sourceId,
    title: t(`Run failed on ${sourceId}`, LIMITS.title),
    summary: t(
      `Run ${runId} of source ${sourceId} failed at stage ${stage}: ${error}. Nothing of it was published.`,
      LIMITS.summary,
    ),
    facts: [
      { label: 'Source', value: sourceId },
      { label: 'Run', value: runId },
      { label: 'Stage', value: stage },
    ],
    sections: [{ heading: 'Error', items: [error], omitted: 0 }],
    details: { runId, stage, error },
  };
}

function describePromotionBlocked(event: PromotionBlockedEvent, t: Safe): AlertContent {
  const sourceId = t(event.sourceId);
  const reason = t(event.reason, LIMITS.text);
  return {
    severity: 'critical',
    sourceId,
    title: t(`Promotion blocked on ${sourceId}`, LIMITS.title),
    summary: t(
      `Promotion of source ${sourceId} is blocked by BREAKING schema version ` +
        `${event.breakingVersion}; ${plural(event.pendingFiles, 'file')} waiting. ${reason}. ` +
        `Accept the version or deprecate the old one to release them.`,
      LIMITS.summary,
    ),
    facts: [
      { label: 'Source', value: sourceId },
      { label: 'Breaking version', value: `v${event.breakingVersion}` },
      { label: 'Files waiting', value: String(event.pendingFiles) },
    ],
    sections: [],
    details: {
      breakingVersion: event.breakingVersion,
      versionKey: t(event.versionKey),
      pendingFiles: event.pendingFiles,
      reason,
    },
  };
}
