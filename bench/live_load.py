"""The load client of ``bench/live_bench.py``: many WebSocket participants per process.

One worker process holds a few hundred sockets on one asyncio loop (``websockets``).
Each participant connects, waits for its first frame (the join), then records the
wall-clock time every facilitator push reaches it and answers it with a vote sent at
a random moment within ``vote_within`` seconds. On our app the push is the poll of
the round opening (``activity.changed``, state ``open``) and the vote is ``poll.vote``
with an ``action_id``, whose ``ack`` is recorded; the client follows the ``everyone``
stream's numbers, a gap is answered with ``resync`` (docs/live-protocol.md) and the
events that come back are counted as recovered. The bare app relays a ``broadcast``
and ignores the vote frame, which it still has to receive. Workers and the driver
share one machine, so ``time.time()`` compares across processes.
"""

import asyncio
import json
import random
import time
import uuid

# Spread over loopback addresses: the app allows 600 connects a minute per address
# (a venue's Wi-Fi), and a benchmark from one address would measure that limit.
PER_ADDRESS = 400


def local_address(index: int) -> str:
    """127.0.0.2 onwards, a new address every ``PER_ADDRESS`` participants."""
    n = 2 + index // PER_ADDRESS
    return f"127.0.{n // 256}.{n % 256}"


class Participant:
    def __init__(self, url: str, index: int, spec: dict, counters: dict):
        self.url, self.index, self.ours = url, index, spec["ours"]
        self.polls = {int(k): v for k, v in spec.get("polls", {}).items()}  # activity -> round
        self.vote_within = spec.get("vote_within", 0)
        self.counters = counters
        self.join_s = None
        self.received = {}  # round -> wall time it arrived
        self.votes = {}  # round -> {"sent", "ack", "error"} (wall times)
        self.pending = {}  # action_id -> round
        self.last_seq = None
        self.recovered = 0
        self.errors = []

    async def run(self, origin: str, stop: asyncio.Event, address_base: int):
        import websockets

        started = time.perf_counter()
        try:
            async with websockets.connect(
                self.url,
                origin=origin,
                open_timeout=60,
                ping_interval=None,
                max_queue=None,
                local_addr=(local_address(address_base + self.index), 0),
            ) as socket:
                if self.ours:
                    first = json.loads(await asyncio.wait_for(socket.recv(), 60))
                    if first.get("type") != "session.state":
                        self.errors.append(f"first frame {first.get('type')}")
                        return
                    self.last_seq = first["seq"]["everyone"]
                self.join_s = time.perf_counter() - started
                self.counters["joined"]()
                reader = asyncio.ensure_future(self._read(socket))
                await stop.wait()
                reader.cancel()
        except Exception as exc:  # a refused or dropped socket is a result, not a crash
            self.errors.append(type(exc).__name__)

    async def _read(self, socket):
        try:
            await self._read_all(socket)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # recorded: a reader that dies would look like lost pushes
            self.errors.append(f"reader {type(exc).__name__}: {exc}")

    async def _read_all(self, socket):
        async for text in socket:
            now = time.time()
            message = json.loads(text)
            if not self.ours:
                if message.get("type") == "broadcast":
                    self._arrive(socket, message["round"], now, None)
                continue
            kind = message.get("type")
            if kind == "events":
                for event in message["events"]:
                    self.recovered += self._event(socket, event, now, recovered=True)
            elif kind in ("ack", "error") and message.get("action_id") in self.pending:
                vote = self.votes[self.pending.pop(message["action_id"])]
                if kind == "ack" and not message.get("duplicate"):
                    vote["ack"] = now
                    self.counters["acked"]()
                else:
                    vote["error"] = message.get("code", "duplicate")
                    self.counters["failed"]()
            elif message.get("stream") == "everyone" and "seq" in message:
                if message["seq"] > self.last_seq + 1:
                    await socket.send(json.dumps({"type": "resync", "since": self.last_seq}))
                self._event(socket, message, now)

    def _event(self, socket, event, now, recovered=False) -> int:
        seq = event.get("seq", 0)
        if seq <= self.last_seq:
            return 0
        self.last_seq = max(self.last_seq, seq)
        activity = event.get("activity") or {}
        round_no = self.polls.get(activity.get("id"))
        opened = event.get("type") == "activity.changed" and activity.get("state") == "open"
        if opened and round_no is not None:
            choice = random.choice(activity["choices"])["id"]
            self._arrive(socket, round_no, now, (activity["id"], choice))
        return 1 if recovered else 0

    def _arrive(self, socket, round_no: int, now: float, ballot) -> None:
        if round_no in self.received:
            return
        self.received[round_no] = now
        self.counters["arrived"]()
        delay = random.uniform(0, self.vote_within)
        asyncio.get_running_loop().call_later(
            delay, lambda: asyncio.ensure_future(self._vote(socket, round_no, ballot))
        )

    async def _vote(self, socket, round_no: int, ballot):
        if self.ours:
            action_id = str(uuid.uuid4())
            activity_id, choice = ballot
            message = {
                "type": "poll.vote",
                "activity_id": activity_id,
                "choices": [choice],
                "action_id": action_id,
            }
            self.pending[action_id] = round_no
        else:
            message = {"type": "vote", "round": round_no}
        self.votes[round_no] = {"sent": time.time(), "ack": None, "error": None}
        try:
            await socket.send(json.dumps(message))
        except Exception as exc:
            self.votes[round_no]["error"] = type(exc).__name__
            return
        self.counters["sent"]()


def worker_main(spec: dict, shared: dict, stop_flag, results):
    """One client process: ``spec`` has origin, ours, polls, vote_within, address_base
    and a list of (index, url) participants; ``shared`` holds the counters."""

    async def main():
        stop = asyncio.Event()

        def counter(value):
            def hit():
                with value.get_lock():
                    value.value += 1

            return hit

        counters = {name: counter(value) for name, value in shared.items()}
        people = [Participant(url, index, spec, counters) for index, url in spec["participants"]]
        tasks = [
            asyncio.ensure_future(p.run(spec["origin"], stop, spec["address_base"])) for p in people
        ]
        while not stop_flag.value:
            await asyncio.sleep(0.1)
        stop.set()
        await asyncio.wait(tasks, timeout=30)
        results.put(
            [
                {
                    "join_s": p.join_s,
                    "received": p.received,
                    "votes": p.votes,
                    "recovered": p.recovered,
                    "errors": p.errors,
                }
                for p in people
            ]
        )

    asyncio.run(main())
