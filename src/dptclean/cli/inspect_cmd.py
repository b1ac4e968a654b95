"""dptclean inspect: what the readers see in each file and sheet."""

from __future__ import annotations

import json

import click

from dptclean.cli.localised import DptcleanCommand
from dptclean.cli.options import format_option, input_options, lang_option, quiet_option, read_options
from dptclean.cli.output import console, data_text, progress_callback
from dptclean.io.readers import LoadResult, SheetReport, load_voters


@click.command("inspect", cls=DptcleanCommand)
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
            _render_sheet(s)


def _list_text(s: SheetReport) -> str:
    if s.list_type and s.list_type != s.list_name:
        return f"{s.list_name} ({s.list_type}, {s.list_source})"
    if s.list_type:
        return f"{s.list_name} ({s.list_source})"
    return s.list_name


def _header_text(s: SheetReport) -> str:
    if s.header_from is not None:
        return f"from sheet {s.header_from}"
    return str(s.header_row) if s.header_row else "-"


def _status(s: SheetReport) -> str:
    if s.lost_rows:
        return f"NOT READ: {len(s.lost_rows):,} rows"
    if s.hidden and not s.records:
        return f"hidden ({s.hidden}): not read"
    if s.records:
        return "read" + (f", hidden ({s.hidden})" if s.hidden else "")
    return "no records"


_SUMMARY_COLUMNS = {
    "id": ("berkas", "lembar", "daftar", "baris judul", "data pemilih", "baris dilewati",
           "status"),
    "en": ("file", "sheet", "list", "header row", "records", "skipped rows", "status"),
}


def _render_summary(result: LoadResult, lang: str) -> None:
    from rich.table import Table

    from dptclean.report.i18n import fmt_int, labels

    out = console()
    table = Table(show_header=True, header_style="bold", expand=False)
    names = _SUMMARY_COLUMNS.get(lang, _SUMMARY_COLUMNS["en"])
    for k, name in enumerate(names):
        table.add_column(name, justify="right" if k in (4, 5) else "left")
    for s in result.sheets:
        table.add_row(data_text(s.source_file), data_text(s.sheet or "-"), _list_text(s),
                      _header_text(s), fmt_int(s.records, lang),
                      fmt_int(sum(s.skipped.values()), lang), _status(s))
    out.print(table)
    for note in result.notes:
        out.print(f"- {note.render(lang)}", markup=False, highlight=False)
    out.print(labels(lang)("ins_total", records=fmt_int(result.records, lang),
                           sheets=fmt_int(len(result.sheets), lang),
                           skipped=fmt_int(sum(result.skipped.values()), lang)))


def _render_sheet(s: SheetReport) -> None:
    from rich.table import Table

    out = console()
    title = s.source_file + (f" [{s.sheet}]" if s.sheet else "")
    table = Table(title=title, title_justify="left", show_header=False, expand=False)
    table.add_column("", style="bold")
    table.add_column("")
    table.add_row("list", _list_text(s))
    table.add_row("header row", _header_text(s))
    if s.note:
        table.add_row("note", s.note)
    table.add_row("columns", ", ".join(f"{f} <- {h}" for f, h in s.mapping.items()) or "-")
    if s.unmapped:
        table.add_row("unmapped (kept)", ", ".join(s.unmapped))
    if s.title_values:
        table.add_row("from title rows",
                      ", ".join(f"{k} = {v}" for k, v in s.title_values.items()))
    if s.remapped_rows:
        table.add_row("header again (re-mapped)", ", ".join(map(str, s.remapped_rows)))
    table.add_row("records loaded", f"{s.records:,}")
    skipped = ", ".join(f"{k} {v:,}" for k, v in sorted(s.skipped.items())) or "none"
    table.add_row("rows skipped", skipped)
    out.print(table)
