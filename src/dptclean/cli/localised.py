"""click in the operator's language: ``--help`` and click's own usage errors in Bahasa Indonesia
by default, English with ``--lang en`` / ``DPTCLEAN_LANG=en``.

The English texts stay in the code (docstrings and ``help=``); their Bahasa texts are in
:mod:`dptclean.cli.help_id`, imported only when Bahasa is shown (start-up stays light).
Usage errors keep exit code 2 (docs/exit-codes.md); only their words change.
"""

from __future__ import annotations

from typing import Any

import click

_LANGS = ("id", "en")


def lang_from_args(args: list[str]) -> str | None:
    """The ``--lang`` given on the command line (before click parses it: ``--help`` and usage
    errors can come first), or None."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        value = None
        if arg == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value is not None and value.strip().lower() in _LANGS:
            return value.strip().lower()
    return None


def _lang(ctx: click.Context | None) -> str:
    from dptclean.cli import current_lang

    return current_lang(ctx)


def _remember(ctx: click.Context, args: list[str]) -> None:
    lang = lang_from_args(args)
    if lang is not None:
        root = ctx.find_root()
        root.ensure_object(dict)
        root.obj["lang"] = lang


class LocalisedUsageError(click.UsageError):
    """A usage error (exit 2) shown in the language of the command line."""

    def __init__(self, message: str, ctx: click.Context | None, lang: str) -> None:
        super().__init__(message, ctx=ctx)
        self.lang = lang

    def show(self, file: Any = None) -> None:
        if self.lang == "en":
            super().show(file)
            return
        from dptclean.cli.help_id import WORDS

        ctx = self.ctx
        if ctx is not None:
            hint = ""
            if ctx.command.get_help_option(ctx) is not None:
                names = ctx.command.get_help_option_names(ctx)
                hint = WORDS["try_help"].format(command=ctx.command_path,
                                                option=max(names, key=len)) + "\n"
            click.echo(f"{ctx.get_usage()}\n{hint}", file=file, err=True, color=ctx.color)
        click.echo(f"{WORDS['error']}: {self.format_message()}", file=file, err=True,
                   color=ctx.color if ctx is not None else None)


def localise_usage_error(exc: click.UsageError, ctx: click.Context | None = None) -> click.UsageError:
    """``exc`` with its message in the language of the command line (the same exit code)."""
    if isinstance(exc, (LocalisedUsageError, click.exceptions.NoArgsIsHelpError)):
        return exc
    from dptclean.cli import _output_is_a_directory

    if isinstance(exc, click.BadParameter) and _output_is_a_directory(exc):
        return exc      # an output error (exit 4), reported by the group
    ctx = exc.ctx or ctx
    lang = _lang(ctx)
    text = exc.format_message()
    if lang != "en":
        from dptclean.cli.help_id import usage_message

        text = usage_message(text)
    new = LocalisedUsageError(text, ctx, lang)
    new.exit_code = exc.exit_code
    return new


class LocalisedHelp:
    """Mixin of :class:`click.Command` and :class:`click.Group`: help and usage errors in the
    language of the command line."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        _remember(ctx, args)
        try:
            return super().parse_args(ctx, args)  # type: ignore[misc, no-any-return]
        except click.UsageError as exc:
            raise localise_usage_error(exc, ctx) from None

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if _lang(ctx) == "en":
            super().format_usage(ctx, formatter)  # type: ignore[misc]
            return
        from dptclean.cli.help_id import WORDS, metavars

        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, metavars(" ".join(pieces)),
                              prefix=WORDS["usage"] + " ")

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if _lang(ctx) == "en" or not getattr(self, "help", None):
            super().format_help_text(ctx, formatter)  # type: ignore[misc]
            return
        from dptclean.cli.help_id import help_text

        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(help_text(self.help))  # type: ignore[attr-defined]

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if _lang(ctx) == "en":
            super().format_options(ctx, formatter)  # type: ignore[misc]
            return
        from dptclean.cli.help_id import WORDS, help_record

        rows = []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            record = param.get_help_record(ctx)
            if record is not None:
                rows.append(help_record(record))
        if rows:
            with formatter.section(WORDS["options"]):
                formatter.write_dl(rows)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)


class DptcleanCommand(LocalisedHelp, click.Command):
    """Every dptclean command: help and usage errors in Bahasa by default."""


def short_help(text: str, lang: str, limit: int) -> str:
    """A command's listed help in ``lang``."""
    if lang != "en":
        from dptclean.cli.help_id import help_text

        text = help_text(text)
    return click.utils.make_default_short_help(text, limit)

