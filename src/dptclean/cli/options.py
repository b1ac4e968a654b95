"""Option decorators shared by every command, so all commands take input the same way."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from typing import Any

import click

from dptclean import schema

_KNOWN_FIELDS = sorted(set(schema.FIELDS) | {schema.RECORD_NO})


def _parse_map(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for item in value:
        if "=" not in item:
            raise click.BadParameter(f"expected FIELD=Header, got {item!r}")
        field, header = (part.strip() for part in item.split("=", 1))
        field = field.lower()
        if field not in _KNOWN_FIELDS:
            raise click.BadParameter(
                f"unknown field {field!r}; known fields: {', '.join(_KNOWN_FIELDS)}")
        if not header:
            raise click.BadParameter(f"empty header for field {field!r}")
        mapping[field] = header
    return mapping


def input_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """FILE... (or - for CSV on stdin) plus the options that steer the readers."""

    @click.argument("files", nargs=-1, required=True, metavar="FILE...")
    @click.option("--sheet", "sheets", multiple=True, metavar="NAME",
                  help="Read only this sheet (name or 1-based number); repeatable. "
                       "Default: every sheet.")
    @click.option("--map", "mapping", multiple=True, callback=_parse_map, metavar="FIELD=Header",
                  help="Map a column explicitly, e.g. --map nik='NO INDUK'; repeatable. "
                       "Wins over the built-in header aliases.")
    @click.option("--header-row", type=click.IntRange(min=1), default=None, metavar="N",
                  help="The header is on row N (1-based, as Excel shows it) instead of "
                       "being detected.")
    @click.option("--delimiter", default=None, metavar="CHAR",
                  help="CSV delimiter (default: sniffed among , ; | tab #).")
    @click.option("--encoding", default=None, metavar="NAME",
                  help="CSV encoding (default: detected: UTF-8, UTF-8 with BOM, UTF-16, "
                       "Windows-1252).")
    @click.option("--include-hidden", is_flag=True,
                  help="Read hidden sheets too (left out by default, with a warning).")
    @click.option("--allow-skipped-sheets", is_flag=True,
                  help="Go on when a sheet's rows cannot be read (a sheet without a header "
                       "that no sibling header fits); by default that is an input error.")
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return wrapper


def read_options(kwargs: dict[str, Any]) -> dict[str, Any]:
    """Pop the input options from a command's kwargs into read_voters() keyword arguments."""
    delimiter = kwargs.pop("delimiter", None)
    if delimiter in ("\\t", "tab", "TAB"):
        delimiter = "\t"
    if delimiter is not None and len(delimiter) != 1:
        raise click.BadParameter("must be one character", param_hint="--delimiter")
    sheets = kwargs.pop("sheets", ()) or None
    return {
        "sheets": list(sheets) if sheets else None,
        "mapping": kwargs.pop("mapping", None) or None,
        "header_row": kwargs.pop("header_row", None),
        "delimiter": delimiter,
        "encoding": kwargs.pop("encoding", None),
        "include_hidden": bool(kwargs.pop("include_hidden", False)),
        "allow_skipped_sheets": bool(kwargs.pop("allow_skipped_sheets", False)),
    }


def format_option(*choices: str, default: str = "table") -> Callable[[Callable[..., Any]], Any]:
    """--format for what a command prints on stdout."""
    return click.option("--format", "fmt", type=click.Choice(list(choices)), default=default,
                        show_default=True, help="What to print on stdout.")


def quiet_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """-q: the same meaning in every command: no progress and no summary (errors still show)."""
    return click.option("-q", "--quiet", is_flag=True,
                        help="No progress and no summary (errors are still shown).")(func)


def _remember_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
    import os

    from dptclean.report.i18n import LANG_ENV, LANGUAGES, lang_from_env

    env = os.environ.get(LANG_ENV, "").strip().lower()
    if value is None and env and env not in LANGUAGES:
        raise click.BadParameter(f"{LANG_ENV}={env}: use {' or '.join(LANGUAGES)}",
                                 param_hint="--lang")
    lang = value or lang_from_env()
    root = ctx.find_root()
    root.ensure_object(dict)
    root.obj["lang"] = lang      # error messages at the CLI boundary use it too
    return lang


def lang_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """--lang id|en: the language of what a person reads (summaries, reports, the review
    workbook, error messages); default DPTCLEAN_LANG, else Bahasa Indonesia. JSON keys and
    CSV/Parquet columns stay English."""
    from dptclean.report.i18n import LANGUAGES

    return click.option("--lang", type=click.Choice(list(LANGUAGES)), default=None,
                        callback=_remember_lang, is_eager=True,
                        help="Language of messages, summaries and reports: id (Bahasa "
                             "Indonesia, the default) or en; DPTCLEAN_LANG=en sets it too.")(func)


