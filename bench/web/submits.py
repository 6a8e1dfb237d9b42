"""The final submit on its own: residents whose pages are all answered, then only ``check/``.

A whole journey posts every page and then submits, so in ``journeys`` the submit's rate
is tied to the steps'. Here each client first answers every page for ``per_client``
residents (untimed, each with its own cookies on the client's one connection), then the
clock starts and the clients only submit. Each resident submits once, so the phase ends
when the time is up or the prepared residents run out (reported as such).
"""

import asyncio
import time

from bench.web.client import Session, count_status, form_start
from bench.web.load import LoadResult
from bench.web.server import HOST

SUBMIT = [["publish", "yes"]]


async def _answered(connection: Session, data, form) -> tuple[Session, str]:
    """A new resident on the client's connection, every page answered, ready to submit."""
    resident = Session(connection.host, connection.port)
    resident.reader, resident.writer = connection.reader, connection.writer
    url = data["url"]
    token = await form_start(resident, url)
    for step, fields in zip(data["steps"], form, strict=True):
        status, _, _ = await resident.request(
            "POST", f"{url}step/{step}/", [*fields, ["csrfmiddlewaretoken", token]]
        )
        if status != 302:
            raise SystemExit(f"could not answer step {step}: HTTP {status}")
    connection.reader, connection.writer = resident.reader, resident.writer
    return resident, token


async def _submit_only_client(port, data, offset, count, ready, box, result: LoadResult):
    connection = Session(HOST, port)
    await connection.request("GET", "/bench/bare/")
    forms = data["forms"]
    residents = [
        await _answered(connection, data, forms[(offset + i) % len(forms)]) for i in range(count)
    ]
    box["prepared"] += 1
    await ready.wait()
    for resident, token in residents:
        if time.perf_counter() >= box["deadline"]:
            return
        resident.reader, resident.writer = connection.reader, connection.writer
        start = time.perf_counter()
        fields = [["csrfmiddlewaretoken", token], *SUBMIT]
        status, headers, _ = await resident.request("POST", f"{data['url']}check/", fields)
        done = status == 302 and "/done/" in headers.get("location", "")
        count_status(result, status if done or status != 302 else -1, 302, start)
        connection.reader, connection.writer = resident.reader, resident.writer
    result.statuses["ran out of residents"] = result.statuses.get("ran out of residents", 0) + 1


def submits_only(port, data, clients, seconds, per_client) -> LoadResult:
    """Prepare every client's residents, then time only their final submits."""
    result = LoadResult()

    async def main():
        ready, box = asyncio.Event(), {"prepared": 0, "deadline": 0.0}
        tasks = [
            asyncio.create_task(
                _submit_only_client(port, data, i * 11, per_client, ready, box, result)
            )
            for i in range(clients)
        ]
        # The clock starts once every client has its residents answered.
        while box["prepared"] < clients and not any(t.done() for t in tasks):
            await asyncio.sleep(0.05)
        start = time.perf_counter()
        box["deadline"] = start + seconds
        ready.set()
        await asyncio.gather(*tasks)
        return time.perf_counter() - start

    result.seconds = asyncio.run(main())
    return result
