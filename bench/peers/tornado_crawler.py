"""The book's tornado crawler: AsyncHTTPClient with max_clients=CONCURRENCY (the curl client as
in the book when pycurl imports, tornado's own otherwise), every fetch started at once.
Usage: see book_crawl.py."""
import asyncio
import sys
import time

from tornado.httpclient import AsyncHTTPClient, HTTPClientError

import book_crawl


def configure_client(concurrency):
    try:
        import pycurl  # noqa: F401
        AsyncHTTPClient.configure("tornado.curl_httpclient.CurlAsyncHTTPClient", max_clients=concurrency)
    except ImportError:
        AsyncHTTPClient.configure(None, max_clients=concurrency)


async def fetch_or_none(http_client, url):
    try:
        response = await http_client.fetch(url, raise_error=False)
    except (HTTPClientError, OSError):  # 599: no answer at all (refused, reset, timed out)
        return None
    return response.body if response.code == 200 else None


async def run_experiment(args):
    http_client = AsyncHTTPClient()
    tasks = [fetch_or_none(http_client, url) for url in book_crawl.generate_urls(args, "tornado")]
    return await book_crawl.tally_as_completed(tasks)


def main():
    args = book_crawl.parse_args(sys.argv)
    configure_client(args.concurrency)
    start = time.time()
    total, failed = asyncio.run(run_experiment(args))
    book_crawl.report(start, args.num, total, failed)


if __name__ == "__main__":
    main()
