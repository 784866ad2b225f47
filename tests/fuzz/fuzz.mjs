#!/usr/bin/env node
// An independent fuzzer for norced, driven only by the OpenAPI document the server serves: it knows nothing of
// norced's sources. It takes a token, downloads /openapi.json, and for every operation sends requests built
// from the operation's schemas (operations documented as answering only 501, not served, are left out): valid bodies generated from the schema (json-schema-faker, seeded), the
// document's examples, and mutations of both (wrong types, nulls, huge strings, out-of-range and unknown ids,
// malformed or deeply nested JSON, bad path, query and header values). It fails (exit 1, listing the requests)
// when any response is a 5xx or a connection breaks. The same seed sends the same requests.
//
//   node fuzz.mjs --binary build/norced   start norced on a free port with a fresh data folder, stop it after
//   node fuzz.mjs --url http://127.0.0.1:8080 --client-id ID --client-secret SECRET   a running server
// Options: --requests N (3000), --seed S (1), --time-limit SECONDS (240), --concurrency C (4).
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createGeneratorSync } from 'json-schema-faker';

// ---- options -------------------------------------------------------------------------------------------------

function parseArgs(argv) {
  const o = {
    url: null, binary: null, requests: 3000, seed: 1, timeLimit: 240, concurrency: 4,
    clientId: process.env.NORCED_CLIENT_ID || 'norced-fuzz', clientSecret: process.env.NORCED_CLIENT_SECRET || 'norced-fuzz-secret',
    applicationId: '1', accountId: '1',
  };
  const names = { '--url': 'url', '--binary': 'binary', '--requests': 'requests', '--seed': 'seed',
    '--time-limit': 'timeLimit', '--concurrency': 'concurrency', '--client-id': 'clientId',
    '--client-secret': 'clientSecret', '--application-id': 'applicationId', '--account-id': 'accountId' };
  for (let i = 2; i < argv.length; i += 2) {
    const key = names[argv[i]];
    if (!key || i + 1 >= argv.length) throw new Error(`usage: fuzz.mjs (--binary PATH | --url URL) [options]; bad argument ${argv[i]}`);
    o[key] = ['requests', 'seed', 'timeLimit', 'concurrency'].includes(key) ? Number(argv[i + 1]) : argv[i + 1];
  }
  if (!o.url === !o.binary) throw new Error('give exactly one of --binary and --url');
  return o;
}

// ---- seeded randomness (mulberry32) -----------------------------------------------------------------------------

function rngFrom(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const r = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
  return r;
}

// ---- JSON with exact number text ------------------------------------------------------------------------------

// A JSON fragment written verbatim, for what JavaScript numbers cannot hold (1e999, 30-digit integers, -0).
class Raw { constructor(text) { this.text = text; } }

function toJson(v) {
  if (v instanceof Raw) return v.text;
  if (Array.isArray(v)) return '[' + v.map(toJson).join(',') + ']';
  if (v && typeof v === 'object') return '{' + Object.entries(v).map(([k, x]) => JSON.stringify(k) + ':' + toJson(x)).join(',') + '}';
  if (v === undefined) return 'null';
  return JSON.stringify(v);
}

// ---- the OpenAPI document -------------------------------------------------------------------------------------

// An OpenAPI 3.0 schema as plain JSON Schema: local $refs inlined (to a depth), `nullable` as a "null" type.
function plainSchema(doc, schema, depth = 0) {
  if (!schema || typeof schema !== 'object') return schema;
  if (schema.$ref) {
    if (depth > 4) return {};
    const name = schema.$ref.replace('#/components/schemas/', '');
    return plainSchema(doc, doc.components.schemas[name], depth + 1);
  }
  const out = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'nullable' || k === 'example' || k === 'readOnly' || k === 'description') continue;
    if (k === 'properties') out.properties = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, plainSchema(doc, s, depth)]));
    else if (k === 'items') out.items = plainSchema(doc, v, depth);
    else out[k] = v;
  }
  if (schema.nullable && out.type) out.type = [out.type, 'null'];
  return out;
}

function operations(doc) {
  const ops = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      const op = item[method];
      if (!op) continue;
      // An operation whose one response is 501 is documented as not served: every request gets that 501, so
      // there is nothing to fuzz (and a 5xx it declares is no failure).
      const codes = Object.keys(op.responses || {});
      if (codes.length === 1 && codes[0] === '501') continue;
      const params = (op.parameters || []).filter((p) => p.in === 'path' || p.in === 'query');
      const media = op.requestBody?.content?.['application/json'];
      let example = media?.example;
      if (example === undefined && media?.schema?.$ref) {
        example = doc.components.schemas[media.schema.$ref.replace('#/components/schemas/', '')]?.example;
      }
      ops.push({
        method: method.toUpperCase(), template, params, example,
        body: media ? plainSchema(doc, media.schema) : null,
        collection: template.replace(/\/\{[^}]+\}$/, ''),
      });
    }
  }
  return ops;
}

