"""The book's aiohttp crawler (chunked_http_client: a semaphore of CONCURRENCY around one
ClientSession), on uvloop when it imports. Usage: see book_crawl.py."""
import asyncio
import sys
import time

import aiohttp

import book_crawl


def chunked_http_client(num_chunks):
    semaphore = asyncio.Semaphore(num_chunks)

    async def http_get(url, client_session):
        async with semaphore:
            async with client_session.get(url) as response:
                body = await response.content.read()
                return body if response.status == 200 else None

    return http_get


async def fetch_or_none(http_get, url, client_session):
    try:
        return await http_get(url, client_session)
    except (aiohttp.ClientError, asyncio.TimeoutError, OSError):
        return None


async def run_experiment(args):
    http_get = chunked_http_client(args.concurrency)
    # The connector's own limit (100 by default) must not cap the semaphore's.
    connector = aiohttp.TCPConnector(limit=args.concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        tasks = [fetch_or_none(http_get, url, session) for url in book_crawl.generate_urls(args, "aiohttp")]
        return await book_crawl.tally_as_completed(tasks)


def main():
    args = book_crawl.parse_args(sys.argv)
    try:
        import uvloop
        uvloop.install()
    except ImportError:
        pass
    start = time.time()
    total, failed = asyncio.run(run_experiment(args))
    book_crawl.report(start, args.num, total, failed)


if __name__ == "__main__":
    main()
