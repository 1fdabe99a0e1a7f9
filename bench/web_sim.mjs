// A simulated run in the page (issue 18: 1,000,000 requests at C=10,000, target at most 15 s wall,
// drawing its call graph included): the wall time of window.crawlbench.run() from the call to its
// settled promise, which settles after the frame that draws the results. 3 runs in one page, best
// of 3. The page needs no delay server: any static server of the web root will do.
// Usage: node bench/web_sim.mjs URL [NUM] [CONCURRENCY]
import { openPage, waitUntil } from './chromium_pipe.mjs';

const [url, num = '1000000', concurrency = '10000'] = process.argv.slice(2);
const config = { transport: 'sim', strategy: 'aiohttp', num: Number(num), concurrency: Number(concurrency), delay: 100 };
const { evaluate, close } = await openPage(url, { name: 'web_sim' });
await waitUntil(evaluate, `!!window.crawlbench`);

// Timed in the page, so the figure holds no CDP round trip; only a summary comes back to node.
const run = () => evaluate(`(async () => {
  const t0 = performance.now();
  const result = await window.crawlbench.run(${JSON.stringify(config)});
  const wall = (performance.now() - t0) / 1000;
  const { transport, num, ok, errors, seconds } = result.runs[0];
  return { wall, transport, num, ok, errors, seconds };
})()`);
const label = `aiohttp ${config.num.toLocaleString('en')} x ${config.delay} ms simulated, C=${config.concurrency.toLocaleString('en')}`;
const walls = [];
for (let i = 1; i <= 3; i++) {
  const r = await run();
  walls.push(r.wall);
  console.log(`${label}, run ${i}: ${r.wall.toFixed(2)} s wall in the page (${r.transport}: ${r.ok} ok, ` +
              `${r.errors} errors, ${r.seconds} s simulated)`);
}
console.log(`best of 3: ${Math.min(...walls).toFixed(2)} s wall (target 15 s)`);
await close();
