"""The book's serial crawler: requests.get, one URL after another (a fresh connection each).
CONCURRENCY is accepted for a uniform command line and must be 1. Usage: see book_crawl.py."""
import sys
import time

import requests

import book_crawl


def main():
    args = book_crawl.parse_args(sys.argv)
    if args.concurrency != 1:
        print("the serial crawler runs at CONCURRENCY 1 only", file=sys.stderr)
        sys.exit(2)
    start = time.time()
    total, failed = 0, 0
    for url in book_crawl.generate_urls(args, "serial"):
        try:
            response = requests.get(url)
        except requests.RequestException:
            failed += 1
            continue
        if response.status_code == 200:
            total += len(response.text)
        else:
            failed += 1
    book_crawl.report(start, args.num, total, failed)


if __name__ == "__main__":
    main()
