"""dptclean split: one work file per kecamatan, kelurahan or TPS, for one operator each."""

from __future__ import annotations

import click
import pandas as pd

from dptclean.cli.localised import DptcleanCommand
from dptclean.cli.options import input_options, lang_option, quiet_option, read_options, show_nik_option
from dptclean.cli.output import console, data_text, progress_callback
from dptclean.decisions import read_table
from dptclean.io.readers import load_voters
from dptclean.report.i18n import fmt_int, labels
from dptclean.split import FORMATS, GROUP_ID, SPLIT_BY, people_headers, write_split


@click.command("split", cls=DptcleanCommand)
@input_options
@click.option("--by", type=click.Choice(list(SPLIT_BY)), required=True,
              help="The area each work file holds (a kelurahan file is named by its "
                   "kecamatan too).")
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False), required=True,
              help="Directory for the work files and index.<format> (created if needed).")
@click.option("--file-format", "--format", "fmt", type=click.Choice(list(FORMATS)),
              default="xlsx", show_default=True,
              help="Format of the work files (--format is its old name: elsewhere --format "
                   "is the format of stdout).")
@click.option("--groups", "groups_mode", is_flag=True,
              help="FILE is a groups output of `dptclean dedupe -o` (CSV, XLSX or Parquet): "
                   "its columns are kept as they are, and a group goes whole to every area "
                   "one of its records is in.")
@show_nik_option(
              help="Write full NIK, NKK and birth dates in the work files (masked by default).")
@quiet_option
@lang_option
def split_cmd(by: str, out_dir: str, fmt: str, groups_mode: bool, show_nik: bool, quiet: bool, lang: str,
              **kwargs) -> None:
    """Split voter lists (or duplicate groups) into one work file per area.

    Provenance columns (source_file, sheet, row, record_no) are kept; rows without the area go
    to _missing_<level>; every input row is in a file (in --groups mode a group shared by
    two areas is in both). NIK, NKK and birth dates are masked unless --show-nik. The
    directory must be new, empty or one an earlier split wrote (its files are replaced).
    """
    files = list(kwargs.pop("files"))
    opts = read_options(kwargs)
    if groups_mode:
        frame = pd.concat([read_table(p) for p in files], ignore_index=True)
        group_column = GROUP_ID
    else:
        with progress_callback(quiet=quiet) as progress:
            frame = load_voters(files, progress=progress, **opts).frame
        group_column = None
    index = write_split(frame, by, out_dir, fmt=fmt, group_column=group_column, inputs=files,
                        show_nik=show_nik, lang=lang)
    if quiet:
        return
    from rich.table import Table

    L = labels(lang)
    table = Table(title=L("split_title", n=fmt_int(len(index), lang), dir=data_text(out_dir)),
                  title_justify="left")
    for col, head in zip(index.columns, people_headers(index, lang).columns):
        table.add_column(str(head), justify="right" if col in ("records", "groups", "shared_groups")
                         else "left")
    for row in index.itertuples(index=False):
        table.add_row(*("" if v is None or (isinstance(v, float) and pd.isna(v))
                        else fmt_int(v, lang) if isinstance(v, int) else data_text(v) for v in row))
    out = console()
    out.print(table)
    out.print(L("split_total", rows=fmt_int(index["records"].sum(), lang),
                input=fmt_int(len(frame), lang), fmt=fmt))