// ---- mutations ------------------------------------------------------------------------------------------------

const HUGE = 'Ω'.repeat(200_000);  // 200,000 characters, 400,000 bytes

function nastyValue(r, knownIds) {
  const choices = [
    () => null, () => '', () => 'x'.repeat(r.int(51, 2000)), () => HUGE, () => '\u0000', () => '\ud800', () => '😀'.repeat(60),
    () => "' OR 1=1 --", () => '%00%ff', () => '../../etc/passwd', () => '  ', () => 'true', () => '5', () => 'NaN',
    () => 0, () => -1, () => 1, () => 2147483647, () => 2147483648, () => -2147483648, () => -2147483649,
    () => 9007199254740993, () => 1.5, () => 3.0, () => -0.000001, () => 1e308,
    () => new Raw('1e999'), () => new Raw('-1e999'), () => new Raw('123456789012345678901234567890'), () => new Raw('-0'),
    () => new Raw('0.00000000000000000000000000000001'), () => new Raw('79228162514264337593543950336'),
    () => new Raw('7.9228162514264337593543950335E+28'), () => new Raw('1E-400'),
    () => true, () => false, () => [], () => {}, () => [null], () => [[[[]]]], () => ({ $id: '1', Id: 1 }),
    () => '2026-13-45T99:99:99Z', () => '9999-12-31T23:59:59.9999999Z', () => '0001-01-01', () => '2026-02-30',
    () => '2026-06-01T12:00:00+14:00', () => '1970-01-01T00:00:00-23:59', () => 'sv-SE', () => 'xx-XX',
    () => r.pick(knownIds.length ? knownIds : [1]), () => 999999,
  ];
  return r.pick(choices)();
}

// Replaces (or removes, or adds) 1-3 members somewhere in a JSON value.
function mutateValue(r, value, knownIds) {
  const out = structuredClone(value);
  const times = r.int(1, 3);
  for (let n = 0; n < times; n++) {
    // Walk down to a random container.
    let parent = null, key = null, cur = out;
    for (let depth = 0; depth < 4 && cur && typeof cur === 'object' && !(cur instanceof Raw); depth++) {
      const keys = Array.isArray(cur) ? [...cur.keys()] : Object.keys(cur);
      if (keys.length === 0 || r.chance(0.3)) break;
      parent = cur; key = r.pick(keys); cur = cur[key];
    }
    if (parent === null) {
      if (out && typeof out === 'object' && !Array.isArray(out)) out[r.pick(['Unknown', 'cultures', 'CODE', '$type'])] = nastyValue(r, knownIds);
      continue;
    }
    const what = r.next();
    if (what < 0.1 && !Array.isArray(parent)) delete parent[key];
    else if (what < 0.15 && Array.isArray(parent)) parent.push(structuredClone(parent[key] ?? null));
    else parent[key] = nastyValue(r, knownIds);
  }
  return out;
}

// A body that is not the JSON the schema asks for at all; returns [bytes, content type or null].
function brokenBody(r, valid) {
  const text = toJson(valid);
  const cases = [
    () => [text.slice(0, r.int(0, Math.max(0, text.length - 1))), 'application/json'],
    () => ['not json', 'application/json'],
    () => ['', 'application/json'],
    () => ['null', 'application/json'], () => ['[]', 'application/json'], () => ['"x"', 'application/json'],
    () => ['42', 'application/json'], () => ['[' + text + ',' + text + ']', 'application/json'],
    () => ['{"Code":"A","Code":null,"Code":7}', 'application/json'],
    () => ['['.repeat(100_000) + ']'.repeat(100_000), 'application/json'],
    () => ['{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000), 'application/json'],
    () => [Buffer.concat([Buffer.from('{"Code":"'), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from('"}')]), 'application/json'],
    () => [text, 'text/plain'], () => [text, null], () => [text, 'application/json; charset=latin1'],
    () => [text, 'application/x-www-form-urlencoded'], () => [text + ' \n\t', 'application/json'],
    () => ['\ufeff' + text, 'application/json'], () => [text + '}', 'application/json'],
    () => ['{"Code":"' + 'a'.repeat(1_000_000) + '"}', 'application/json'],
  ];
  return r.pick(cases)();
}

function nastyParam(r, knownIds) {
  return String(r.pick([
    '0', '-1', '2147483647', '2147483648', '-2147483649', '99999999999999999999', 'abc', '1.5', '1e3', ' 1', '1 ',
    '+1', '0x10', '', 'ü', '%', '/', '..', 'null', 'x'.repeat(5000), r.pick(knownIds.length ? knownIds : [1]),
  ]));
}

// ---- HTTP -----------------------------------------------------------------------------------------------------

function send(base, agent, req) {
  return new Promise((resolve) => {
    const u = new URL(base);
    const headers = { ...req.headers };
    const body = req.body === undefined ? null : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body);
    if (body) headers['Content-Length'] = String(body.length);
    const q = http.request({ host: u.hostname, port: u.port, method: req.method, path: req.path, headers, agent, timeout: 30_000 },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (e) => resolve({ error: e.message }));
      });
    q.on('timeout', () => q.destroy(new Error('no response within 30 s')));
    q.on('error', (e) => resolve({ error: e.message }));
    if (body) q.write(body);
    q.end();
  });
}

