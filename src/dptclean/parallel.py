"""Work that may overlap in threads: NumPy sorts and Arrow kernels release the GIL, so two
independent steps can share the machine's cores.

Every caller keeps its results in a fixed order (never in the order threads finish), so the
output does not depend on the scheduling. ``DPTCLEAN_THREADS=1`` runs everything in the
calling thread, one step after another.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def workers() -> int:
    """Threads to use: ``DPTCLEAN_THREADS`` if set (at least 1), else up to 2 of the CPUs
    this process may use (more rarely helps: the steps that overlap are few and short)."""
    value = os.environ.get("DPTCLEAN_THREADS", "").strip()
    if value.isdigit():
        return max(int(value), 1)
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return max(min(cpus, 2), 1)


def run_all(tasks: Sequence[Callable[[], R]]) -> list[R]:
    """Call every task, in threads when more than one worker is allowed; the results in the
    order of ``tasks``. An exception of a task is raised here (the first in task order)."""
    n = min(workers(), len(tasks))
    if n <= 1:
        return [task() for task in tasks]
    with ThreadPoolExecutor(n) as pool:
        futures = [pool.submit(task) for task in tasks]
        return [fut.result() for fut in futures]


def map_ordered(fn: Callable[[T], R], items: Iterable[T]) -> list[R]:
    """``[fn(x) for x in items]``, the calls possibly in threads."""
    values = list(items)
    return run_all([functools.partial(fn, x) for x in values])


def start(fn: Callable[[], R]) -> Callable[[], R]:
    """Start ``fn`` in a daemon thread (when more than one worker is allowed); the returned
    function waits for its result (or raises its exception). With one worker, ``fn`` runs
    when its result is asked for."""
    if workers() <= 1:
        return fn
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - raised in the caller's thread
            box["error"] = exc

    thread = threading.Thread(target=target, name="dptclean-start", daemon=True)
    thread.start()

    def result() -> R:
        thread.join()
        if "error" in box:
            raise box["error"]
        return box["value"]
    return result
