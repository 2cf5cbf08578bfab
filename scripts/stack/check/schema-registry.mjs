// @kafkajs/confluent-schema-registry 4.1.0 against Apicurio's Confluent-compatible API: every client call
// the library offers for Avro (register, config check, lookup by schema, fetch by id/version, encode/decode).
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
const host = process.env.SCHEMA_REGISTRY_URL ?? 'http://127.0.0.1:18081/apis/ccompat/v7';
const registry = new SchemaRegistry({ host });
let failures = 0;
const check = (name, ok, detail) => {
  console.log(`${ok ? 'PASS' : 'FAIL'} schema-registry: ${name}${detail ? ' — ' + detail : ''}`);
  if (!ok) failures++;
};
const attempt = async (fn) => {
  try {
    return { value: await fn() };
  } catch (e) {
    return { error: `${e.name}: ${e.message}` };
  }
};
const run = Date.now().toString(36);
const subject = `stack-check-${run}-value`;
const v1 = {
  type: 'record',
  name: 'Reading',
  namespace: 'tributary.check',
  fields: [
    { name: 'sensor', type: 'string' },
    { name: 'value', type: 'double' },
  ],
};
const v2 = { ...v1, fields: [...v1.fields, { name: 'unit', type: 'string', default: 'C' }] };
const v3bad = {
  ...v1,
  fields: [
    { name: 'sensor', type: 'long' },
    { name: 'value', type: 'double' },
  ],
};
const avro = (s) => ({ type: SchemaType.AVRO, schema: JSON.stringify(s) });

const r1 = await attempt(() => registry.register(avro(v1), { subject }));
check(
  'register Avro v1 (GET /config/{subject} 404 -> POST versions -> PUT config BACKWARD)',
  !!r1.value?.id,
  JSON.stringify(r1),
);
const r1b = await attempt(() => registry.register(avro(v1), { subject }));
check(
  're-register the same schema returns the same id',
  r1b.value?.id === r1.value?.id,
  JSON.stringify(r1b),
);
const r2 = await attempt(() => registry.register(avro(v2), { subject }));
check(
  'register compatible v2 (added field with default)',
  !!r2.value?.id && r2.value.id !== r1.value?.id,
  JSON.stringify(r2),
);
const r3 = await attempt(() => registry.register(avro(v3bad), { subject }));
check('incompatible v3 rejected under BACKWARD', !!r3.error, JSON.stringify(r3));
const latest = await attempt(() => registry.getLatestSchemaId(subject));
check(
  'getLatestSchemaId (GET /subjects/{s}/versions/latest)',
  latest.value === r2.value?.id,
  JSON.stringify(latest),
);
const byVersion = await attempt(() => registry.getRegistryId(subject, 1));
check(
  'getRegistryId(subject, 1) (GET /subjects/{s}/versions/1)',
  byVersion.value === r1.value?.id,
  JSON.stringify(byVersion),
);
const bySchema = await attempt(() => registry.getRegistryIdBySchema(subject, avro(v1)));
check(
  'getRegistryIdBySchema (POST /subjects/{s} lookup)',
  bySchema.value === r1.value?.id,
  JSON.stringify(bySchema),
);
const fresh = new SchemaRegistry({ host }); // empty cache: forces GET /schemas/ids/{id}
const schema = await attempt(() => fresh.getSchema(r1.value.id));
check(
  'getSchema(id) (GET /schemas/ids/{id})',
  schema.value?.name === 'tributary.check.Reading',
  schema.error ?? `name=${schema.value?.name}`,
);
const payload = { sensor: 's-1', value: 21.5 };
const enc = await attempt(() => registry.encode(r1.value.id, payload));
check(
  'encode v1',
  Buffer.isBuffer(enc.value) && enc.value[0] === 0 && enc.value.readInt32BE(1) === r1.value.id,
  enc.error ?? `${enc.value?.length} bytes, magic 0 + id ${enc.value?.readInt32BE(1)}`,
);
const dec = await attempt(() => fresh.decode(enc.value));
check(
  'decode with a fresh client (fetches writer schema by id)',
  JSON.stringify(dec.value) === JSON.stringify(payload),
  JSON.stringify(dec),
);
const dec2 = await attempt(() =>
  fresh.decode(enc.value, { [SchemaType.AVRO]: { readerSchema: v2 } }),
);
check('decode v1 bytes with v2 reader schema', dec2.value?.unit === 'C', JSON.stringify(dec2));
const enc2 = await attempt(() => registry.encode(r2.value.id, { ...payload, unit: 'F' }));
const dec3 = await attempt(() => fresh.decode(enc2.value));
check('encode/decode v2', dec3.value?.unit === 'F', JSON.stringify(dec3));
const json = await attempt(() =>
  registry.register(
    {
      type: SchemaType.JSON,
      schema: JSON.stringify({ type: 'object', properties: { a: { type: 'string' } } }),
    },
    { subject: `stack-check-${run}-json` },
  ),
);
console.log(`INFO schema-registry: JSON Schema register -> ${JSON.stringify(json)}`);
console.log(
  failures ? `schema-registry: ${failures} check(s) FAILED` : 'schema-registry: all checks passed',
);
process.exit(failures ? 1 : 0);
