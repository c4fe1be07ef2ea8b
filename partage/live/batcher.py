"""Answers of every socket of a process, written in batches: one database call per tick, not one per answer.

A join storm's answers arrive at hundreds per second. One database call each (a thread hop and two round trips)
made the acks queue behind one another (livebench: ack p95 8 s at 3,000 participants). Here each answer waits
in the process's queue; the flusher takes everything queued, writes it with `writes.submit_answers` (two round
trips for the whole batch) and only then resolves each answer's future: an ack still means "stored" (committed),
never "queued". While a batch is being written the next one gathers, so the batch grows with the load and the
wait stays about one database call.

Keyed by the event loop, as the hubs are (a server has one loop; tests run one loop per test).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from .db import database_sync_to_async
from .values import Refused
from .writes import AnswerRequest, submit_answers

logger = logging.getLogger(__name__)

# How long the first answer after a quiet spell waits for others to join its batch: small against the
# acknowledgement goal (300 ms), large enough to gather a burst.
BATCH_TICK = 0.02
# At most this many answers per database call (one INSERT of 500 rows is about 3,500 parameters).
MAX_BATCH = 500


@database_sync_to_async
def _store(requests: list[AnswerRequest]) -> list[dict[str, Any] | Refused]:
    return submit_answers(requests)


class AnswerBatcher:
    def __init__(self) -> None:
        self.queue: list[tuple[AnswerRequest, asyncio.Future]] = []
        self.wake = asyncio.Event()
        self.task: asyncio.Task | None = None

    async def submit(self, request: AnswerRequest) -> dict[str, Any]:
        """The ack once the answer is stored; raises Refused, or the database error of its batch."""
        future: asyncio.Future = asyncio.get_running_loop().create_future()
        self.queue.append((request, future))
        if self.task is None or self.task.done():
            self.task = asyncio.create_task(self._flush_loop())
        self.wake.set()
        result = await future
        if isinstance(result, Refused):
            raise result
        return result

    async def _flush_loop(self) -> None:
        while True:
            await self.wake.wait()
            self.wake.clear()
            await asyncio.sleep(BATCH_TICK)
            while self.queue:
                batch, self.queue = self.queue[:MAX_BATCH], self.queue[MAX_BATCH:]
                await self._flush(batch)

    async def _flush(self, batch: list[tuple[AnswerRequest, asyncio.Future]]) -> None:
        try:
            results = await _store([request for request, _ in batch])
        except Exception as error:  # noqa: BLE001 — each waiting answer gets the error (nothing was acked)
            logger.warning("live: a batch of %d answers failed", len(batch), exc_info=True)
            for _, future in batch:
                if not future.done():
                    future.set_exception(error)
            return
        for (_, future), result in zip(batch, results, strict=True):
            # A socket gone meanwhile cancelled its future; its answer is stored all the same, and the phone's
            # re-send after reconnecting gets `duplicate`.
            if not future.done():
                future.set_result(result)


_batchers: dict[asyncio.AbstractEventLoop, AnswerBatcher] = {}


def batcher() -> AnswerBatcher:
    loop = asyncio.get_running_loop()
    found = _batchers.get(loop)
    if found is None:
        for stale in [other for other in _batchers if other.is_closed()]:
            del _batchers[stale]
        found = _batchers[loop] = AnswerBatcher()
    return found
