// Headless Chromium driven over --remote-debugging-pipe with Runtime.evaluate only, for the web
// benches (web_crawl.mjs, web_sim.mjs). Playwright (used by the tests) subscribes to the Network
// domain, which sends every request's events to node and costs a third of the throughput on 2
// cores; a benchmark must not pay that.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Opens `url` in a fresh headless Chromium, after running `beforeLoad` (JavaScript text, if given)
// in it before the page's own scripts. Returns { evaluate(expression) -> the value its promise
// settles with (by value; throws the page's exception), send(method, params) -> a CDP call in
// the page's session (the Profiler, say), close() }. A watchdog kills Chromium and exits 1 after
// `limitMs` (default 10 minutes), so a stuck page never hangs a bench.
export const openPage = async (url, { name = 'bench', limitMs = 600_000, beforeLoad } = {}) => {
  const profile = mkdtempSync(join(tmpdir(), 'crawlbench-bench-'));
  const chromium = spawn('/usr/bin/chromium', [
    '--headless=new', '--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--disable-quic', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
    '--window-size=1280,800', `--user-data-dir=${profile}`, '--remote-debugging-pipe', 'about:blank',
  ], { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'], detached: true });
  const watchdog = setTimeout(() => {
    console.error(`${name}: gave up after ${limitMs / 60_000} minutes`);
    try { process.kill(-chromium.pid, 'SIGKILL'); } catch { /* the group has gone already */ }
    process.exit(1);
  }, limitMs);

  // CDP over the pipe: JSON messages ended by a NUL byte, fd 3 to Chromium, fd 4 from it.
  let nextId = 1;
  const waiting = new Map();
  let inbox = '';
  chromium.stdio[4].on('data', (chunk) => {
    inbox += chunk.toString();
    for (let end; (end = inbox.indexOf('\0')) >= 0; inbox = inbox.slice(end + 1)) {
      const message = JSON.parse(inbox.slice(0, end));
      const call = waiting.get(message.id);
      if (!call) continue;
      waiting.delete(message.id);
      if (message.error) call.reject(new Error(message.error.message)); else call.resolve(message.result);
    }
  });
  const send = (method, params = {}, sessionId) => new Promise((resolve, reject) => {
    const id = nextId++;
    waiting.set(id, { resolve, reject });
    chromium.stdio[3].write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0');
  });

  const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
  if (beforeLoad) {
    await send('Page.enable', {}, sessionId);
    await send('Page.addScriptToEvaluateOnNewDocument', { source: beforeLoad }, sessionId);
  }
  await send('Page.navigate', { url }, sessionId);
  const evaluate = async (expression) => {
    const { result, exceptionDetails } = await send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, sessionId);
    if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
    return result.value;
  };
  // Chromium's helper processes can outlive the browser and still write the profile: end its
  // whole process group, and only warn if the profile still cannot be removed.
  const close = async () => {
    clearTimeout(watchdog);
    const exited = new Promise((resolve) => chromium.once('exit', resolve));
    chromium.kill();
    await exited;
    try { process.kill(-chromium.pid, 'SIGKILL'); } catch { /* the group has gone already */ }
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    } catch (e) {
      console.error(`${name}: left ${profile} behind (${e.code})`);
    }
  };
  return { evaluate, send: (method, params) => send(method, params, sessionId), close };
};

// Waits until `readyExpression` is true in the page (polled every 100 ms, up to a minute), then
// half a second more for the page's first frames.
export const waitUntil = async (evaluate, readyExpression) => {
  for (let i = 0; i < 600 && !(await evaluate(readyExpression)); i++) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 500));
};
