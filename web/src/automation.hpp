#pragma once
// window.crawlbench, for tests and for users who script the browser:
//   run(config)  -> Promise of the result JSON (the CLI's --json), config keys as the CLI's flags:
//                   strategy, num, delay, concurrency, rate, timeout, serial_num, origins; transport,
//                   server, sim_*; urls (a URL list: N is its size; not with server, 'sim', delay,
//                   serial_num or origins), headers, expect_status
//   runMixed(config) -> Promise of the CPU + I/O results (the CLI's `mixed --json`), config keys:
//                   modes ("noio,async" or a list), items, cost, delay, batch, concurrency
//   result()     -> the result on screen (also after opening a share link), or null
//   shareUrl()   -> the share link of that result ("" when there is none)
//   failures()   -> the run panel's FAILED lines, as shown ("blocked (CORS, or unreachable)" for a
//                   request that got no response)
// and the console line "crawlbench ready" once the page can be driven.
#include "crawlbench/ui/app.hpp"
#include "worker_runner.hpp"

namespace crawlbench::web {

void automation_ready(ui::app& app, worker_runner& runner);
// Once a frame: settles a pending run() when its crawl has ended.
void automation_frame(ui::app& app);

}  // namespace crawlbench::web
