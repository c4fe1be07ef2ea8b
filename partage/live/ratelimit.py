"""Token buckets per connection (PROTOCOL.md §4): in memory, as the connection itself is."""

from __future__ import annotations

import time


class TokenBucket:
    def __init__(self, rate: float, burst: int, clock=time.monotonic) -> None:
        self.rate = rate
        self.burst = burst
        self.tokens = float(burst)
        self.clock = clock
        self.stamp = clock()

    def take(self) -> float:
        """0 if a token was taken, else the milliseconds to wait for one."""
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0
        return (1 - self.tokens) / self.rate * 1000


def participant_buckets() -> dict[str, TokenBucket]:
    return {
        "any": TokenBucket(30, 30),
        "answer": TokenBucket(10, 20),
        "contribute": TokenBucket(0.2, 3),
        "vote": TokenBucket(5, 10),
        "nickname": TokenBucket(0.5, 3),
        "more_time": TokenBucket(0.2, 3),
    }
