"""What the book's crawlers share (bench/peers.sh runs them): the command line, the URLs and
the one line they print.

Usage of every crawler: python3 CRAWLER.py BASE_URL NUM DELAY_MS CONCURRENCY
Prints `seconds S bytes B requests N failed F` and exits 1 when any request failed, 2 on bad
arguments. URLs are the delay server's /add?name=X&delay=MS&<10 random letters>, the book's
cache-busting form (docs/server.md); each body is "." (1 byte).
"""
import asyncio
import random
import string
import sys
import time


class Args:
    def __init__(self, base_url, num, delay_ms, concurrency):
        self.base_url = base_url
        self.num = num
        self.delay_ms = delay_ms
        self.concurrency = concurrency


def _whole(text, name, low, high):
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        sys.exit(f"{name}: '{text}' is not a whole number from {low} to {high}")
    return value


def parse_args(argv):
    """The four arguments, checked; exits 2 with a message on bad input."""
    if len(argv) != 5 or not argv[1].startswith("http://"):
        print(f"usage: {argv[0]} http://HOST:PORT NUM DELAY_MS CONCURRENCY", file=sys.stderr)
        sys.exit(2)
    try:
        return Args(argv[1].rstrip("/"),
                    _whole(argv[2], "NUM", 1, 10_000_000),
                    _whole(argv[3], "DELAY_MS", 0, 60_000),
                    _whole(argv[4], "CONCURRENCY", 1, 100_000))
    except SystemExit as bad:
        print(bad.code, file=sys.stderr)
        sys.exit(2)


def generate_urls(args, name):
    """The book's generate_urls: a base URL ending in '&' plus 10 distinct random letters."""
    base = f"{args.base_url}/add?name={name}&delay={args.delay_ms}&"
    for _ in range(args.num):
        yield base + "".join(random.sample(string.ascii_lowercase, 10))


def report(start, num, total_bytes, failed):
    """Prints the crawl's line and exits 1 when a request failed."""
    seconds = time.time() - start
    print(f"seconds {seconds:.6f} bytes {total_bytes} requests {num} failed {failed}")
    if failed:
        print(f"{failed} of {num} requests failed", file=sys.stderr)
        sys.exit(1)


async def tally_as_completed(tasks):
    """(bytes summed, failures) over awaitables that give a body, or None for a failed request,
    awaited as they complete (the book's asyncio.as_completed loop)."""
    total, failed = 0, 0
    for task in asyncio.as_completed(tasks):
        body = await task
        if body is None:
            failed += 1
        else:
            total += len(body)
    return total, failed
