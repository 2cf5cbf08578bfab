// @aws-sdk/client-s3 against S3Proxy: round trip, If-None-Match / If-Match preconditions, and races of
// concurrent conditional writers (exactly one may win). WHEN_REQUIRED=1 sets requestChecksumCalculation.
import {
  S3Client,
  HeadBucketCommand,
  PutObjectCommand,
  GetObjectCommand,
} from '@aws-sdk/client-s3';
const endpoint = process.env.S3_ENDPOINT ?? 'http://127.0.0.1:18080';
const Bucket = process.env.S3_BUCKET ?? 'tributary';
const whenRequired = process.env.WHEN_REQUIRED === '1';
const ROUNDS = Number(process.env.ROUNDS ?? 20),
  N = 10;
const PAD = 'x'.repeat(Number(process.env.BODY_KB ?? 0) * 1024); // larger bodies widen any check-then-write window
const s3 = new S3Client({
  endpoint,
  region: 'us-east-1',
  forcePathStyle: true,
  credentials: { accessKeyId: 'test', secretAccessKey: 'testsecret' },
  ...(whenRequired
    ? { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' }
    : {}),
});
const status = async (p) => {
  try {
    const r = await p;
    return { code: r.$metadata.httpStatusCode, etag: r.ETag };
  } catch (e) {
    return { code: e.$metadata?.httpStatusCode ?? e.name, err: e.name + ': ' + e.message };
  }
};
const put = (Key, Body, extra = {}) =>
  status(s3.send(new PutObjectCommand({ Bucket, Key, Body, ...extra })));
let failures = 0;
const check = (name, ok, detail) => {
  console.log(`${ok ? 'PASS' : 'FAIL'} s3: ${name}${detail ? ' — ' + detail : ''}`);
  if (!ok) failures++;
};
const run = Date.now().toString(36);
console.log(
  `INFO s3: ${endpoint} bucket=${Bucket} requestChecksumCalculation=${whenRequired ? 'WHEN_REQUIRED' : '(SDK default WHEN_SUPPORTED)'}`,
);
const hb = await status(s3.send(new HeadBucketCommand({ Bucket })));
check(`bucket ${Bucket} exists (created by up.sh)`, hb.code === 200, String(hb.code));
// basic put/get
const k0 = `check-${run}/plain.txt`;
const p0 = await put(k0, 'hello');
const g0 = await s3.send(new GetObjectCommand({ Bucket, Key: k0 }));
const body0 = await g0.Body.transformToString();
check('put/get round trip', p0.code === 200 && body0 === 'hello', `put=${p0.code} body=${body0}`);
// If-None-Match on existing key
const r1 = await put(k0, 'again', { IfNoneMatch: '*' });
check('If-None-Match:* on existing key -> 412', r1.code === 412, JSON.stringify(r1));
// If-Match stale etag
const k1 = `check-${run}/cas.txt`;
const v1 = await put(k1, 'v1');
const v2 = await put(k1, 'v2');
const r2 = await put(k1, 'v3', { IfMatch: v1.etag });
check('If-Match:<stale etag> -> 412', r2.code === 412, JSON.stringify(r2));
const r3 = await put(k1, 'v3', { IfMatch: v2.etag });
check('If-Match:<current etag> -> 200', r3.code === 200, JSON.stringify(r3));
const r4 = await put(`check-${run}/missing.txt`, 'x', { IfMatch: v2.etag });
console.log(`INFO s3: If-Match on a missing key -> ${r4.code} (AWS answers 404 NoSuchKey)`);
// race: If-None-Match:* create
let inmOk = 0;
for (let round = 0; round < ROUNDS; round++) {
  const key = `check-${run}/race-create-${round}`;
  const rs = await Promise.all(
    Array.from({ length: N }, (_, i) => put(key, `writer-${i}${PAD}`, { IfNoneMatch: '*' })),
  );
  const wins = rs.filter((r) => r.code === 200),
    lost = rs.filter((r) => r.code === 412),
    other = rs.filter((r) => r.code !== 200 && r.code !== 412);
  const final = await (
    await s3.send(new GetObjectCommand({ Bucket, Key: key }))
  ).Body.transformToString();
  const winner = rs.findIndex((r) => r.code === 200);
  const ok = wins.length === 1 && lost.length === N - 1 && final === `writer-${winner}${PAD}`;
  if (ok) inmOk++;
  else
    console.log(
      `  round ${round}: 200=${wins.length} 412=${lost.length} other=${JSON.stringify(other.map((o) => o.code + ' ' + (o.err ?? '')))} final=${final.slice(0, 20)}`,
    );
}
check(
  `race: ${N} concurrent If-None-Match:* puts of a new key, ${ROUNDS} rounds`,
  inmOk === ROUNDS,
  `${inmOk}/${ROUNDS} rounds had exactly one 200 + ${N - 1}x412 and the winner's body stored`,
);
// race: If-Match CAS
let imOk = 0;
for (let round = 0; round < ROUNDS; round++) {
  const key = `check-${run}/race-cas-${round}`;
  const base = await put(key, 'base');
  const rs = await Promise.all(
    Array.from({ length: N }, (_, i) => put(key, `cas-writer-${i}${PAD}`, { IfMatch: base.etag })),
  );
  const wins = rs.filter((r) => r.code === 200),
    lost = rs.filter((r) => r.code === 412),
    other = rs.filter((r) => r.code !== 200 && r.code !== 412);
  const final = await (
    await s3.send(new GetObjectCommand({ Bucket, Key: key }))
  ).Body.transformToString();
  const winner = rs.findIndex((r) => r.code === 200);
  const ok = wins.length === 1 && lost.length === N - 1 && final === `cas-writer-${winner}${PAD}`;
  if (ok) imOk++;
  else
    console.log(
      `  round ${round}: 200=${wins.length} 412=${lost.length} other=${JSON.stringify(other.map((o) => o.code + ' ' + (o.err ?? '')))} final=${final.slice(0, 20)}`,
    );
}
check(
  `race: ${N} concurrent If-Match:<same etag> puts, ${ROUNDS} rounds`,
  imOk === ROUNDS,
  `${imOk}/${ROUNDS} rounds had exactly one 200 + ${N - 1}x412 and the winner's body stored`,
);
console.log(failures ? `s3: ${failures} check(s) FAILED` : 's3: all checks passed');
process.exit(failures ? 1 : 0);
