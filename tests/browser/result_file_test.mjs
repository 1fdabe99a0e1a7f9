// The page opens result files (issue 21): two segments crawled by the CLI and merged by
// `crawlbench merge --out`; the merged file set on the run panel's file input (index.html's
// #open-result) shows the runs `merge --json` printed; a segment's file dropped on the canvas opens
// too; a file without a plan, and one that is not JSON, are refused with the reason and leave the
// results shown as they were.
// Usage: CRAWLBENCH_CLI=PATH node result_file_test.mjs URL SCREENSHOT.png
//   URL: crawlbench-server serving the web build (tests/browser/run.sh starts it); CRAWLBENCH_CLI:
//   the native crawlbench.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { check, failures, flags, open } from './browser_support.mjs';

const [url, screenshot] = process.argv.slice(2);
const { CRAWLBENCH_CLI: cli } = process.env;
if (!url || !screenshot || !cli) {
  console.error('usage: CRAWLBENCH_CLI=PATH node result_file_test.mjs URL SCREENSHOT.png');
  process.exit(2);
}

// `crawlbench ARGS`: its stdout; it must succeed.
const crawlbench = (args) => {
  const run = spawnSync(cli, args, { encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, `crawlbench ${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
};

// The runs the page shows once `action` has handed it a file (the read is asynchronous): the
// result on screen when it differs from `before`.
async function shownAfter(page, before, action) {
  await action();
  for (let i = 0; i < 200; i++) {
    const shown = await page.evaluate(() => window.crawlbench.result());
    if (JSON.stringify(shown) !== JSON.stringify(before)) return shown;
    await page.waitForTimeout(50);
  }
  throw new Error('the page did not show the file');
}

// The console line that says why a file was refused, once `action` has handed it to the page.
async function refusalAfter(page, lines, action) {
  const from = lines.length;
  await action();
  for (let i = 0; i < 200; i++) {
    const said = lines.slice(from).find((l) => l.startsWith('crawlbench: '));
    if (said) return said;
    await page.waitForTimeout(50);
  }
  throw new Error(`no refusal on the console:\n${lines.slice(from).join('\n')}`);
}

// Drops a file of `text` named `name` on the canvas, as a user dragging it from the desktop.
const drop = (page, name, text) => page.evaluate(([n, t]) => {
  const transfer = new DataTransfer();
  transfer.items.add(new File([t], n, { type: 'application/json' }));
  document.getElementById('canvas').dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
}, [name, text]);

const dir = mkdtempSync(join(tmpdir(), 'crawlbench-result-file-'));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: flags, timeout: 60_000 });
try {
  const segments = [0, 1].map((i) => join(dir, `segment-${i}.json`));
  for (const [i, file] of segments.entries()) {
    crawlbench(['run', '--transport', 'sim', '--strategy', 'gevent,aiohttp', '--num', '3000', '--delay', '20',
                '--concurrency', '200', '--segment', `${i}/2`, '--out', file]);
  }
  const mergedFile = join(dir, 'merged.json');
  const merged = JSON.parse(crawlbench(['merge', ...segments, '--out', mergedFile, '--json']));
  const { page, console_lines: lines } = await open(await browser.newContext({ viewport: { width: 1280, height: 800 } }), url);

  let shown = null;
  await check('a merged result file set on the file input shows the runs merge printed', async () => {
    shown = await shownAfter(page, null, () => page.setInputFiles('#open-result', mergedFile));
    assert.equal(shown.runs.length, merged.runs.length);
    for (const [i, run] of merged.runs.entries()) {
      for (const key of ['strategy', 'num', 'concurrency', 'ok', 'errors', 'seconds', 'lower_bound_s']) {
        assert.equal(shown.runs[i][key], run[key], `runs[${i}].${key}`);
      }
      assert.equal(shown.runs[i].latency_ms.p99, run.latency_ms.p99);
      assert.equal(shown.runs[i].num, 3000);
    }
    // Its plan is the run panel's: Run again crawls it whole (simulated, as the file was).
    const again = await page.evaluate(() => window.crawlbench.runAgain());
    assert.deepEqual(again.runs.map((r) => [r.strategy, r.num, r.concurrency, r.transport]),
                     merged.runs.map((r) => [r.strategy, 3000, 200, 'sim']));
    shown = again;
    await page.waitForTimeout(300);  // a few frames
    await page.screenshot({ path: screenshot });
  });

  await check('a segment file dropped on the canvas opens: its share of the requests', async () => {
    const text = readFileSync(segments[1], 'utf8');
    shown = await shownAfter(page, shown, () => drop(page, 'segment-1.json', text));
    assert.deepEqual(shown.runs.map((r) => [r.strategy, r.num, r.concurrency]), [['gevent', 1500, 100], ['aiohttp', 1500, 100]]);
  });

  await check('a file without a plan, and one that is not JSON, are refused with the reason; the results stay', async () => {
    const old = JSON.parse(readFileSync(mergedFile, 'utf8'));
    delete old.plan;  // as files were before they recorded it
    const noPlan = await refusalAfter(page, lines, () => page.setInputFiles('#open-result',
      { name: 'old.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(old)) }));
    assert.match(noPlan, /^crawlbench: cannot open old\.json: it records no plan/);
    const garbage = await refusalAfter(page, lines, () => drop(page, 'garbage.json', 'not JSON at all'));
    assert.match(garbage, /^crawlbench: cannot open garbage\.json: invalid JSON: /);
    assert.deepEqual(await page.evaluate(() => window.crawlbench.result()), shown);
    await page.waitForTimeout(300);
    await page.screenshot({ path: screenshot.replace(/\.png$/, '-refused.png') });
  });

  await check('the page threw nothing', async () => {
    assert.deepEqual(lines.filter((l) => l.startsWith('pageerror')), []);
  });
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
console.log(failures() === 0 ? 'result file tests: all passed' : `result file tests: ${failures()} failed`);
process.exit(failures() === 0 ? 0 : 1);
