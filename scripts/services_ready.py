"""Exit 0 when PostgreSQL and Redis answer at the given URLs, else say why and exit 1."""

import sys

import psycopg
import redis


def main(pg_url: str, redis_url: str) -> int:
    try:
        psycopg.connect(pg_url, connect_timeout=3).close()
    except Exception as exc:
        print(f"PostgreSQL not reachable: {exc}")
        return 1
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=3).ping()
    except Exception as exc:
        print(f"Redis not reachable: {exc}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
