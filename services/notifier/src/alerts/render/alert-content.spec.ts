import { buildEvent, TOPIC } from '@tributary/contracts';
import { sampleEvent } from '@tributary/testkit';
import { describeAlert, LIMITS } from './alert-content';
import { escapeMrkdwnCapped, renderJson, renderSlack } from './payloads';

const secrets = ['the-admin-token-0123456789'];

describe('describeAlert', () => {
  it('carries the drift diff, the causing file and what is blocked', () => {
    const event = sampleEvent(TOPIC.driftDetected, 'orders');
    const content = describeAlert(event, { secrets });
    expect(content.severity).toBe('critical');
    expect(content.title).toBe('Schema drift on orders: version 2 is BREAKING');
    expect(content.summary).toContain('file "orders.csv"');
    expect(content.summary).toContain('1 field added, 1 removed, 1 retyped, 1 rename candidate');
    expect(content.summary).toContain('Blocked: promotion of source orders');
    expect(content.details).toMatchObject({
      fileId: event.fileId,
      fileName: 'orders.csv',
      previousVersion: 1,
      newVersion: 2,
      blocked: 'promotion of source orders',
      diff: {
        added: [{ name: 'coupon', type: 'string' }],
        removed: [{ name: 'amount', type: 'double' }],
        typeChanged: [{ name: 'qty', from: 'integer', to: 'string', widening: false }],
        renameCandidates: [
          { from: 'amount', to: 'total', type: 'double', score: 0.9, evidence: 'same values' },
        ],
      },
    });
    expect(content.sections.map((s) => s.heading)).toEqual([
      'Added fields',
      'Removed fields',
      'Retyped fields',
      'Rename candidates (not applied)',
    ]);
  });

  it('cleans and caps what the source controls, and caps long lists', () => {
    const base = sampleEvent(TOPIC.driftDetected, 'orders');
    const hostile = '<!channel> \u001b[2J\u202Eevil'.padEnd(5000, 'x');
    const event = {
      ...base,
      fileName: `${hostile}.csv`,
      diff: {
        ...base.diff,
        added: Array.from({ length: 120 }, (_, i) => ({ name: `${hostile}${i}`, type: 'string' })),
      },
    };
    const content = describeAlert(event, { secrets });
    const json = JSON.stringify(content);
    expect(json).not.toMatch(/\\u001b|\u202E/);
    const details = content.details as {
      fileName: string;
      diff: { added: { name: string }[]; omitted: { added: number } };
    };
    expect(Array.from(details.fileName).length).toBeLessThanOrEqual(LIMITS.name);
    expect(details.diff.added).toHaveLength(LIMITS.items);
    expect(details.diff.omitted.added).toBe(70);
    expect(content.sections[0]!.omitted).toBe(70);
  });

  it('never repeats credentials found in error texts', () => {
    const event = buildEvent(
      TOPIC.runFailed,
      { sourceId: 'orders', runId: '20260121T120000Z-abc' },
      {
        stage: 'write',
        error:
          'PUT https://s3.example/curated/x.parquet?X-Amz-Signature=feedface denied for trib_orders.' +
          'A'.repeat(43) +
          ' with the-admin-token-0123456789',
      },
    );
    const content = describeAlert(event, { secrets });
    const json = JSON.stringify(content);
    expect(json).not.toMatch(/feedface|AAAAAAAA|the-admin-token/);
    expect(content.severity).toBe('critical');
  });

  it.each([TOPIC.deadLetter, TOPIC.runRejected, TOPIC.runFailed, TOPIC.promotionBlocked] as const)(
    'describes %s with a summary naming the source',
    (topic) => {
      const content = describeAlert(sampleEvent(topic, 'billing'), { secrets });
      expect(content.summary).toContain('billing');
      expect(content.title).toContain('billing');
    },
  );

  it('summarises a rejected run with its failed checks and row counts', () => {
    const content = describeAlert(sampleEvent(TOPIC.runRejected, 'orders'), { secrets });
    expect(content.summary).toMatch(
      /rejected by the quality gate \(quarantine_rate\); 6 of 100 rows/,
    );
    expect(content.sections[0]!.items).toEqual(['quarantine_rate: 6% ≥ 5%']);
  });
});

describe('payloads', () => {
  it('JSON: kind, source, summary and details', () => {
    const event = sampleEvent(TOPIC.driftDetected, 'orders');
    const body = JSON.parse(renderJson(event, describeAlert(event, { secrets }))) as Record<
      string,
      unknown
    >;
    expect(body).toMatchObject({
      kind: 'drift-detected',
      eventId: event.eventId,
      sourceId: 'orders',
      severity: 'critical',
      details: { diff: { added: [{ name: 'coupon', type: 'string' }] } },
    });
    expect(typeof body.summary).toBe('string');
  });

  it('Slack: text plus blocks within Slack limits, with mrkdwn escaped', () => {
    const base = sampleEvent(TOPIC.driftDetected, 'orders');
    const event = {
      ...base,
      diff: {
        ...base.diff,
        added: Array.from({ length: 60 }, (_, i) => ({
          name: `<@U123>&${'n'.repeat(150)}${i}`,
          type: 'string',
        })),
      },
    };
    const body = JSON.parse(renderSlack(event, describeAlert(event, { secrets }))) as {
      text: string;
      blocks: {
        type: string;
        text?: { type: string; text: string };
        fields?: { text: string }[];
      }[];
    };
    expect(body.text).toContain('Source orders');
    expect(body.blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text' } });
    expect(body.blocks.length).toBeLessThanOrEqual(50);
    for (const block of body.blocks) {
      if (block.text) expect(block.text.text.length).toBeLessThanOrEqual(3000);
      for (const field of block.fields ?? []) expect(field.text.length).toBeLessThanOrEqual(2000);
    }
    const added = body.blocks.find((b) => b.text?.text.startsWith('*Added fields*'))!;
    expect(added.text!.text).toContain('&lt;@U123&gt;&amp;');
    expect(added.text!.text).not.toContain('<@U123>');
    expect(added.text!.text).toMatch(/…and 10 more_$/);
  });

  it('caps escaped text without cutting an entity', () => {
    expect(escapeMrkdwnCapped('ab<cd', 4)).toBe('ab…');
    expect(escapeMrkdwnCapped('a<', 5)).toBe('a&lt;');
  });
});