async function getJson(base, agent, method, p, headers = {}, body) {
  const res = await send(base, agent, { method, path: p, headers, body });
  if (res.error || res.status !== 200) throw new Error(`${method} ${p}: ${res.error || res.status + ' ' + res.body}`);
  return JSON.parse(res.body);
}

// ---- the server, when we start it -----------------------------------------------------------------------------

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

async function startServer(o) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'norced-fuzz-'));
  const port = await freePort();
  const log = path.join(dir, 'server.log');
  const fd = openSync(log, 'w');
  const child = spawn(o.binary, ['--log-level', 'warn', 'serve', '--listen', `127.0.0.1:${port}`, '--data', path.join(dir, 'data'),
    '--workers', '2', '--read-threads', '2', '--write-threads', '2'], {
    env: { ...process.env, NORCED_CLIENT_ID: o.clientId, NORCED_CLIENT_SECRET: o.clientSecret },
    stdio: ['ignore', fd, fd],
  });
  const server = { child, dir, log, url: `http://127.0.0.1:${port}`, exited: null };
  child.on('exit', (code, signal) => { server.exited = signal || `status ${code}`; });
  const agent = new http.Agent();
  for (let i = 0; i < 300; i++) {
    if (server.exited) break;
    const res = await send(server.url, agent, { method: 'GET', path: '/readyz', headers: {} });
    if (res.status === 200) return server;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`norced did not become ready (${server.exited || 'timeout'}):\n${readFileSync(log, 'utf8')}`);
}

async function stopServer(server) {
  if (!server.exited) {
    server.child.kill('SIGTERM');
    for (let i = 0; i < 200 && !server.exited; i++) await new Promise((r) => setTimeout(r, 50));
    if (!server.exited) server.child.kill('SIGKILL');
  }
}

// ---- the run ----------------------------------------------------------------------------------------------------

