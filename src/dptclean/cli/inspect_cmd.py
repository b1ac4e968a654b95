"""dptclean inspect: what the readers see in each file and sheet."""

from __future__ import annotations

import json

import click

from dptclean.cli.options import format_option, input_options, quiet_option, read_options
from dptclean.cli.output import console, progress_callback
from dptclean.io.readers import load_voters


@click.command("inspect")
@input_options
@format_option("table", "json")
@quiet_option
def inspect_cmd(fmt: str, quiet: bool, **kwargs) -> None:
    """Show the detected layout, column mapping and row accounting of each file and sheet."""
    files = kwargs.pop("files")
    opts = read_options(kwargs)
    with progress_callback(quiet=quiet or fmt == "json") as progress:
        result = load_voters(list(files), progress=progress, **opts)
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    _render(result)


def _render(result) -> None:
    from rich.table import Table

    out = console()
    for s in result.sheets:
        title = s.source_file + (f" [{s.sheet}]" if s.sheet else "")
        table = Table(title=title, title_justify="left", show_header=False, expand=False)
        table.add_column("", style="bold")
        table.add_column("")
        table.add_row("list", s.list_name)
        table.add_row("header row", str(s.header_row) if s.header_row else "-")
        if s.note:
            table.add_row("note", s.note)
        table.add_row("columns", ", ".join(f"{f} <- {h}" for f, h in s.mapping.items()) or "-")
        if s.unmapped:
            table.add_row("unmapped (kept)", ", ".join(s.unmapped))
        if s.title_values:
            table.add_row("from title rows",
                          ", ".join(f"{k} = {v}" for k, v in s.title_values.items()))
        table.add_row("records loaded", f"{s.records:,}")
        skipped = ", ".join(f"{k} {v:,}" for k, v in sorted(s.skipped.items())) or "none"
        table.add_row("rows skipped", skipped)
        out.print(table)
    skipped = sum(result.skipped.values())
    out.print(f"[bold]{result.records:,}[/bold] records loaded from {len(result.sheets)} "
              f"sheet(s); {skipped:,} rows skipped")
