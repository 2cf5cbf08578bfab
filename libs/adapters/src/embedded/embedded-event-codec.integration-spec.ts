import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_TOPICS, EVENT_DEFINITIONS, TOPIC, topicName } from '@tributary/contracts';
import { TerminalError } from '@tributary/ports';
import { sampleEvent } from '@tributary/testkit';
import { EmbeddedEventCodec } from './codec/embedded-event-codec';

const namespace = 'embedded-codec';
const physical = (t: (typeof ALL_TOPICS)[number]) => topicName(t, namespace);
const allTopics = ALL_TOPICS.map((t) => ({
  physical: physical(t),
  schema: EVENT_DEFINITIONS[t].schema,
}));

describe('EmbeddedEventCodec', () => {
  let root: string;
  let codec: EmbeddedEventCodec;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'tributary-codec-'));
    codec = new EmbeddedEventCodec({ root });
    await codec.prepare(allTopics);
    await codec.prepare(allTopics);
  });
  afterEach(async () => rm(root, { recursive: true, force: true }));

  it('round-trips a sample of every event type', async () => {
    for (const topic of ALL_TOPICS) {
      const event = sampleEvent(topic);
      const decoded = await codec.decode(
        physical(topic),
        await codec.encode(physical(topic), event),
      );
      expect(decoded).toEqual(event);
    }
  });

  it('lets a codec of another process decode by the stored schema', async () => {
    const event = sampleEvent(TOPIC.driftDetected);
    const bytes = await codec.encode(physical(TOPIC.driftDetected), event);
    await expect(new EmbeddedEventCodec({ root }).decode('any', bytes)).resolves.toEqual(event);
    await expect(new EmbeddedEventCodec().decode('any', bytes)).rejects.toMatchObject({
      code: 'EVENT_UNDECODABLE',
    });
  });

  it.each([
    ['a field of the wrong type', { rowCount: 'three' }],
    ['a missing field without default', { fileId: undefined }],
    ['an int out of range', { schemaVersion: 2 ** 31 }],
    ['a long that is not an integer', { rowCount: 1.5 }],
    ['null where the schema has no null', { key: null }],
  ])('refuses to encode an event with %s', async (_label, change) => {
    const event = { ...sampleEvent(TOPIC.schemaProfiled), ...change };
    const encoding = codec.encode(physical(TOPIC.schemaProfiled), event);
    await expect(encoding).rejects.toBeInstanceOf(TerminalError);
    await expect(encoding).rejects.toMatchObject({ code: 'EVENT_INVALID' });
  });

  it('refuses a nested record with a wrong field, naming where', async () => {
    const event = sampleEvent(TOPIC.driftDetected);
    const bad = { ...event, diff: { ...event.diff, removed: [{ name: 'x', type: 7 }] } };
    await expect(codec.encode(physical(TOPIC.driftDetected), bad)).rejects.toThrow(
      /event\.diff\.removed\[0\]\.type/,
    );
  });

  it('fills defaults and drops properties the schema does not have, as Avro does', async () => {
    const { redelivery: _r, ...withoutDefaulted } = sampleEvent(TOPIC.fileLanded);
    const bytes = await codec.encode(physical(TOPIC.fileLanded), {
      ...withoutDefaulted,
      notInSchema: true,
    });
    const decoded = (await codec.decode('any', bytes)) as Record<string, unknown>;
    expect(decoded.redelivery).toBe(false);
    expect(decoded).not.toHaveProperty('notInSchema');
  });

  it('refuses bytes that are not an event with TerminalError', async () => {
    const good = await codec.encode(physical(TOPIC.runFailed), sampleEvent(TOPIC.runFailed));
    const header = good.subarray(0, 11);
    const unknownSchema = Buffer.concat([good.subarray(0, 3), randomBytes(8), good.subarray(11)]);
    const notMatching = Buffer.concat([header, Buffer.from('{"eventId": 1}')]);
    for (const bytes of [
      randomBytes(40),
      Buffer.alloc(0),
      Buffer.concat([header, Buffer.from('{not json')]),
      unknownSchema,
      notMatching,
    ]) {
      await expect(codec.decode('any', bytes)).rejects.toMatchObject({
        code: 'EVENT_UNDECODABLE',
        retriable: false,
      });
    }
  });

  it('refuses an invalid schema and an unprepared topic', async () => {
    await expect(
      codec.prepare([
        {
          physical: 'bad',
          schema: { type: 'record', name: 'X', fields: [{ name: 'a', type: 'nope' }] },
        },
      ]),
    ).rejects.toMatchObject({ code: 'SCHEMA_INVALID' });
    await expect(codec.encode('unprepared', {})).rejects.toBeInstanceOf(TerminalError);
  });
});
