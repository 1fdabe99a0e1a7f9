// A simulated run in the page (issue 18: 1,000,000 requests at C=10,000, target at most 15 s wall,
// drawing its call graph included): the wall time of window.crawlbench.run() from the call to its
// settled promise, which settles after the frame that draws the results. 3 runs in one page, best
// of 3. The page needs no delay server: any static server of the web root will do.
// With --profile, each run's steps as seen from the page: the messages to and from the crawl worker
// (their sizes), the end of the page's handling of each, and the frames until the promise settled.
// Usage: node bench/web_sim.mjs URL [--profile] [NUM] [CONCURRENCY]
import { openPage, waitUntil } from './chromium_pipe.mjs';

const args = process.argv.slice(2);
const profile = args.includes('--profile');
const [url, num = '1000000', concurrency = '10000'] = args.filter((a) => a !== '--profile');
const config = { transport: 'sim', strategy: 'aiohttp', num: Number(num), concurrency: Number(concurrency), delay: 100 };

// Wraps Worker and requestAnimationFrame before the page's scripts run: stamps each message both
// ways, the end of the page's handler of each, and the start of the 3 frames after each.
const stamps = `(() => {
  const log = [];
  const stamp = (what) => log.push([performance.now(), what]);
  const kind = (text) => String(text).slice(0, 24).replace(/[^a-z_":{]/g, '');
  let framesToStamp = 0;
  const pageFrame = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (callback) => pageFrame((t) => {
    if (framesToStamp > 0 && framesToStamp--) stamp('  a frame starts');
    callback(t);
  });
  const PageWorker = Worker;
  window.Worker = class extends PageWorker {
    set onmessage(handler) {
      super.onmessage = (e) => {
        stamp('from worker ' + kind(e.data) + ' ' + String(e.data).length.toLocaleString('en') + ' chars');
        handler(e);
        stamp('  page handled it');
        framesToStamp = 3;
      };
    }
    postMessage(m, ...rest) { stamp('to worker ' + kind(m)); return super.postMessage(m, ...rest); }
  };
  window.__simbench = { stamp, take: () => log.splice(0) };
})();`;
const { evaluate, close } = await openPage(url, { name: 'web_sim', beforeLoad: profile ? stamps : undefined });
await waitUntil(evaluate, `!!window.crawlbench`);

// Timed in the page, so the figure holds no CDP round trip; only a summary comes back to node.
const run = () => evaluate(`(async () => {
  ${profile ? 'window.__simbench.take(); window.__simbench.stamp("run() called");' : ''}
  const t0 = performance.now();
  const result = await window.crawlbench.run(${JSON.stringify(config)});
  const wall = (performance.now() - t0) / 1000;
  ${profile ? 'window.__simbench.stamp("run() settled");' : ''}
  const { transport, num, ok, errors, seconds } = result.runs[0];
  return { wall, transport, num, ok, errors, seconds, log: ${profile ? 'window.__simbench.take()' : '[]'} };
})()`);
const label = `aiohttp ${config.num.toLocaleString('en')} x ${config.delay} ms simulated, C=${config.concurrency.toLocaleString('en')}`;
const walls = [];
for (let i = 1; i <= 3; i++) {
  const r = await run();
  walls.push(r.wall);
  console.log(`${label}, run ${i}: ${r.wall.toFixed(2)} s wall in the page (${r.transport}: ${r.ok} ok, ` +
              `${r.errors} errors, ${r.seconds} s simulated)`);
  for (const [t, what] of r.log) console.log(`  ${((t - r.log[0][0]) / 1000).toFixed(3).padStart(7)} s  ${what}`);
}
console.log(`best of 3: ${Math.min(...walls).toFixed(2)} s wall (target 15 s)`);
await close();
