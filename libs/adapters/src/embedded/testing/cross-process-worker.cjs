'use strict';
// Runs an embedded adapter in a process of its own, for the cross-process tests:
//   node cross-process-worker.cjs <command> <json arguments>
// Prints one JSON line with the outcome. TypeScript sources are compiled on load with swc,
// as jest does, so the child runs the very code under test.
const Module = require('node:module');
const fs = require('node:fs');
const path = require('node:path');
const { Readable } = require('node:stream');
const { transformSync } = require('@swc/core');

const repoRoot = path.resolve(__dirname, '../../../../..');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const lib = /^@tributary\/([a-z-]+)$/.exec(request);
  const target = lib ? path.join(repoRoot, 'libs', lib[1], 'src', 'index.ts') : request;
  return resolveFilename.call(this, target, ...rest);
};
require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2023',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};

const sleep = (ms) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const outcome = (error) => ({
  ok: false,
  error: error.name,
  code: error.code,
  message: error.message,
});

const commands = {
  /** { root, key, body, ifNoneMatch?, ifMatch?, startAt } */
  async put(args) {
    const { EmbeddedObjectStore } = require('../object-store/embedded-object-store.ts');
    const store = new EmbeddedObjectStore({ root: args.root });
    await store.head('warm-up/key');
    await sleep(args.startAt - Date.now());
    try {
      const info = await store.put(args.key, Buffer.from(args.body), {
        ifNoneMatch: args.ifNoneMatch,
        ifMatch: args.ifMatch,
      });
      return { ok: true, etag: info.etag };
    } catch (error) {
      return outcome(error);
    } finally {
      store.close();
    }
  },
  /** { root, key }: streams forever; the parent kills this process mid-put. */
  async putForever(args) {
    const { EmbeddedObjectStore } = require('../object-store/embedded-object-store.ts');
    const store = new EmbeddedObjectStore({ root: args.root });
    let sent = 0;
    const body = new Readable({
      read() {
        sent++;
        if (sent === 8) process.stdout.write('streaming\n');
        this.push(Buffer.alloc(256 * 1024, sent % 256));
      },
    });
    await store.put(args.key, body);
    return { ok: true };
  },
  /** { root, table, attributes, startAt } */
  async create(args) {
    const { EmbeddedKeyValueStore } = require('../key-value/embedded-key-value-store.ts');
    const store = new EmbeddedKeyValueStore({ root: args.root });
    await store.ensureTables([args.table]);
    await sleep(args.startAt - Date.now());
    try {
      await store.write([{ kind: 'create', table: args.table, attributes: args.attributes }]);
      return { ok: true };
    } catch (error) {
      return outcome(error);
    } finally {
      store.close();
    }
  },
  /** { root, topic, keys, count }: sends `count` messages per key, one send each. */
  async send(args) {
    const { EmbeddedLogTransport } = require('../log/embedded-log-transport.ts');
    const transport = new EmbeddedLogTransport({ root: args.root });
    for (let i = 0; i < args.count; i++) {
      for (const key of args.keys) {
        await transport.send(args.topic, [{ key, value: Buffer.from(`${key}-${i}`) }]);
      }
    }
    await transport.close();
    return { ok: true };
  },
  /** { root, groupId, topic, durationMs }: consumes as a member of the group for a while. */
  async consume(args) {
    const { EmbeddedLogTransport } = require('../log/embedded-log-transport.ts');
    const transport = new EmbeddedLogTransport({ root: args.root, heartbeatMs: 100 });
    const values = [];
    const subscription = await transport.consume({
      groupId: args.groupId,
      topics: [args.topic],
      onMessage: async (m) => void values.push(m.value.toString()),
    });
    process.stdout.write('ready\n');
    await sleep(args.durationMs);
    await subscription.stop();
    await transport.close();
    return { ok: true, values };
  },
};

const [command, json] = process.argv.slice(2);
commands[command](JSON.parse(json ?? '{}')).then(
  (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
  (error) => {
    process.stdout.write(`${JSON.stringify(outcome(error))}\n`);
    process.exitCode = 1;
  },
);