async function main() {
  const o = parseArgs(process.argv);
  const server = o.binary ? await startServer(o) : null;
  const base = o.url || server.url;
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.concurrency });
  let failed = false;
  try {
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: o.clientId, client_secret: o.clientSecret });
    const tokenReply = await getJson(base, agent, 'POST', '/identity/1.0/connect/token',
      { 'Content-Type': 'application/x-www-form-urlencoded' }, form.toString());
    const doc = await getJson(base, agent, 'GET', '/openapi.json');
    const ops = operations(doc);
    if (ops.length === 0) throw new Error('the OpenAPI document lists no operations');

    const r = rngFrom(o.seed);
    const faker = createGeneratorSync({ seed: o.seed, maxDefaultItems: 3, optionalsProbability: 0.7 });
    const auth = { Authorization: `Bearer ${tokenReply.access_token}`, 'application-id': o.applicationId, 'account-id': o.accountId };
    const known = new Map();  // collection path → ids the server gave for POSTs
    const allKnown = [];
    const prefixes = ['/api', '/commerce/management/1.0/api'];

    const build = (op) => {
      const ids = known.get(op.collection) || [];
      const headers = { ...auth };
      const mode = r.next();
      // Path and query parameters: usually sensible values (known ids), sometimes nasty ones.
      let p = op.template.replace(/^\/api/, r.pick(prefixes));
      const query = new URLSearchParams();
      for (const param of op.params) {
        const nasty = mode >= 0.75 && mode < 0.87 && r.chance(0.7);
        let value;
        if (nasty) value = nastyParam(r, allKnown);
        else if (param.in === 'path') value = String(ids.length && r.chance(0.8) ? r.pick(ids) : r.int(1, 50));
        else if (r.chance(0.5)) continue;
        else value = String(faker.generate(plainSchema(doc, param.schema)));
        if (param.in === 'path') p = p.replace(`{${param.name}}`, encodeURIComponent(value));
        else query.append(param.name, value);
      }
      if (mode >= 0.75 && mode < 0.87 && r.chance(0.3)) query.append(r.pick(['PAGE', 'filter', 'x', '$top']), nastyParam(r, allKnown));
      const qs = query.toString();
      if (qs) p += '?' + qs;
      // Headers: now and then a wrong tenancy or token.
      if (mode >= 0.87 && mode < 0.95) {
        const h = r.pick(['application-id', 'account-id', 'Authorization']);
        const v = r.pick(['', '0', '-1', '2', '2147483648', 'x', ' 1', 'Bearer', 'Bearer x.y.z', null]);
        if (v === null) delete headers[h]; else headers[h] = v;
      }
      const kind = mode < 0.75 ? 'valid' : mode < 0.87 ? 'params' : mode < 0.95 ? 'headers' : 'valid';
      const req = { method: op.method, path: p, headers, op, kind };
      if (!op.body) return req;
      // The body: generated from the schema or the document's example, then mutated or broken.
      let value = op.example !== undefined && r.chance(0.3) ? structuredClone(op.example) : faker.generate(op.body);
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        for (const k of Object.keys(value)) if (/Id$/.test(k) && k !== 'Id' && r.chance(0.5)) value[k] = r.pick(allKnown.length ? allKnown : [1]);
        if ('Code' in value || r.chance(0.5)) value.Code = `F${o.seed}-${r.int(0, 1e9)}`;  // mostly fresh codes, so writes get far
      }
      req.headers['Content-Type'] = 'application/json';
      if (mode < 0.25) {
        req.body = toJson(value);
      } else if (mode < 0.65) {
        req.body = toJson(mutateValue(r, value, allKnown));
        req.kind = 'mutated body';
      } else if (mode < 0.75) {
        req.kind = 'broken body';
        const [bytes, type] = brokenBody(r, value);
        req.body = bytes;
        if (type) req.headers['Content-Type'] = type; else delete req.headers['Content-Type'];
      } else {
        req.body = toJson(value);
      }
      return req;
    };

    const failures = [];
    const counts = {};
    const kinds = {};
    let sent = 0, next = 0;
    const deadline = Date.now() + o.timeLimit * 1000;
    const worker = async () => {
      while (next < o.requests && Date.now() < deadline) {
        const op = ops[next % ops.length];
        next++;
        const req = build(op);
        const res = await send(base, agent, req);
        sent++;
        const status = res.error ? 'broken' : res.status;
        counts[status] = (counts[status] || 0) + 1;
        const k = `${req.kind} ${status}`;
        kinds[k] = (kinds[k] || 0) + 1;
        if (res.error || res.status >= 500) {
          failures.push({ req, res });
        } else if (res.status === 200 && op.method === 'POST') {
          const id = JSON.parse(res.body);
          if (Number.isInteger(id)) {
            if (!known.has(op.collection)) known.set(op.collection, []);
            known.get(op.collection).push(id);
            allKnown.push(id);
          }
        }
      }
    };
    await Promise.all(Array.from({ length: o.concurrency }, worker));

    // The server must still answer afterwards.
    const after = await send(base, new http.Agent(), { method: 'GET', path: '/healthz', headers: {} });
    if (after.status !== 200) failures.push({ req: { method: 'GET', path: '/healthz', headers: {} }, res: after });
    if (server?.exited) failures.push({ req: { method: '-', path: 'norced process', headers: {} }, res: { error: `exited: ${server.exited}` } });

    const byStatus = Object.entries(counts).sort().map(([s, n]) => `${s}: ${n}`).join(', ');
    const byKind = Object.entries(kinds).sort().map(([s, n]) => `${s}: ${n}`).join(', ');
    console.log(`fuzz: seed ${o.seed}, ${ops.length} operations, statuses {${byStatus}}${sent < o.requests ? ' (time limit reached)' : ''}`);
    console.log(`fuzz: by kind and status {${byKind}}`);
    for (const { req, res } of failures.slice(0, 50)) {
      const body = req.body === undefined ? '' : Buffer.from(req.body).toString('utf8');
      console.log(`FAIL ${req.method} ${req.path.slice(0, 300)} -> ${res.error || res.status} ${String(res.body || '').slice(0, 300)}`);
      console.log(`     headers ${JSON.stringify({ ...req.headers, Authorization: req.headers.Authorization ? '…' : undefined })}`);
      if (body) console.log(`     body (${body.length} chars) ${body.slice(0, 500)}`);
    }
    console.log(`fuzz: ${sent} requests, ${failures.length} server errors`);
    failed = failures.length > 0;
  } catch (e) {
    console.error(`fuzz: ${e.stack || e}`);
    failed = true;
  } finally {
    agent.destroy();
    if (server) {
      await stopServer(server);
      if (failed) console.log(`---- server log (${server.log}) ----\n${readFileSync(server.log, 'utf8').slice(-5000)}`);
      else rmSync(server.dir, { recursive: true, force: true });
    }
  }
  process.exit(failed ? 1 : 0);
}

main();
