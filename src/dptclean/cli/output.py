"""Terminal output helpers: a rich console on stdout and progress on stderr.

Data (names, addresses, file and sheet names) reaches the terminal as text, never as
instructions: :func:`data_text` escapes rich markup (``[link=...]``, ``[revisi]``) and
:func:`plain_text` makes control characters visible (an ESC in a name could retitle the
window, hide text or plant a link). The console of :func:`console` also makes any control
character left in what it prints visible, as a last line of defence.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterable, Iterator

import click
from rich.console import Console, ConsoleOptions, RenderableType
from rich.progress import TaskID
from rich.segment import Segment

from dptclean.io.writers import data_text, has_control, plain_text

__all__ = ["console", "data_text", "plain_text", "progress_callback", "SafeConsole"]


class SafeConsole(Console):
    """A console that shows control characters in printed text instead of sending them."""

    def render(self, renderable: RenderableType,
               options: ConsoleOptions | None = None) -> Iterable[Segment]:
        for seg in super().render(renderable, options):
            if seg.control is None and has_control(seg.text):
                yield Segment(plain_text(seg.text), seg.style)
            else:
                yield seg


def console(stderr: bool = False) -> Console:
    return SafeConsole(stderr=stderr, highlight=False, soft_wrap=False)


# the library's progress stages (English) as the progress bar shows them in Bahasa
_STAGES_ID = (("reading done", "selesai membaca"), ("reading ", "membaca "),
              ("normalizing ", "menormalisasi "), ("normalising", "menormalisasi"),
              ("blocking", "membentuk blok pencocokan"), ("comparing fields", "membandingkan kolom"),
              ("comparing", "membandingkan pasangan"), ("pairing by NIK", "memasangkan lewat NIK"))


_STEPS_ID = {"names": "nama", "dates": "tanggal", "codes": "kode", "done": "selesai"}


def stage_text(stage: str, lang: str) -> str:
    """A progress stage in ``lang`` (English as the library names it)."""
    if lang != "id":
        return stage
    for english, bahasa in _STAGES_ID:
        if stage.startswith(english):
            rest = stage[len(english):]
            return bahasa + _STEPS_ID.get(rest, rest)
    return stage


@contextlib.contextmanager
def progress_callback(quiet: bool = False) -> Iterator:
    """A progress callback for the library, drawn on stderr only when it is a terminal."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from dptclean.cli import current_lang

    lang = current_lang(click.get_current_context(silent=True))
    with Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                  console=console(stderr=True), transient=True) as bar:
        tasks: dict[str, int] = {}

        def callback(stage: str, done: int, total: int | None) -> None:
            key = stage.split(" ", 1)[0]
            if key not in tasks:
                tasks[key] = bar.add_task(stage_text(stage, lang), total=total)
            bar.update(TaskID(tasks[key]), description=stage_text(stage, lang), completed=done,
                       total=total)

        yield callback
