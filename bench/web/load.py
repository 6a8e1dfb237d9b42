"""A small keep-alive HTTP/1.1 load generator on asyncio (no dependencies).

Counts only 200 responses, so redirects and errors never flatter a figure.
"""

import asyncio
import time
from dataclasses import dataclass, field


@dataclass
class LoadResult:
    ok: int = 0
    other: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rps(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


async def _read_response(reader: asyncio.StreamReader) -> int:
    status_line = await reader.readline()
    status = int(status_line.split()[1])
    length = 0
    chunked = False
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode("latin1").partition(":")
        if name.lower() == "content-length":
            length = int(value)
        elif name.lower() == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
    if chunked:
        while True:
            size = int((await reader.readline()).strip(), 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif length:
        await reader.readexactly(length)
    return status


async def _client(host, port, request: bytes, deadline: float, result: LoadResult):
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            writer.write(request)
            await writer.drain()
            status = await _read_response(reader)
            if status == 200:
                result.ok += 1
                result.latencies.append(time.perf_counter() - start)
            else:
                result.other += 1
                result.statuses[status] = result.statuses.get(status, 0) + 1
    finally:
        writer.close()


def run_load(host: str, port: int, path: str, *, clients=20, seconds=10.0, headers=None):
    extra = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: keep-alive\r\n{extra}\r\n"
    ).encode()

    async def main():
        result = LoadResult()
        start = time.perf_counter()
        deadline = start + seconds
        await asyncio.gather(
            *(_client(host, port, request, deadline, result) for _ in range(clients))
        )
        result.seconds = time.perf_counter() - start
        return result

    return asyncio.run(main())
