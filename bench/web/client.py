"""One resident's browser for the form benches: a keep-alive connection with its cookies."""

import asyncio
import re
import time
from urllib.parse import urlencode

from bench.web.load import LoadResult

TOKEN_RE = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


class Session:
    """One keep-alive connection with its own cookies, like one resident's browser."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.cookies: dict[str, str] = {}
        self.reader = self.writer = None

    async def request(self, method: str, path: str, fields=None):
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        body = urlencode([tuple(pair) for pair in fields or []]).encode()
        origin = f"https://{self.host}:{self.port}"
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: {self.host}:{self.port}",
            "Connection: keep-alive",
            "X-Forwarded-Proto: https",
            f"Origin: {origin}",
            f"Referer: {origin}{path}",
        ]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if method == "POST":
            lines += [
                "Content-Type: application/x-www-form-urlencoded",
                f"Content-Length: {len(body)}",
            ]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        await self.writer.drain()
        return await self._response()

    async def _response(self):
        status = int((await self.reader.readline()).split()[1])
        headers, length, close = {}, 0, False
        while True:
            line = (await self.reader.readline()).decode("latin1")
            if line in ("\r\n", ""):
                break
            name, _, value = line.partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
            elif name == "content-length":
                length = int(value)
            elif name == "connection" and value.lower() == "close":
                close = True
            headers[name] = value
        body = await self.reader.readexactly(length) if length else b""
        if close:
            self.writer.close()
            self.writer = None
        return status, headers, body


async def form_start(session: Session, url: str) -> str:
    status, _, body = await session.request("GET", url + "step/0/")
    match = TOKEN_RE.search(body)
    if status != 200 or not match:
        raise SystemExit(f"could not open {url}: HTTP {status}")
    return match.group(1).decode()


def count_status(result: LoadResult, status: int, expected: int, start: float) -> bool:
    if status == expected:
        result.ok += 1
        result.latencies.append(time.perf_counter() - start)
        return True
    result.other += 1
    result.statuses[status] = result.statuses.get(status, 0) + 1
    return False