def date_order_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """--date-order: how ambiguous birth dates are read."""
    return click.option(
        "--date-order", type=click.Choice(list(schema.DATE_ORDERS)), default=None,
        help="Read ambiguous birth dates (03-04-1980) in this order. Default: the order the "
             "other dates of the same file/sheet show; day first where they show none "
             "(those dates are marked ambiguous).")(func)


def election_date_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """--election-date YYYY-MM-DD (read with :func:`as_date`)."""
    return click.option(
        "--election-date", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
        metavar="YYYY-MM-DD",
        help="Election day: ages are counted on it, later birth dates are invalid, and "
             "two-digit years are read so that voters are 17 or older. Default: today.")(func)


def as_date(value: Any) -> date | None:
    """The date of an --election-date value (None when not given)."""
    return value.date() if value is not None else None


def show_nik_option(help: str) -> Callable[[Callable[..., Any]], Any]:
    """--show-nik: full NIK, NKK and birth dates where they are masked by default; ``help``
    says where (each command writes other things)."""
    return click.option("--show-nik", is_flag=True, help=help)


def limit_callback(*, count: bool = True, share: bool = True) -> Callable[..., Any]:
    """The click callback of a limit option (``N`` and/or ``P%``, :func:`dptclean.gates.
    parse_limit`): a bad limit is a usage error of that option."""
    def parse(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
        from dptclean.errors import ConfigError
        from dptclean.gates import parse_limit

        if value is None:
            return None
        try:
            return parse_limit(value, count=count, share=share)
        except ConfigError as exc:
            raise click.BadParameter(exc.message) from None
    return parse


def header_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--judul, --wilayah, --tahapan, --nomor-ba and --header-file: the printed report's title."""
    for decorator in reversed([
        click.option("--judul", default=None, metavar="TEXT",
                     help="Title of the printed report (default: Laporan Data Ganda dan DPK)."),
        click.option("--wilayah", default=None, metavar="TEXT",
                     help="Area named under the title (default: the kabupaten and kecamatan "
                          "in the data)."),
        click.option("--tahapan", default=None, metavar="TEXT",
                     help="Election stage named under the title, e.g. 'Penetapan DPT'."),
        click.option("--nomor-ba", "nomor_ba", default=None, metavar="TEXT",
                     help="Number of the Berita Acara the report is attached to."),
        click.option("--header-file", type=click.Path(exists=True, dir_okay=False),
                     default=None, metavar="FILE",
                     help="A TOML file with judul, wilayah, tahapan and nomor_ba (options "
                          "given on the command line win)."),
    ]):
        func = decorator(func)
    return func


def header_from(kwargs: dict[str, Any]) -> dict[str, str]:
    """Pop the header options from a command's kwargs into the report's title-block fields."""
    from dptclean.report.model import report_header

    path = kwargs.pop("header_file", None)
    return report_header(path, **{name: kwargs.pop(name, None)
                                  for name in ("judul", "wilayah", "tahapan", "nomor_ba")})


# --- outputs ----------------------------------------------------------------------------------

def prepare_output(path: str | None, *, directory: bool = False) -> None:
    """Check an output path before any work is done: a path that cannot be written (a missing
    folder, a folder given for a file, a file locked by Excel) fails now, with exit code 4,
    instead of after minutes of matching. ``-`` (stdout) and ``None`` pass."""
    import os

    from dptclean.errors import OutputError

    if not path or path == "-":
        return
    parent = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(parent):
        # as every command does: a typo in a folder name must not scatter new folders
        key = "output_folder_not_folder" if os.path.exists(parent) else "output_folder_missing"
        raise OutputError(key=key, params={"parent": parent}, path=path)
    if os.path.isdir(path) and not directory:
        raise OutputError(key="output_is_directory", path=path)
    if not os.access(parent, os.W_OK):
        raise OutputError(key="output_no_permission", params={"directory": parent}, path=path)
    if os.name == "nt" and os.path.isfile(path):
        # Windows: a workbook open in Excel is locked and cannot be replaced
        try:
            with open(path, "r+b"):
                pass
        except PermissionError:
            raise OutputError(key="output_locked", path=path) from None


def echo_table(table: Any, fmt: str) -> None:
    """A data table on stdout (`-o -`): CSV/TSV (formula-like cells neutralised, no BOM on a
    pipe) or JSON records."""
    import sys

    from dptclean.io.writers import neutralise_formulas

    if fmt == "json":
        table.to_json(sys.stdout, orient="records", force_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        neutralise_formulas(table).to_csv(sys.stdout, index=False,
                                          sep="\t" if fmt == "tsv" else ",",
                                          lineterminator="\n")
    sys.stdout.flush()
