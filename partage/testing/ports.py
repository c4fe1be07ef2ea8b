"""A free TCP port of a range, claimed for the life of the test process.

Two test processes on one machine (CI's runs when they were side by side, or a developer's `make test` beside
CI) that probe the same range at the same moment would both find its first port free, start two servers on it
(the second fails to bind) and then talk to one server between them. A claim is an exclusive lock on a file per
port, held until the process ends (the system drops it even after a crash), so each process gets a port of its
own.
"""

from __future__ import annotations

import fcntl
import socket
import tempfile
from pathlib import Path
from typing import IO

_claims: list[IO[str]] = []  # the open lock files: closing one would free its port for the other process


def claim_free_port(first: int, last: int) -> int:
    for port in range(first, last + 1):
        lock = (Path(tempfile.gettempdir()) / f"partage-test-port-{port}.lock").open("w")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # claimed by another test process
            lock.close()
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:  # taken by something else on the machine
                lock.close()
                continue
        _claims.append(lock)
        return port
    raise RuntimeError(f"No free port in {first}-{last}")
