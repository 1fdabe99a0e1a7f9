// What the page can tell about connections (docs/web.md, Connections): through Resource Timing,
// which crawlbench-server allows with Timing-Allow-Origin, each request's connection (opened or
// reused) and the run's connections_opened; from a server without that header, nothing (null).
// Chromium pools connections whatever the strategy asks, at most 6 per origin.
// Usage: node connections_test.mjs URL   (URL: crawlbench-server serving the web build)
import http from 'node:http';
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { check, failures, flags, open } from './browser_support.mjs';

const [url] = process.argv.slice(2);

// A delay server without Timing-Allow-Origin: `.` for /add at once, CORS allowed, /origins missing.
function serverWithoutTimingAllowOrigin() {
  const server = http.createServer((req, res) => {
    const add = req.url.startsWith('/add');
    res.writeHead(add ? 200 : 404, { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'text/html' });
    res.end(add ? '.' : 'not found');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// One run's result through the page's API.
const run = (page, config) => page.evaluate((c) => window.crawlbench.run(c).then((r) => r.runs[0]), config);

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: flags, timeout: 60_000 });
const plain = await serverWithoutTimingAllowOrigin();
try {
  // A fresh context: a socket pool of its own, so the first run opens its connections.
  const { page, console_lines } = await open(await browser.newContext(), url);

  for (const strategy of ['aiohttp', 'gevent']) {
    await check(`${strategy} through fetch: the connections the browser's pool opened, counted`, async () => {
      const r = await run(page, { strategy, num: 60, delay: 20, concurrency: 6 });
      assert.equal(r.errors, 0, JSON.stringify(r.error_kinds));
      assert.notEqual(r.connections_opened, null, 'Resource Timing told nothing');
      assert.ok(r.connections_opened <= 6, `${r.connections_opened} connections: Chromium pools at most 6 per origin`);
      assert.equal(r.tls_handshakes, 0);  // plain http
      assert.equal(typeof r.connection_setup_s, 'number');
      console.log(`     ${strategy}: ${r.connections_opened} connections opened for ${r.num} requests`);
    });
  }

  await check('the first run of a fresh pool opens at least one connection', async () => {
    const { page: fresh } = await open(await browser.newContext(), url);
    const r = await run(fresh, { strategy: 'aiohttp', num: 30, delay: 10, concurrency: 6 });
    assert.ok(r.connections_opened >= 1 && r.connections_opened <= 6, `${r.connections_opened}`);
  });

  await check('past the 250 entries of the browser\'s buffer: every request found its entry, and the buffer stays small', async () => {
    const r = await run(page, { strategy: 'aiohttp', num: 700, delay: 0, concurrency: 6 });
    assert.equal(r.errors, 0, JSON.stringify(r.error_kinds));
    assert.notEqual(r.connections_opened, null);
    const [worker] = page.workers();
    const timing = await worker.evaluate(() => ({
      missed: Module.resourceTiming.missed, pending: Module.resourceTiming.pending.size,
      buffered: performance.getEntriesByType('resource').length,
    }));
    assert.equal(timing.missed, 0, 'requests whose entry was lost');
    assert.equal(timing.pending, 0, 'requests still remembered after the run');
    assert.ok(timing.buffered <= 256 + 6, `${timing.buffered} entries buffered`);
  });

  await check('a server without Timing-Allow-Origin: connections unknown, null in the result', async () => {
    const server = `http://127.0.0.1:${plain.address().port}`;
    const r = await run(page, { server, strategy: 'aiohttp', num: 30, delay: 0, concurrency: 6 });
    assert.equal(r.errors, 0, JSON.stringify(r.error_kinds));
    assert.equal(r.connections_opened, null);
    assert.equal(r.tls_handshakes, null);
    assert.equal(r.connection_setup_s, null);
  });

  await check('the page threw nothing', async () => {
    assert.deepEqual(console_lines.filter((l) => l.startsWith('pageerror')), []);
  });
} finally {
  plain.close();
  await browser.close();
}
console.log(failures() === 0 ? 'connection tests: all passed' : `connection tests: ${failures()} failed`);
process.exit(failures() === 0 ? 0 : 1);
