"""Terminal output helpers: a rich console on stdout and progress on stderr."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator

from rich.console import Console
from rich.progress import TaskID


def console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False, soft_wrap=False)


@contextlib.contextmanager
def progress_callback(quiet: bool = False) -> Iterator:
    """A progress callback for the library, drawn on stderr only when it is a terminal."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                  console=console(stderr=True), transient=True) as bar:
        tasks: dict[str, int] = {}

        def callback(stage: str, done: int, total: int | None) -> None:
            key = stage.split(" ", 1)[0]
            if key not in tasks:
                tasks[key] = bar.add_task(stage, total=total)
            bar.update(TaskID(tasks[key]), description=stage, completed=done, total=total)

        yield callback
