#!/usr/bin/env node
// CTest openapi_lint: the OpenAPI document the real server serves passes `redocly lint` (its recommended rules)
// with no errors. Warnings are printed, not failed on.
//   node lint.mjs path/to/norced
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const server = await startServer(process.argv[2]);
const dir = mkdtempSync(path.join(os.tmpdir(), 'norced-lint-'));
let status = 1;
try {
  const res = await fetch(`${server.url}/openapi.json`);
  if (res.status !== 200) throw new Error(`GET /openapi.json answered ${res.status}`);
  const file = path.join(dir, 'openapi.json');
  writeFileSync(file, await res.text());
  const redocly = path.join(here, 'node_modules', '.bin', 'redocly');
  const run = spawnSync(redocly, ['lint', file, '--format', 'stylish'], { stdio: 'inherit',
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } });
  status = run.status ?? 1;
  console.log(status === 0 ? 'openapi_lint: no errors' : `openapi_lint: redocly lint failed (status ${run.status})`);
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(status);
