// What the browser tests share: Chromium's flags, a named check that counts failures, a page
// opened until the app says it is ready, and a delay server's own view of how many requests it
// had at once.

// Headless Chromium with software WebGL (SwiftShader): toolchain notes.
export const flags = ['--headless=new', '--no-sandbox', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic', '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader'];

let failed = 0;
export const failures = () => failed;

// Runs `body`, printing "ok" or "FAIL" with the name and the time it took.
export async function check(name, body) {
  const started = Date.now();
  try {
    await body();
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e.message}`);
  }
}

// A page with the app loaded: resolves once the console says "crawlbench ready".
export async function open(context, address) {
  const page = await context.newPage();
  const console_lines = [];
  page.on('console', (m) => console_lines.push(m.text()));
  page.on('pageerror', (e) => console_lines.push(`pageerror: ${e.message}`));
  const ready = page.waitForEvent('console', { predicate: (m) => m.text() === 'crawlbench ready', timeout: 60_000 });
  await page.goto(address);
  await ready;
  return { page, console_lines };
}

// The most requests of one strategy the delay server at `server` had at once since `since` (its
// clock, seconds), from its own spans (/metrics).
export async function serverMostAtOnce(server, strategy, since) {
  const metrics = await (await fetch(new URL(`metrics?name=${strategy}`, server.endsWith('/') ? server : server + '/'))).json();
  const events = [];
  for (const s of metrics[strategy].filter((s) => s.start >= since)) events.push([s.start, 1], [s.end, -1]);
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0, most = 0;
  for (const [, step] of events) { now += step; most = Math.max(most, now); }
  return most;
}
