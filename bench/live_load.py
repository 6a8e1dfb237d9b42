"""The load client of ``bench/live_bench.py``: many WebSocket participants per process.

One worker process holds a few hundred sockets on one asyncio loop (``websockets``).
Each participant connects, waits for its first frame (the join), then records the
wall-clock time every facilitator push reaches it. On our app it follows the
``everyone`` stream's numbers: a gap is answered with ``resync`` (docs/live-protocol.md)
and the events that come back are counted as recovered. Workers and the driver share
one machine, so ``time.time()`` compares across processes.
"""

import asyncio
import json
import time

# Spread over loopback addresses: the app allows 600 connects a minute per address
# (a venue's Wi-Fi), and a benchmark from one address would measure that limit.
PER_ADDRESS = 400


def local_address(index: int) -> str:
    return f"127.0.0.{2 + index // PER_ADDRESS}"


class Participant:
    def __init__(self, url: str, index: int, ours: bool, headers: dict, arrived):
        self.url, self.index, self.ours, self.headers = url, index, ours, headers
        self.arrived = arrived
        self.join_s = None
        self.received = {}  # round -> wall time it arrived
        self.last_seq = None
        self.recovered = 0
        self.errors = []

    async def run(self, origin: str, stop: asyncio.Event, joined):
        import websockets

        started = time.perf_counter()
        try:
            async with websockets.connect(
                self.url,
                origin=origin,
                additional_headers=self.headers,
                open_timeout=60,
                ping_interval=None,
                max_queue=None,
                local_addr=(local_address(self.index), 0),
            ) as socket:
                if self.ours:
                    first = json.loads(await asyncio.wait_for(socket.recv(), 60))
                    if first.get("type") != "session.state":
                        self.errors.append(f"first frame {first.get('type')}")
                        return
                    self.last_seq = first["seq"]["everyone"]
                self.join_s = time.perf_counter() - started
                joined()
                reader = asyncio.ensure_future(self._read(socket))
                await stop.wait()
                reader.cancel()
        except Exception as exc:  # a refused or dropped socket is a result, not a crash
            self.errors.append(type(exc).__name__)

    async def _read(self, socket):
        async for text in socket:
            now = time.time()
            message = json.loads(text)
            if not self.ours:
                if message.get("type") == "broadcast":
                    self._arrive(message["round"], now)
                continue
            if message.get("type") == "events":
                for event in message["events"]:
                    self.recovered += self._event(event, now, recovered=True)
                continue
            if message.get("stream") == "everyone" and "seq" in message:
                if message["seq"] > self.last_seq + 1:
                    await socket.send(json.dumps({"type": "resync", "since": self.last_seq}))
                self._event(message, now)

    def _event(self, event, now, recovered=False) -> int:
        seq = event.get("seq", 0)
        if seq <= self.last_seq:
            return 0
        self.last_seq = max(self.last_seq, seq)
        item = (event.get("session") or {}).get("current_item") or {}
        # Each round moves the agenda to the item titled "Round <n>".
        title = item.get("title", "")
        if title.startswith("Round "):
            self._arrive(int(title.split()[1]), now)
        return 1 if recovered else 0

    def _arrive(self, round_no: int, now: float) -> None:
        if round_no not in self.received:
            self.received[round_no] = now
            self.arrived()


def worker_main(spec: dict, joined_count, arrived_count, stop_flag, results):
    """One client process: ``spec`` has origin, ours, and a list of (index, url, headers)."""

    async def main():
        stop = asyncio.Event()

        def counter(shared):
            def hit():
                with shared.get_lock():
                    shared.value += 1

            return hit

        joined = counter(joined_count)
        people = [
            Participant(url, index, spec["ours"], headers, counter(arrived_count))
            for index, url, headers in spec["participants"]
        ]
        tasks = [asyncio.ensure_future(p.run(spec["origin"], stop, joined)) for p in people]
        while not stop_flag.value:
            await asyncio.sleep(0.1)
        stop.set()
        await asyncio.wait(tasks, timeout=30)
        results.put(
            [
                {
                    "join_s": p.join_s,
                    "received": p.received,
                    "recovered": p.recovered,
                    "errors": p.errors,
                }
                for p in people
            ]
        )

    asyncio.run(main())
