// The web UI in headless Chromium (Debian's, driven by playwright-core): it loads with WebGL2,
// crawls its server with every strategy through fetch, crawls a URL list, given or from a file as
// the picker hands it over (CORS deciding what it may fetch: a blocked URL is named so), makes a share link that a fresh page opens
// to the same results, explains a corrupted link, runs the CPU + I/O workload with the portable CPU
// task, and leaves screenshots. From a plain static host (STATIC_BASE) it opens a link the CLI made.
// Usage: STATIC_BASE=URL CRAWLBENCH_CLI=PATH node web_ui_test.mjs URL SCREENSHOT.png
//   URL: crawlbench-server serving the web build; STATIC_BASE: a static file server serving the
//   same web root (tests/browser/run.sh starts both); CRAWLBENCH_CLI: the native crawlbench.
import { spawnSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { check, failures, flags, open, serverMostAtOnce as mostAtOnce } from './browser_support.mjs';

const [url, screenshot] = process.argv.slice(2);
const { STATIC_BASE: staticBase, CRAWLBENCH_CLI: cli } = process.env;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: flags, timeout: 60_000 });
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, console_lines } = await open(context, url);

  await check('the page has a WebGL2 context and the API', async () => {
    assert.equal(await page.evaluate(() => !!document.createElement('canvas').getContext('webgl2')), true);
    assert.equal(await page.evaluate(() => typeof window.crawlbench.run), 'function');
    assert.equal(await page.evaluate(() => window.crawlbench.result()), null);
  });

  for (const strategy of ['serial', 'gevent', 'tornado', 'aiohttp', 'batched', 'rate']) {
    await check(`${strategy}: 200 x 50 ms through fetch, 0 errors, the right bytes`, async () => {
      const result = await page.evaluate((s) => window.crawlbench.run({ strategy: s, num: 200, delay: 50, concurrency: 6 }), strategy);
      assert.equal(result.format, 'crawlbench-result');
      assert.equal(result.runs.length, 1);
      const run = result.runs[0];
      const expected = strategy === 'serial' ? 20 : 200;  // serial at its reduced N, as on the CLI
      assert.equal(run.strategy, strategy);
      assert.equal(run.transport, 'fetch');
      assert.equal(run.errors, 0, JSON.stringify(run.error_kinds));
      assert.equal(run.ok, expected);
      assert.equal(run.result_bytes, expected);
      assert.ok(run.seconds >= run.lower_bound_s * 0.99, `${run.seconds} s beats the lower bound ${run.lower_bound_s}`);
    });
  }

  await check('bad configs are refused with a reason', async () => {
    const message = await page.evaluate(() => window.crawlbench.run({ num: -1 }).then(() => 'resolved', (e) => e.message));
    assert.match(message, /num: expected a whole number/);
  });

  await check('four origins lift the 6-connection cap: the server sees more than 6 requests at once', async () => {
    const since = Date.now() / 1000 - 0.5;
    const result = await page.evaluate(() => window.crawlbench.run({ strategy: 'aiohttp', num: 240, delay: 200, concurrency: 24, origins: 4 }));
    const run = result.runs[0];
    assert.equal(run.errors, 0, JSON.stringify(run.error_kinds));
    assert.equal(run.ok, 240);
    // One origin would take at least 240 / 6 x 0.2 = 8 s.
    assert.ok(run.seconds < 6, `${run.seconds} s`);
    const most = await mostAtOnce(url, 'aiohttp', since);
    assert.ok(most > 6, `the server saw at most ${most} at once`);
    console.log(`     server saw up to ${most} at once; ${run.seconds} s (lower bound ${run.lower_bound_s} s)`);
  });

  await check('more origins than the server has are refused with the reason', async () => {
    const message = await page.evaluate(() => window.crawlbench.run({ strategy: 'aiohttp', num: 10, origins: 9 }).then(() => 'resolved', (e) => e.message));
    assert.match(message, /origins: the server offers 4/);
  });

  await check('a URL list: run({urls}) over two of the server\'s listeners (CORS allowed), 0 errors, the exact bytes', async () => {
    const { origins } = await (await fetch(new URL('origins', url))).json();
    const index = (await (await fetch(new URL('index.html', origins[1]))).arrayBuffer()).byteLength;
    const urls = [0, 1, 2, 3, 4].map((i) => `${origins[i % 2]}/add?name=list&delay=20&i=${i}`).concat([`${origins[1]}/index.html`]);
    const result = await page.evaluate((u) => window.crawlbench.run({ urls: u, strategy: 'serial,gevent,aiohttp', concurrency: 3 }), urls);
    assert.equal(result.runs.length, 3);
    for (const run of result.runs) {
      assert.equal(run.errors, 0, `${run.strategy}: ${JSON.stringify(run.error_kinds)}`);
      assert.equal(run.ok, urls.length, run.strategy);
      assert.equal(run.result_bytes, 5 + index, run.strategy);  // five /add bodies of ".", and the page
      assert.equal(run.lower_bound_estimated, true, run.strategy);
    }
    assert.deepEqual(await page.evaluate(() => window.crawlbench.failures()), []);
  });

  await check('a URL list: a URL on an origin without CORS fails, and the panel says blocked (CORS, or unreachable)', async () => {
    const urls = [`${url}add?name=list&delay=10&i=0`, `${staticBase}index.html`];  // python's http.server sends no CORS headers
    const result = await page.evaluate((u) => window.crawlbench.run({ urls: u, strategy: 'aiohttp' }), urls);
    const run = result.runs[0];
    assert.equal(run.ok, 1);
    assert.equal(run.errors, 1);
    assert.deepEqual(run.error_kinds, { transport_error: 1 });
    const lines = await page.evaluate(() => window.crawlbench.failures());
    assert.deepEqual(lines, ['aiohttp (C=100): 1 of 2 requests failed: blocked (CORS, or unreachable)']);
  });

  await check('a URL list: refused with the reason beside the simulator, a server, the delay, or with a bad URL', async () => {
    const refused = (config) => page.evaluate((c) => window.crawlbench.run(c).then(() => 'resolved', (e) => e.message), config);
    const good = [`${url}add?delay=1`];
    assert.match(await refused({ urls: good, transport: 'sim' }), /^urls: a URL list is fetched by the browser/);
    assert.match(await refused({ urls: good, sim_rtt: 5 }), /^urls: a URL list is fetched by the browser/);
    assert.match(await refused({ urls: good, server: url }), /^urls: a URL list names its own servers/);
    assert.match(await refused({ urls: good, delay: 5 }), /^delay: does not apply to a URL list/);
    assert.match(await refused({ urls: good, num: 2 }), /^num: the list has 1 URLs/);
    assert.match(await refused({ urls: [...good, 'ftp://127.0.0.1/x'] }), /^urls: URL 2 of 2: /);
    assert.match(await refused({ urls: [] }), /^urls: /);
    assert.match(await refused({ urls: 'http://a/' }), /^urls: expected a list of strings/);
  });

  await check('a URL list\'s share link carries the count only: the results open, and Run again asks for the URLs', async () => {
    await page.evaluate((u) => window.crawlbench.run({ urls: u, strategy: 'tornado' }), [`${url}add?name=list&delay=5&i=0`, `${url}add?name=list&delay=5&i=1`]);
    const link = await page.evaluate(() => window.crawlbench.shareUrl());
    const fresh = await browser.newContext();
    const { page: other } = await open(fresh, link);
    const opened = await other.evaluate(() => window.crawlbench.result());
    assert.equal(opened.runs[0].num, 2);
    assert.equal(opened.runs[0].ok, 2);
    const message = await other.evaluate(() => window.crawlbench.runAgain().then(() => 'resolved', (e) => e.message));
    assert.match(message, /carries only the number of URLs/);
    await fresh.close();
  });

  await check('a URL list file as "Load a file..." hands it over fills the run panel: Run again fetches its URLs', async () => {
    const urls = [0, 1, 2].map((i) => `${url}add?name=list&delay=5&i=${i}`);
    await page.evaluate((text) => Module.deliverFile('crawlbench_list_file', new File([text], 'list.txt'), 1 << 30),
                        `# three\n${urls.join('\n')}\n`);
    const result = await page.evaluate(() => window.crawlbench.runAgain());
    assert.deepEqual(result.runs.map((r) => [r.strategy, r.num, r.ok, r.errors]), [['tornado', 3, 3, 0]]);
  });

  let shared = null;
  await check('a share link opens the same results in a fresh page, and Run again crawls its configuration', async () => {
    const config = { strategy: 'gevent,aiohttp', num: 120, delay: 100, concurrency: 12, origins: 2 };
    const first = await page.evaluate((c) => window.crawlbench.run(c), config);
    const link = await page.evaluate(() => window.crawlbench.shareUrl());
    assert.match(link, /#r=v1\./);
    assert.ok(link.length < 32_000, `${link.length} characters`);
    const fresh = await browser.newContext();
    const { page: other } = await open(fresh, link);
    shared = await other.evaluate(() => window.crawlbench.result());
    assert.ok(shared, 'no result after opening the link');
    assert.equal(shared.runs.length, 2);
    for (let i = 0; i < 2; i++) {
      assert.equal(shared.runs[i].strategy, first.runs[i].strategy);
      assert.equal(shared.runs[i].ok, first.runs[i].ok);
      assert.equal(shared.runs[i].seconds, first.runs[i].seconds);
      assert.equal(shared.runs[i].latency_ms.p99, first.runs[i].latency_ms.p99);
    }
    // Run again: the link's strategies, N, delay and C, over its 2 origins (more than one
    // origin's 6 connections at the server at once).
    const since = Date.now() / 1000 - 0.5;
    const again = await other.evaluate(() => window.crawlbench.runAgain());
    assert.deepEqual(again.runs.map((r) => [r.strategy, r.num, r.delay_ms, r.concurrency]),
                     first.runs.map((r) => [r.strategy, r.num, r.delay_ms, r.concurrency]));
    for (const run of again.runs) assert.equal(run.errors, 0, JSON.stringify(run.error_kinds));
    const most = await mostAtOnce(url, 'aiohttp', since);
    assert.ok(most > 6, `Run again: the server saw at most ${most} at once`);
    await fresh.close();
  });

  await check('a static host: the page loads under a sub-path from its own files, and a CLI link opens with the same results', async () => {
    assert.ok(staticBase && cli, 'STATIC_BASE and CRAWLBENCH_CLI (tests/browser/run.sh sets them)');
    const made = spawnSync(cli, ['run', '--strategy', 'gevent,aiohttp', '--num', '60', '--delay', '10', '--concurrency', '20',
                                 '--json', '--share', '--share-base', staticBase], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(made.status, 0, made.stderr);
    const made_by_cli = JSON.parse(made.stdout);
    const link = made.stderr.match(/^share link: (\S+)$/m)?.[1];
    assert.ok(link?.startsWith(`${staticBase}#r=v1.`), made.stderr);
    const fresh = await browser.newContext();
    const { page: other, console_lines: lines } = await open(fresh, link);
    assert.equal(await other.evaluate(() => typeof window.crawlbench.run), 'function');
    const shared = await other.evaluate(() => window.crawlbench.result());
    assert.ok(shared, `no result after opening the link:\n${lines.join('\n')}`);
    assert.equal(shared.runs.length, 2);
    for (let i = 0; i < 2; i++) {
      for (const key of ['strategy', 'ok', 'errors', 'seconds']) assert.equal(shared.runs[i][key], made_by_cli.runs[i][key], key);
      assert.equal(shared.runs[i].latency_ms.p99, made_by_cli.runs[i].latency_ms.p99);
    }
    // The page's own links point at the page on the static host, sub-path included.
    const own = await other.evaluate(() => window.crawlbench.shareUrl());
    assert.ok(own.startsWith(`${staticBase}#r=v1.`), own.slice(0, 80));
    // Every file the page and its worker loaded came from the sub-path it was served at (their
    // resource timings: Playwright does not see a dedicated worker's requests).
    const loaded = async (scope) => scope.evaluate(() => performance.getEntriesByType('resource').map((e) => [e.name, e.responseStatus]));
    assert.equal(other.workers().length, 1);
    // The API is ready once the page's /origins settled, maybe before the worker fetched its wasm.
    for (let i = 0; i < 100 && !(await loaded(other.workers()[0])).some(([a]) => a.endsWith('.wasm')); i++) await other.waitForTimeout(50);
    const fetched = [...await loaded(other), ...await loaded(other.workers()[0])];
    const files = fetched.filter(([address]) => /\.(js|wasm)$/.test(new URL(address).pathname));
    for (const name of ['crawlbench.js', 'crawlbench.wasm', 'crawlbench_worker.js', 'crawlbench_worker.wasm']) {
      assert.ok(files.some(([address, status]) => address === staticBase + name && status === 200), `${name}: ${JSON.stringify(fetched)}`);
    }
    assert.deepEqual(files.filter(([address]) => !address.startsWith(staticBase)), []);
    assert.deepEqual(lines.filter((l) => l.startsWith('pageerror')), []);
    await fresh.close();
  });

  await check('a corrupted link is explained and the app still works', async () => {
    const link = await page.evaluate(() => window.crawlbench.shareUrl());
    const corrupted = link.slice(0, link.length / 2) + '!' + link.slice(link.length / 2 + 1);
    const fresh = await browser.newContext();
    const { page: other, console_lines: lines } = await open(fresh, corrupted);
    assert.equal(await other.evaluate(() => window.crawlbench.result()), null);
    assert.ok(lines.some((l) => l.includes('cannot open the link: the link is corrupted')), lines.join('\n'));
    const result = await other.evaluate(() => window.crawlbench.run({ strategy: 'aiohttp', num: 12, delay: 10 }));
    assert.equal(result.runs[0].errors, 0);
    await fresh.close();
  });

  await check('CPU + I/O: the portable CPU task with every mode the browser has, each POST answered and echoed', async () => {
    const since = (await (await fetch(new URL('metrics?name=mixed-async', url))).json())['mixed-async']?.length ?? 0;
    const doc = await page.evaluate(() => window.crawlbench.runMixed({ modes: 'noio,serial,batched,async', items: 20, cost: 6, delay: 50, batch: 5 }));
    assert.equal(doc.format, 'crawlbench-mixed');
    assert.match(doc.cpu, /^portable hash calibrated to 3\.9 ms an item/);
    assert.deepEqual(doc.runs.map((r) => r.mode), ['noio', 'serial', 'batched', 'async']);
    const [noio, serial, batched, async] = doc.runs;
    assert.equal(noio.sent, 0);
    for (const r of [serial, batched, async]) {
      assert.equal(r.sent, 20, r.mode);
      assert.equal(r.ok, 20, `${r.mode}: ${JSON.stringify(r.errors)}`);
      assert.deepEqual(r.errors, {});
    }
    assert.ok(serial.seconds >= 20 * 0.05, `serial ${serial.seconds} s`);
    assert.ok(batched.seconds >= 4 * 0.05, `batched ${batched.seconds} s`);  // 4 batches of 5
    // async sends while it hashes: about the hashes plus the last delay, far below serial's sum.
    assert.ok(async.seconds < noio.seconds + 0.5, `async ${async.seconds} s against noio ${noio.seconds} s`);
    assert.ok(async.io_overhead_s < serial.io_overhead_s / 2, `async overhead ${async.io_overhead_s} s, serial ${serial.io_overhead_s} s`);
    // The server saw them: 20 more POSTs under the async mode's name.
    const after = (await (await fetch(new URL('metrics?name=mixed-async', url))).json())['mixed-async'].length;
    assert.equal(after - since, 20);
    await page.waitForTimeout(500);
    await page.screenshot({ path: screenshot.replace(/\.png$/, '-mixed.png') });
  });

  await check('CPU + I/O: threaded is not offered in the browser, and bad configs are refused', async () => {
    const threaded = await page.evaluate(() => window.crawlbench.runMixed({ modes: 'async,threaded', items: 3 }).then(() => 'resolved', (e) => e.message));
    assert.equal(threaded, 'threaded: not available here');
    const unknown = await page.evaluate(() => window.crawlbench.runMixed({ modes: 'fast' }).then(() => 'resolved', (e) => e.message));
    assert.match(unknown, /modes: unknown mode "fast"/);
    const cost = await page.evaluate(() => window.crawlbench.runMixed({ cost: 40 }).then(() => 'resolved', (e) => e.message));
    assert.equal(cost, 'cost: expected a whole number from 4 to 16');
  });

  await check('a screenshot of the page', async () => {
    await page.evaluate(() => window.crawlbench.run({ strategy: 'gevent,tornado,aiohttp', num: 300, delay: 20, concurrency: 6 }));
    await page.waitForTimeout(500);  // a few frames after the end
    await page.screenshot({ path: screenshot });
  });
  await check('the page threw nothing', async () => {
    assert.deepEqual(console_lines.filter((l) => l.startsWith('pageerror')), []);
  });
} finally {
  await browser.close();
}
console.log(failures() === 0 ? 'browser tests: all passed' : `browser tests: ${failures()} failed`);
process.exit(failures() === 0 ? 0 : 1);
