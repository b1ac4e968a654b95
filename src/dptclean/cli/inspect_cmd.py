"""dptclean inspect: what the readers see in each file and sheet."""

from __future__ import annotations

import json

import click

from dptclean.cli.options import format_option, input_options, lang_option, read_options
from dptclean.cli.output import console, progress_callback
from dptclean.io.readers import load_voters
from dptclean.report.i18n import Labels, fmt_int, labels


@click.command("inspect")
@input_options
@format_option("table", "json")
@click.option("-q", "--quiet", is_flag=True, help="No progress on stderr.")
@lang_option
def inspect_cmd(fmt: str, quiet: bool, lang: str, **kwargs) -> None:
    """Show the detected layout, column mapping and row accounting of each file and sheet."""
    files = kwargs.pop("files")
    opts = read_options(kwargs)
    with progress_callback(quiet=quiet or fmt == "json") as progress:
        result = load_voters(list(files), progress=progress, **opts)
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    _render(result, labels(lang))


def _render(result, L: Labels) -> None:
    from rich.table import Table

    out = console()
    for s in result.sheets:
        title = s.source_file + (f" [{s.sheet}]" if s.sheet else "")
        table = Table(title=title, title_justify="left", show_header=False, expand=False)
        table.add_column("", style="bold")
        table.add_column("")
        table.add_row(L("ins_list"), s.list_name)
        table.add_row(L("ins_header_row"), str(s.header_row) if s.header_row else "-")
        if s.note:
            table.add_row(L("ins_note"), s.note)
        table.add_row(L("ins_columns"),
                      ", ".join(f"{f} <- {h}" for f, h in s.mapping.items()) or "-")
        if s.unmapped:
            table.add_row(L("ins_unmapped"), ", ".join(s.unmapped))
        if s.title_values:
            table.add_row(L("ins_title_values"),
                          ", ".join(f"{k} = {v}" for k, v in s.title_values.items()))
        table.add_row(L("ins_records"), fmt_int(s.records, L.lang))
        skipped = ", ".join(f"{_skip(L, k)} {fmt_int(v, L.lang)}"
                            for k, v in sorted(s.skipped.items())) or L("ins_none")
        table.add_row(L("ins_skipped"), skipped)
        out.print(table)
    out.print(L("ins_total", records=fmt_int(result.records, L.lang),
                sheets=fmt_int(len(result.sheets), L.lang),
                skipped=fmt_int(sum(result.skipped.values()), L.lang)))


def _skip(L: Labels, reason: str) -> str:
    """A skip reason code in words in Bahasa (the code itself in English, as scripts read it)."""
    return L.get(f"skip_{reason}", reason) if L.lang == "id" else reason
