// Starts the real norced binary for a test: a free port, a fresh data folder, a known OAuth client; stop()
// ends it by its pid and removes the folder. Shared by lint.mjs and page.mjs.
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const clientId = 'norced-docs-test';
export const clientSecret = 'norced-docs-test-secret';

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

// Extra arguments go to `norced serve`.
export async function startServer(binary, extra = []) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'norced-docs-'));
  const port = await freePort();
  const log = path.join(dir, 'server.log');
  const child = spawn(binary, ['--log-level', 'warn', 'serve', '--listen', `127.0.0.1:${port}`, '--data',
    path.join(dir, 'data'), '--workers', '1', '--read-threads', '2', '--write-threads', '2', ...extra], {
    env: { ...process.env, NORCED_CLIENT_ID: clientId, NORCED_CLIENT_SECRET: clientSecret },
    stdio: ['ignore', openSync(log, 'w'), openSync(log, 'a')],
  });
  const server = { url: `http://127.0.0.1:${port}`, exited: null, log: () => readFileSync(log, 'utf8') };
  child.on('exit', (code, signal) => { server.exited = signal || `status ${code}`; });
  server.stop = async () => {
    if (!server.exited) {
      child.kill('SIGTERM');
      for (let i = 0; i < 200 && !server.exited; i++) await new Promise((r) => setTimeout(r, 25));
      if (!server.exited) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // Readiness by polling /readyz: the only waiting a test does.
  for (let i = 0; i < 400 && !server.exited; i++) {
    try {
      if ((await fetch(`${server.url}/readyz`)).status === 200) return server;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 25));
  }
  const log_ = server.log();
  await server.stop();
  throw new Error(`norced did not become ready (${server.exited || 'timeout'}):\n${log_}`);
}
