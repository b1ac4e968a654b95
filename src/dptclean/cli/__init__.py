"""The ``dptclean`` command: a thin click skin over the library.

Only this package turns library errors into messages and exit codes (see
:class:`dptclean.errors.ExitCode`). Data goes to stdout or files; messages go to stderr.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
import traceback
from collections.abc import Iterator
from typing import Any

import click

from dptclean import __version__
from dptclean.cli.localised import LocalisedHelp, localise_usage_error, short_help
from dptclean.errors import DptcleanError, ExitCode


class LazyCommands(dict):  # type: ignore[type-arg]
    """The command table: names known up front, each command imported on first access."""

    def __init__(self, table: dict[str, tuple[str, str, str]]) -> None:
        super().__init__((name, None) for name in table)
        self.table = table

    def __getitem__(self, name: str) -> click.Command:
        cmd = super().__getitem__(name)
        if cmd is None:
            import importlib

            module, attr, _ = self.table[name]
            cmd = getattr(importlib.import_module(module), attr)
            super().__setitem__(name, cmd)
        return cmd

    def get(self, name: str, default: Any = None) -> Any:  # type: ignore[override]
        return self[name] if name in self else default

    def values(self):  # type: ignore[override]
        return [self[name] for name in self]

    def items(self):  # type: ignore[override]
        return [(name, self[name]) for name in self]

    def short_help(self, name: str) -> str | None:
        """The listed help of a command not imported yet (None once it is loaded)."""
        if super().get(name) is None and name in self.table:
            return self.table[name][2]
        return None


class DptcleanGroup(LocalisedHelp, click.Group):
    """Click group that maps dptclean errors to one-line messages and documented exit codes;
    help and usage errors in the language of the command line (Bahasa by default)."""

    def resolve_command(self, ctx: click.Context, args: list[str]):  # type: ignore[override]
        name, cmd, rest = super().resolve_command(ctx, args)
        from dptclean import limits

        # which command runs: the memory check before reading uses its measured needs
        limits.current_command.set(cmd.name if cmd is not None and cmd.name else "read")
        return name, cmd, rest

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        from dptclean.cli.notes import reader_notes_on_stderr

        try:
            with reader_notes_on_stderr(), _terminate_as_interrupt():
                return super().invoke(ctx)
        except BrokenPipeError:
            _stdout_closed(ctx)
        except DptcleanError as exc:
            if _is_broken_pipe(exc):
                _stdout_closed(ctx)
            lang = current_lang(ctx)
            _fail(ctx, error_text(exc, lang), exc.exit_code, exc)
        except KeyboardInterrupt:
            click.echo("dptclean: interrupted", err=True)
            ctx.exit(130)
        except Terminated:
            click.echo("dptclean: terminated", err=True)
            ctx.exit(143)
        except click.UsageError as exc:
            if not (isinstance(exc, click.BadParameter) and _output_is_a_directory(exc)):
                raise localise_usage_error(exc, ctx) from exc.__cause__
            opts = "/".join(exc.param.opts) if exc.param else "output"
            lang = current_lang(ctx)
            reason = exc.message
            if lang != "en":
                from dptclean.cli.help_id import usage_message

                reason = usage_message(f"Invalid value: {exc.message}").removeprefix("nilai tidak sah: ")
            _fail(ctx, f"{_ERROR[lang]}: {opts}: {reason}", ExitCode.OUTPUT, exc)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except MemoryError as exc:
            _fail(ctx, _OUT_OF_MEMORY[current_lang(ctx)], ExitCode.INTERNAL, exc)
        except Exception as exc:  # noqa: BLE001 - the last line of defence
            _fail(ctx, internal_text(exc), ExitCode.INTERNAL, exc)
        except BaseException as exc:
            # A panic in a Rust extension (pyo3's PanicException) is a BaseException.
            if type(exc).__name__ != "PanicException":
                raise
            _fail(ctx, f"internal error: {type(exc).__name__}: {exc} "
                  "(rerun with --debug for a traceback and report it)", ExitCode.INTERNAL, exc)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # `dptclean --help` lists the commands from the table without importing them
        table = self.commands
        if not isinstance(table, LazyCommands):
            return super().format_commands(ctx, formatter)
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(map(len, names), default=0)
        lang = current_lang(ctx)
        rows = []
        for name in names:
            text = table.short_help(name)
            if text is None:
                cmd = table[name]
                if cmd.hidden:
                    continue
                text = cmd.short_help or cmd.help or ""
                text = text if cmd.short_help else click.utils.make_default_short_help(text, 10_000)
            rows.append((name, short_help(text, lang, limit)))
        if rows:
            with formatter.section("Commands" if lang == "en" else "Perintah"):
                formatter.write_dl(rows)

    def list_commands(self, ctx: click.Context) -> list[str]:
        # Keep the pipeline order in --help rather than alphabetical order.
        order = ["inspect", "normalize", "validate", "dedupe", "report", "check"]
        names = list(self.commands)
        return sorted(names, key=lambda n: (order.index(n) if n in order else len(order), n))


# Options naming a file or directory dptclean writes: a directory given for a file (or a file
# for a directory) is an output error (exit 4), as the writers report it, not a usage error.
_OUTPUT_PARAMS = {"output", "report_path", "dpk_output", "pairs_output", "save_dir", "out_dir"}


def _output_is_a_directory(exc: click.BadParameter) -> bool:
    param = exc.param
    return (param is not None and param.name in _OUTPUT_PARAMS
            and isinstance(getattr(param, "type", None), click.Path)
            and ("is a directory" in exc.message or "is a file" in exc.message))


# `dptclean validate --format csv | head`: the reader stops reading. Exit quietly, with the
# status a shell gives a program ended by SIGPIPE (128 + 13), as other tools do.
EXIT_BROKEN_PIPE = 141


def _is_broken_pipe(exc: BaseException) -> bool:
    seen = 0
    cur: BaseException | None = exc
    while cur is not None and seen < 8:
        if isinstance(cur, BrokenPipeError):
            return True
        cur = cur.__cause__ or cur.__context__
        seen += 1
    return False


def _stdout_closed(ctx: click.Context) -> None:
    import os

    # Python flushes stdout once more at exit, which would fail again with a traceback.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # pragma: no cover - stdout not a real file
        pass
    ctx.exit(EXIT_BROKEN_PIPE)


_ERROR = {"id": "kesalahan", "en": "error"}
_OUT_OF_MEMORY = {
    "id": "kesalahan: memori habis; pecah berkas masukan atau gunakan komputer dengan memori "
          "lebih besar (lihat docs/reliability.md)",
    "en": "error: out of memory; split the input or use a machine with more memory (see "
          "docs/reliability.md)"}


def current_lang(ctx: click.Context | None = None) -> str:
    """The language of messages: --lang of the running command, else DPTCLEAN_LANG, else id."""
    from dptclean.report.i18n import lang_from_env

    root = ctx.find_root() if ctx is not None else None
    chosen = root.obj.get("lang") if root is not None and isinstance(root.obj, dict) else None
    return chosen or lang_from_env()


def _fail(ctx: click.Context, message: str, code: int, exc: BaseException) -> None:
    debug = bool(ctx.obj and ctx.obj.get("debug"))
    if debug:
        traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)
    from dptclean.cli.output import plain_text

    click.echo(f"dptclean: {plain_text(' '.join(message.split()))}", err=True)
    ctx.exit(int(code))


def error_text(exc: DptcleanError, lang: str) -> str:
    """The line a dptclean error is reported with (after ``dptclean: ``): scrubbed of personal
    data, with the file and sheet it is about."""
    body = scrub_message(exc.localised_body(lang))
    return f"{_ERROR[lang]}: {_where(exc, lang)}{body}"


def internal_text(exc: BaseException) -> str:
    """The line a bug is reported with (after ``dptclean: ``)."""
    return (f"internal error: {type(exc).__name__}: {scrub_message(str(exc))} "
            "(rerun with --debug for a traceback and report it)")


def scrub_message(text: str) -> str:
    """An error line without personal data (imported when an error is printed: start-up stays
    free of pandas)."""
    from dptclean.report.privacy import scrub_message as scrub

    return scrub(text)


def _where(exc: DptcleanError, lang: str = "en") -> str:
    """The file (and sheet) an error is about, as given: a path is not personal data."""
    if not exc.path:
        return ""
    word = "lembar" if lang == "id" else "sheet"
    sheet = f" [{word} {exc.sheet}]" if exc.sheet is not None else ""
    return f"{exc.path}{sheet}: "


class Terminated(BaseException):
    """SIGTERM (CI cancel, ``timeout``, ``docker stop``): unwinds like Ctrl-C, so every
    temporary file is removed on the way out."""


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: object) -> None:
        raise Terminated()

    before = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)


@click.group(cls=DptcleanGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="dptclean")
@click.option("--debug", is_flag=True, help="Show a traceback when something fails.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Clean Indonesian voter lists (DPT/DPK): read messy dumps, find duplicates, report.

    Exit codes: 0 ok, 1 a check found the data over its limits, 2 usage error,
    3 input error, 4 output error, 5 internal error.
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


# Commands register themselves here, one line each: name -> (module, attribute, short help).
# A command's module (and the pandas/pyarrow/matching stack it imports) is loaded only when the
# command runs, so `dptclean --version` and `dptclean --help` start fast. The short help is
# what `dptclean --help` lists; tests/cli/test_startup.py checks it against each command.
_COMMANDS: dict[str, tuple[str, str, str]] = {
    "inspect": ("dptclean.cli.inspect_cmd", "inspect_cmd",
                "Show the detected layout, list type, column mapping and row accounting of each "
                "file and sheet: one summary table, the details with --verbose."),
    "synth": ("dptclean.cli.synth_cmd", "synth_cmd",
              "Write a synthetic DPT (and DPK) of Kabupaten Jepara to OUT_DIR, with truth files."),
    "normalize": ("dptclean.cli.normalize_cmd", "normalize_cmd",
                  "Add normalised names, dates, NIK/NKK and codes to every record (one row per record)."),
    "validate": ("dptclean.cli.validate_cmd", "validate_cmd",
                 "Check every record: NIK/NKK, birth date, age, sex, name and TMS marks."),
    "dedupe": ("dptclean.cli.dedupe_cmd", "dedupe_cmd",
               "Find duplicate voters (data ganda) and report duplicate and DPK rates."),
    "report": ("dptclean.cli.report_cmd", "report_cmd",
               "Render a saved dedupe result as HTML, XLSX, Markdown, JSON or in the terminal."),
    "check": ("dptclean.cli.check_cmd", "check_cmd",
              "Check a voter list against limits: exit 0 when all hold, 1 when any is exceeded."),
    "diff": ("dptclean.cli.diff_cmd", "diff_cmd",
             "Voters added, removed and changed between two versions of a list (OLD and NEW)."),
    "split": ("dptclean.cli.split_cmd", "split_cmd",
              "Split voter lists (or duplicate groups) into one work file per area."),
}
main.commands = LazyCommands(_COMMANDS)
