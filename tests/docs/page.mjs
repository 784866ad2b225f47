#!/usr/bin/env node
// CTest docs_page_browser: the API reference page in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core; nothing is downloaded). Against the real server: GET /docs loads, lists every operation of
// /openapi.json, Authorize logs in with OAuth2 client credentials at the token endpoint, and Try it out on
// ClientCurrencyApi_List answers 200 with the same body the API gives a client directly.
//   node page.mjs path/to/norced
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { clientId, clientSecret, startServer } from './server.mjs';

const browserPath = process.env.NORCED_CHROMIUM || '/usr/bin/chromium';
if (!existsSync(browserPath)) {
  console.error(`docs_page_browser: no Chromium at ${browserPath}; scripts/install-deps.sh installs Debian's chromium`);
  process.exit(1);
}

function check(ok, what) {
  if (!ok) throw new Error(`docs_page_browser: ${what}`);
  console.log(`ok: ${what}`);
}

const server = await startServer(process.argv[2]);
const browser = await chromium.launch({ executablePath: browserPath, headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
let failed = false;
try {
  const doc = await (await fetch(`${server.url}/openapi.json`)).json();
  const operations = Object.values(doc.paths).flatMap((item) => Object.keys(item).filter((k) => k !== 'servers'));

  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const res = await page.goto(`${server.url}/docs`);
  check(res.status() === 200, 'GET /docs answers 200');
  await page.waitForSelector('.opblock', { timeout: 20_000 });
  // Swagger UI renders only the tag sections near the viewport: scroll through the page and collect every
  // operation it shows on the way.
  const listed = new Set();
  for (let step = 0; step < 2_000; step++) {
    for (const id of await page.locator('.opblock').evaluateAll((els) => els.map((e) => e.id))) listed.add(id);
    const atEnd = await page.evaluate(() => window.innerHeight + window.scrollY >= document.body.scrollHeight - 2);
    if (atEnd && step > 0) break;
    await page.evaluate(() => window.scrollBy(0, window.innerHeight / 2));
    await page.waitForTimeout(50);
  }
  check(listed.size === operations.length,
    `the page lists every operation of /openapi.json (${listed.size} of ${operations.length})`);
  check(listed.has('operations-Identity-Identity_Token'), 'the token endpoint is listed');
  await page.evaluate(() => window.scrollTo(0, 0));

  // Authorize: OAuth2 client credentials through the document's tokenUrl.
  await page.click('.auth-wrapper .authorize');
  await page.fill('#client_id_clientCredentials', clientId);
  await page.fill('#client_secret_clientCredentials', clientSecret);
  const token = page.waitForResponse((r) => r.url().endsWith('/identity/1.0/connect/token'));
  await page.click('.auth-btn-wrapper .authorize');
  const tokenReply = await token;
  check(tokenReply.status() === 200, 'the token endpoint issued a token to the page');
  await page.waitForSelector('.auth-btn-wrapper .btn-done, .auth-btn-wrapper button:has-text("Logout")');
  check(await page.locator('.auth-btn-wrapper button:has-text("Logout")').count() > 0, 'the page is logged in');
  await page.click('.auth-btn-wrapper .btn-done');

  // Try it out: list the client's currencies, with the headers the document fills in (application-id and
  // account-id 1).
  const op = page.locator('[id$="-ClientCurrencyApi_List"]');
  for (let step = 0; step < 200 && await op.count() === 0; step++) {  // rendered once scrolled near
    await page.evaluate(() => window.scrollBy(0, window.innerHeight / 2));
    await page.waitForTimeout(50);
  }
  await op.locator('.opblock-summary').click();
  await op.locator('.try-out__btn').click();
  const call = page.waitForResponse((r) => r.url().endsWith('/api/client/currency'));
  await op.locator('.execute').click();
  const reply = await call;
  check(reply.status() === 200, `Try it out answered ${reply.status()}`);
  const row = op.locator('.live-responses-table tr.response');
  await row.first().waitFor();
  const shownStatus = (await row.first().locator('.response-col_status').innerText()).trim();
  check(shownStatus === '200', `the page shows status ${shownStatus}`);
  const shown = JSON.parse(await row.first().locator('.highlight-code pre').first().innerText());
  // The same request straight from here, with a token of our own.
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret });
  const own = await (await fetch(`${server.url}/identity/1.0/connect/token`, { method: 'POST', body: form })).json();
  const direct = await (await fetch(`${server.url}/commerce/management/1.0/api/client/currency`, {
    headers: { Authorization: `Bearer ${own.access_token}`, 'application-id': '1', 'account-id': '1' } })).json();
  check(Array.isArray(shown) && shown.length > 0, `the page shows a list of ${shown.length} currencies`);
  check(JSON.stringify(shown) === JSON.stringify(direct), 'the page shows the body the API gives a client');
  check(errors.length === 0, `no script errors on the page${errors.length ? ': ' + errors.join('; ') : ''}`);
} catch (e) {
  failed = true;
  console.error(e.stack || String(e));
  console.error(`server log:\n${server.log()}`);
} finally {
  await browser.close();
  await server.stop();
}
process.exit(failed ? 1 : 0);
