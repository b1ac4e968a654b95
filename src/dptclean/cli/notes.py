"""Reader notes on stderr: what the readers did that a person must know (a header borrowed
from a sibling sheet, a hidden sheet left out, an Excel lock file skipped), one line each,
in Bahasa by default (English with ``--lang en`` or ``DPTCLEAN_LANG=en``)."""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator

import click

from dptclean.io.messages import ReadWarning, current_lang


def note_lang() -> str:
    """The language of the command being run: its ``--lang``, else ``DPTCLEAN_LANG``."""
    ctx = click.get_current_context(silent=True)
    while ctx is not None:
        lang = ctx.params.get("lang") if ctx.params else None
        if lang in ("id", "en"):
            return str(lang)
        ctx = ctx.parent
    return current_lang()


def _label(lang: str) -> str:
    return "warning" if lang == "en" else "peringatan"


@contextlib.contextmanager
def reader_notes_on_stderr() -> Iterator[None]:
    """Print every :class:`ReadWarning` issued inside as ``dptclean: peringatan: ...``."""
    shown = warnings.showwarning

    def show(message, category, filename, lineno, file=None, line=None):  # noqa: ANN001
        if isinstance(message, ReadWarning):
            lang = note_lang()
            text = " ".join(message.note.render(lang).split())
            click.echo(f"dptclean: {_label(lang)}: {text}", err=True)
            return
        shown(message, category, filename, lineno, file, line)

    with warnings.catch_warnings():
        warnings.simplefilter("always", ReadWarning)
        warnings.showwarning = show
        yield
