"""dptclean inspect: what the readers see in each file and sheet."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from dptclean.cli.json_errors import JsonErrorCommand
from dptclean.cli.options import format_option, input_options, lang_option, quiet_option, read_options

if TYPE_CHECKING:
    from dptclean.io.readers import LoadResult, SheetReport


@click.command("inspect", cls=JsonErrorCommand)
@input_options
@format_option("table", "json")
@click.option("-v", "--verbose", is_flag=True,
              help="Show every sheet's details (column mapping, title rows, skipped rows) "
                   "after the summary table.")
@quiet_option
@lang_option
def inspect_cmd(fmt: str, verbose: bool, quiet: bool, lang: str, **kwargs) -> None:
    """Show the detected layout, list type, column mapping and row accounting of each file and
    sheet: one summary table, the details with --verbose. Sheets whose rows cannot be read are
    shown (not an error here, as in the other commands)."""
    from dptclean.cli.output import progress_callback
    from dptclean.io.readers import load_voters

    files = kwargs.pop("files")
    opts = read_options(kwargs)
    opts["allow_skipped_sheets"] = True  # inspect shows them; the other commands refuse
    with progress_callback(quiet=quiet or fmt == "json") as progress:
        result = load_voters(list(files), progress=progress, **opts)
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    _render_summary(result, lang)
    if verbose:
        for s in result.sheets:
            _render_sheet(s, lang)


def _list_text(s: SheetReport, lang: str = "en") -> str:
    from dptclean.io.messages import where

    source = where(s.list_source, lang) if s.list_source else s.list_source
    if s.list_type and s.list_type != s.list_name:
        return f"{s.list_name} ({s.list_type}, {source})"
    if s.list_type:
        return f"{s.list_name} ({source})"
    return s.list_name


def _header_text(s: SheetReport, lang: str = "en") -> str:
    from dptclean.report.i18n import labels

    if s.header_from is not None:
        return labels(lang)("ins_header_from", sheet=s.header_from)
    return str(s.header_row) if s.header_row else "-"


def _status(s: SheetReport, lang: str = "en") -> str:
    from dptclean.report.i18n import fmt_int, labels

    L = labels(lang)
    if s.lost_rows:
        return L("ins_status_lost", n=fmt_int(len(s.lost_rows), lang))
    if s.hidden and not s.records:
        return L("ins_status_hidden", state=s.hidden)
    if s.records:
        return L("ins_status_read") + (L("ins_status_also_hidden", state=s.hidden)
                                       if s.hidden else "")
    return L("ins_status_none")


_SUMMARY_COLUMNS = {
    "id": ("berkas", "lembar", "daftar", "baris judul kolom", "data pemilih", "baris dilewati",
           "status"),
    "en": ("file", "sheet", "list", "header row", "records", "skipped rows", "status"),
}


def _render_summary(result: LoadResult, lang: str) -> None:
    from rich.table import Table

    from dptclean.cli.output import console, data_text
    from dptclean.report.i18n import fmt_int, labels

    out = console()
    table = Table(show_header=True, header_style="bold", expand=False)
    names = _SUMMARY_COLUMNS.get(lang, _SUMMARY_COLUMNS["en"])
    for k, name in enumerate(names):
        table.add_column(name, justify="right" if k in (4, 5) else "left")
    for s in result.sheets:
        table.add_row(data_text(s.source_file), data_text(s.sheet or "-"), _list_text(s, lang),
                      _header_text(s, lang), fmt_int(s.records, lang),
                      fmt_int(sum(s.skipped.values()), lang), _status(s, lang))
    out.print(table)
    for note in result.notes:
        out.print(f"- {note.render(lang)}", markup=False, highlight=False)
    out.print(labels(lang)("ins_total", records=fmt_int(result.records, lang),
                           sheets=fmt_int(len(result.sheets), lang),
                           skipped=fmt_int(sum(result.skipped.values()), lang)))


def _render_sheet(s: SheetReport, lang: str = "en") -> None:
    from rich.table import Table

    from dptclean.cli.output import console
    from dptclean.report.i18n import fmt_int, labels

    L = labels(lang)
    out = console()
    title = s.source_file + (f" [{s.sheet}]" if s.sheet else "")
    table = Table(title=title, title_justify="left", show_header=False, expand=False)
    table.add_column("", style="bold")
    table.add_column("")
    table.add_row(L("ins_list"), _list_text(s, lang))
    table.add_row(L("ins_header_row"), _header_text(s, lang))
    if s.note:
        table.add_row(L("ins_note"), s.note)
    table.add_row(L("ins_columns"), ", ".join(f"{f} <- {h}" for f, h in s.mapping.items()) or "-")
    if s.unmapped:
        table.add_row(L("ins_unmapped"), ", ".join(s.unmapped))
    if s.title_values:
        table.add_row(L("ins_title_values"),
                      ", ".join(f"{k} = {v}" for k, v in s.title_values.items()))
    if s.remapped_rows:
        table.add_row(L("ins_header_again"), ", ".join(map(str, s.remapped_rows)))
    table.add_row(L("ins_records"), fmt_int(s.records, lang))
    reason = (lambda k: L.get(f"skip_{k}", k)) if lang == "id" else (lambda k: k)
    skipped = ", ".join(f"{reason(k)} {fmt_int(v, lang)}" for k, v in sorted(s.skipped.items()))
    table.add_row(L("ins_skipped"), skipped or L("ins_none"))
    out.print(table)
