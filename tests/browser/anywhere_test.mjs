// The page anywhere (issue 18): the web build served by a plain static file server, with no delay
// server behind it. It simulates every strategy in the worker; crawls crawlbench-server on another
// origin over several of its listeners; explains a server it cannot reach and offers the
// simulator; re-opens its own links there, and Run again of a simulated link simulates.
// Usage: CRAWLBENCH_CLI=PATH node anywhere_test.mjs STATIC_URL SERVER_URL   (STATIC_URL: the static server's root;
// SERVER_URL: crawlbench-server with extra listeners)
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import http from 'node:http';
import { spawnSync } from 'node:child_process';
import { check, failures, flags, open, serverMostAtOnce } from './browser_support.mjs';

const [staticUrl, serverUrl] = process.argv.slice(2);
const server = serverUrl.replace(/\/+$/, '');

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: flags, timeout: 60_000 });
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, console_lines } = await open(context, staticUrl);

  await check('static host: no delay server at the page\'s origin, so run() with no server simulates every strategy', async () => {
    const doc = await page.evaluate(() => window.crawlbench.run({ strategy: 'all', num: 2000, serial_num: 50, delay: 100, concurrency: 100 }));
    assert.equal(doc.runs.length, 6);
    for (const run of doc.runs) {
      assert.equal(run.transport, 'sim', run.strategy);
      assert.equal(run.errors, 0, `${run.strategy}: ${JSON.stringify(run.error_kinds)}`);
      assert.equal(run.result_bytes, run.num, run.strategy);  // the delay server's body is one byte
    }
    const aiohttp = doc.runs.find((r) => r.strategy === 'aiohttp');
    assert.ok(Math.abs(aiohttp.seconds - 2.0) < 0.01, `aiohttp: ${aiohttp.seconds} s in virtual time, 2000 x 100 ms at C=100`);
    assert.ok(console_lines.some((l) => l.includes('no delay server at the page origin')), console_lines.join('\n'));
  });

  await check('static host: the simulator\'s knobs with the CLI\'s names, and bad server keys refused with the reason', async () => {
    const limited = await page.evaluate(() => window.crawlbench.run({ transport: 'sim', strategy: 'aiohttp', num: 20, delay: 100, concurrency: 20, sim_server_limit: 1, sim_rtt: 2 }));
    // One at a time at the server: 20 x 100 ms, plus one round trip (the others' overlap the queue).
    assert.ok(Math.abs(limited.runs[0].seconds - (20 * 0.1 + 0.002)) < 0.001, `${limited.runs[0].seconds} s`);
    const refusals = await page.evaluate(async () => {
      const reason = (config) => window.crawlbench.run(config).then(() => 'resolved', (e) => e.message);
      return [await reason({ transport: 'curl' }), await reason({ transport: 'sim', server: 'http://127.0.0.1:8082' }),
              await reason({ server: 'http://127.0.0.1:8082', sim_rtt: 5 }), await reason({ sim_rtt: -1 }),
              await reason({ server: 'http://::1:8082' }), await reason({ transport: 'fetch' })];
    });
    assert.match(refusals[0], /transport: expected 'sim' or 'fetch'/);
    assert.match(refusals[1], /server: the simulator is the server/);
    assert.match(refusals[2], /need transport 'sim'/);
    assert.match(refusals[3], /sim_rtt: expected 0 to 60,000 ms/);
    assert.match(refusals[4], /needs brackets/);
    assert.match(refusals[5], /this page's origin has no delay server/);
  });

  await check('static host: a simulated run past the 100,000 requests the page once refused, on the default stack', async () => {
    const doc = await page.evaluate(() => window.crawlbench.run({ transport: 'sim', strategy: 'aiohttp', num: 200000, concurrency: 10000, delay: 100 }));
    assert.equal(doc.runs[0].ok, 200000);
    assert.equal(doc.runs[0].seconds, 2);  // 20 waves of 100 ms, virtual
  });

  await check('static host: a simulated link made by the CLI opens with its knobs, and Run again simulates the same run', async () => {
    const made = spawnSync(process.env.CRAWLBENCH_CLI, ['run', '--transport', 'sim', '--sim-rtt', '3', '--sim-jitter', '10', '--strategy', 'tornado,aiohttp',
      '--num', '400', '--delay', '50', '--concurrency', '40', '--json', '--share', '--share-base', staticUrl], { encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    const link = made.stderr.match(/share link: (\S+)/)[1];
    const cli = JSON.parse(made.stdout);
    const fresh = await browser.newContext();
    const { page: other } = await open(fresh, link);
    const shown = await other.evaluate(() => window.crawlbench.result());
    assert.deepEqual(shown.runs.map((r) => [r.strategy, r.transport, r.seconds]), cli.runs.map((r) => [r.strategy, 'sim', r.seconds]));
    const again = await other.evaluate(() => window.crawlbench.runAgain());
    assert.deepEqual(again.runs.map((r) => [r.strategy, r.transport, r.seconds]), cli.runs.map((r) => [r.strategy, 'sim', r.seconds]));
    await fresh.close();
  });

  let simulatedLink = null, simulated = null;
  await check('static host: the page\'s own link points at the page, re-opens there with the same results, and Run again simulates', async () => {
    simulated = await page.evaluate(() => window.crawlbench.run({ strategy: 'gevent,aiohttp', num: 500, delay: 50, concurrency: 50, sim_jitter: 20, sim_connect: 3 }));
    simulatedLink = await page.evaluate(() => window.crawlbench.shareUrl());
    assert.ok(simulatedLink.startsWith(staticUrl + '#r=v1.'), simulatedLink.slice(0, 80));
    const fresh = await browser.newContext();
    const { page: other } = await open(fresh, simulatedLink);
    const shown = await other.evaluate(() => window.crawlbench.result());
    assert.deepEqual(shown.runs.map((r) => [r.strategy, r.transport, r.seconds, r.latency_ms.p99]),
                     simulated.runs.map((r) => [r.strategy, r.transport, r.seconds, r.latency_ms.p99]));
    // Run again: the same knobs and seed, so the same virtual seconds.
    const again = await other.evaluate(() => window.crawlbench.runAgain());
    assert.deepEqual(again.runs.map((r) => [r.strategy, r.transport, r.seconds]), simulated.runs.map((r) => [r.strategy, r.transport, r.seconds]));
    await fresh.close();
  });

  await check('static host: crawls crawlbench-server on another origin over 4 of its listeners (more than 6 in flight)', async () => {
    const since = Date.now() / 1000 - 0.5;
    const doc = await page.evaluate((s) => window.crawlbench.run({ server: s, strategy: 'aiohttp', num: 240, delay: 200, concurrency: 24, origins: 4 }), server);
    assert.equal(doc.runs[0].transport, 'fetch');
    assert.equal(doc.runs[0].errors, 0, JSON.stringify(doc.runs[0].error_kinds));
    const most = await serverMostAtOnce(server, 'aiohttp', since);
    assert.ok(most > 6, `the server saw at most ${most} at once`);
  });

  await check('static host: a link made on the server\'s page opens here, and Run again crawls that server while it answers', async () => {
    const origin = await browser.newContext();
    const { page: home } = await open(origin, server + '/');
    await home.evaluate(() => window.crawlbench.run({ strategy: 'tornado', num: 60, delay: 20, concurrency: 6 }));
    const link = (await home.evaluate(() => window.crawlbench.shareUrl())).replace(server + '/', staticUrl);
    await origin.close();
    const fresh = await browser.newContext();
    const { page: other } = await open(fresh, link);
    const since = Date.now() / 1000 - 0.5;
    const again = await other.evaluate(() => window.crawlbench.runAgain());
    assert.equal(again.runs[0].transport, 'fetch');
    assert.equal(again.runs[0].errors, 0, JSON.stringify(again.runs[0].error_kinds));
    assert.ok(await serverMostAtOnce(server, 'tornado', since) >= 1, 'the server saw none of Run again');
    await fresh.close();
  });

  await check('static host: a server that does not answer is explained, not 1000 failures, and Run again then simulates', async () => {
    const message = await page.evaluate(() => window.crawlbench.run({ server: 'http://127.0.0.1:9', strategy: 'aiohttp', num: 1000 }).then(() => 'resolved', (e) => e.message));
    assert.match(message, /^cannot reach the delay server http:\/\/127\.0\.0\.1:9: Nothing answers at http:\/\/127\.0\.0\.1:9 .*port 9/);
    const again = await page.evaluate(() => window.crawlbench.runAgain());
    assert.equal(again.runs[0].transport, 'sim');
    assert.equal(again.runs[0].errors, 0);
  });

  await check('static host: a server on another origin that sends no CORS headers is explained as such', async () => {
    const bare = http.createServer((request, response) => { response.writeHead(200); response.end('.'); });
    await new Promise((resolve) => bare.listen(0, '127.0.0.1', resolve));
    try {
      const address = `http://127.0.0.1:${bare.address().port}`;
      const message = await page.evaluate((s) => window.crawlbench.run({ server: s, num: 10 }).then(() => 'resolved', (e) => e.message), address);
      assert.match(message, /answers, but without Access-Control-Allow-Origin for this page/);
    } finally {
      bare.close();
    }
  });
} finally {
  await browser.close();
}
if (failures() > 0) {
  console.log(`anywhere tests: ${failures()} failed`);
  process.exit(1);
}
console.log('anywhere tests: all passed');
