"""``--format json``: every failure (usage, input, output, internal) also prints one JSON object
with the error on stdout, so a job that parses stdout never reads nothing.

The object is ``{"error": {"exit_code", "code", "message", "reason", "path", "sheet"},
"version"}`` (``check`` puts ``"passed": false, "checks": []`` first). ``message`` is the line
stderr shows, in the language of the run; the exit code is the one documented for the error.
"""

from __future__ import annotations

from typing import Any, ClassVar

import click

from dptclean.cli.localised import DptcleanCommand
from dptclean.errors import ExitCode


def wants_json(args: list[str]) -> bool:
    """``--format json`` on the command line (read before click parses it: a usage error can
    come first)."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--format" and i + 1 < len(args) and args[i + 1] == "json":
            return True
        if arg == "--format=json":
            return True
    return False


def echo_error_json(code: int, message: str, exc: BaseException,
                    envelope: dict[str, Any] | None = None) -> None:
    """Print the JSON error object on stdout: ``envelope``'s keys, the error, the version."""
    from dptclean import __version__
    from dptclean.errors import DptcleanError
    from dptclean.io.writers import dumps_json

    def text(value: object) -> str | None:
        # a file name that is not UTF-8 holds surrogate escapes: written as \udce9, as on stderr
        return None if value is None else \
            str(value).encode("utf-8", "backslashreplace").decode("utf-8")

    error = {"exit_code": int(code), "code": ExitCode(int(code)).name, "message": text(message),
             "reason": getattr(exc, "key", None),
             "path": text(exc.path) if isinstance(exc, DptcleanError) else None,
             "sheet": text(exc.sheet) if isinstance(exc, DptcleanError) else None}
    try:
        click.echo(dumps_json({**(envelope or {}), "error": error, "version": __version__}),
                   nl=False)
    except (BrokenPipeError, OSError):  # stdout closed: stderr still says it
        pass


class JsonErrorCommand(DptcleanCommand):
    """A command whose ``--format json`` also prints its errors as JSON on stdout."""

    json_envelope: ClassVar[dict[str, Any]] = {}

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        as_json = wants_json(args)
        ctx.meta["json_errors"] = as_json
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            if as_json:
                echo_error_json(exc.exit_code, exc.format_message(), exc, self.json_envelope)
            raise

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        from dptclean.cli import current_lang, error_text
        from dptclean.errors import DptcleanError

        try:
            return super().invoke(ctx)
        except DptcleanError as exc:
            if ctx.meta.get("json_errors"):
                echo_error_json(exc.exit_code, error_text(exc, current_lang(ctx)), exc,
                                self.json_envelope)
            raise
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException,
                BrokenPipeError, MemoryError):
            raise
        except Exception as exc:
            if ctx.meta.get("json_errors"):
                from dptclean.cli import internal_text

                echo_error_json(ExitCode.INTERNAL, " ".join(internal_text(exc).split()), exc,
                                self.json_envelope)
            raise
