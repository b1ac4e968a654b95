"""Errors raised by the dptclean library and the exit codes the CLI maps them to.

The library raises these; only :mod:`dptclean.cli` turns them into a one-line message and an
exit code. The exit codes live in one place, :class:`ExitCode`, and are documented in
``docs/exit-codes.md`` (generated from this enum).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import IntEnum
from typing import Any


class ExitCode(IntEnum):
    """Process exit codes of the ``dptclean`` command (one table for every command)."""

    OK = 0
    """Success."""
    CHECK_FAILED = 1
    """A check found the data over its limits (``check``, ``validate --fail-on``)."""
    USAGE = 2
    """Usage error: unknown option, bad option value, bad configuration file."""
    INPUT = 3
    """Input error: missing, unreadable, corrupt or unrecognisable input."""
    OUTPUT = 4
    """Output error: the output cannot be written."""
    INTERNAL = 5
    """Internal error: a bug in dptclean (rerun with --debug and report it)."""


class DptcleanError(Exception):
    """Base class of every error dptclean raises on purpose.

    An error names its message either as English text (``message``) or, for the messages a
    person meets often, by a key of :data:`dptclean.messages.MESSAGES` with its parameters
    (``key="no_such_file"``): ``str(exc)`` is then the English text and
    :meth:`localised` the text in Bahasa Indonesia, which the CLI prints by default.
    """

    exit_code: ExitCode = ExitCode.INTERNAL

    def __init__(self, message: str | None = None, *, path: str | None = None,
                 sheet: str | None = None, key: str | None = None,
                 params: Mapping[str, Any] | None = None):
        self.key = key
        self.params = dict(params or {})
        if message is None:
            if key is None:
                raise TypeError("an error needs a message or a message key")
            from dptclean.messages import message as text

            message = text(key, "en", **self.params)
        self.message = message
        self.path = path
        self.sheet = sheet
        super().__init__(self.__str__())

    def __str__(self) -> str:
        return self.localised("en")

    def localised_body(self, lang: str = "en") -> str:
        """The message in ``lang`` without the file and sheet it is about."""
        from dptclean.messages import message as text
        from dptclean.messages import translate_text

        if lang == "en":
            return self.message
        if self.key is not None:
            try:
                return text(self.key, lang, **self.params)
            except KeyError:  # a reader's message: its catalogue is dptclean.io.messages
                from dptclean.io.messages import text as read_text

                try:
                    return read_text(self.key, lang, **self.params)
                except KeyError:
                    return self.message
        return translate_text(self.message, lang)

    def localised(self, lang: str = "en") -> str:
        """The message in ``lang``: the catalogue's text for a keyed message, else the English
        text (with the file and sheet named in ``lang`` either way)."""
        body = self.localised_body(lang)
        where = ""
        if self.path:
            where = str(self.path)
            if self.sheet is not None:
                where += f" [{'lembar' if lang == 'id' else 'sheet'} {self.sheet}]"
            where += ": "
        return f"{where}{body}"


class InputError(DptcleanError):
    """The input is missing, unreadable, corrupt or not recognisable as a voter list."""

    exit_code = ExitCode.INPUT


class SchemaError(InputError):
    """The input was read but lacks the columns a voter list needs (e.g. no NAMA)."""


class ConfigError(DptcleanError):
    """An option value or configuration file is invalid."""

    exit_code = ExitCode.USAGE


class OutputError(DptcleanError):
    """An output file cannot be written."""

    exit_code = ExitCode.OUTPUT
