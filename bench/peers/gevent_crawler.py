"""The book's gevent crawler: urllib on a monkey-patched socket (a fresh connection per
request), greenlets bounded by a Semaphore of CONCURRENCY. Usage: see book_crawl.py."""
from gevent import monkey

monkey.patch_socket()

import sys  # noqa: E402
import time  # noqa: E402
import urllib.error  # noqa: E402
import urllib.request  # noqa: E402
from contextlib import closing  # noqa: E402

import gevent  # noqa: E402
from gevent.lock import Semaphore  # noqa: E402

import book_crawl  # noqa: E402


def download(url, semaphore):
    with semaphore:
        try:
            with closing(urllib.request.urlopen(url)) as data:
                return data.read() if data.status == 200 else None
        except (urllib.error.URLError, OSError):
            return None


def chunked_requests(urls, chunk_size):
    semaphore = Semaphore(chunk_size)
    requests = [gevent.spawn(download, u, semaphore) for u in urls]
    for response in gevent.iwait(requests):
        yield response


def main():
    args = book_crawl.parse_args(sys.argv)
    start = time.time()
    total, failed = 0, 0
    for response in chunked_requests(book_crawl.generate_urls(args, "gevent"), args.concurrency):
        if response.value is None:
            failed += 1
        else:
            total += len(response.value)
    book_crawl.report(start, args.num, total, failed)


if __name__ == "__main__":
    main()
