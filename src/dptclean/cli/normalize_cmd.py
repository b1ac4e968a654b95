"""dptclean normalize: read voter lists and write them with normalised columns added."""

from __future__ import annotations

import os

import click

from dptclean import schema
from dptclean.cli.localised import DptcleanCommand
from dptclean.cli.options import (
    as_date,
    date_order_option,
    election_date_option,
    input_options,
    lang_option,
    quiet_option,
    read_options,
    show_nik_option,
)
from dptclean.errors import ConfigError, OutputError
from dptclean.report.i18n import Labels, fmt_int, labels, status_text

OUTPUT_FORMATS = ("parquet", "csv", "tsv", "xlsx")


@click.command("normalize", cls=DptcleanCommand)
@input_options
@click.option("-o", "--output", type=click.Path(), default=None,
              help="Write the records with normalised columns (.parquet, .csv or .xlsx, "
                   "from the extension; a directory with --partition-by). Without it, print a "
                   "summary only.")
@click.option("--partition-by", metavar="COLS", default=None,
              help="Write -o DIRECTORY as a Parquet dataset, one subdirectory per value of these "
                   "columns (e.g. provinsi,kabupaten): the input of dedupe --engine dask.")
@date_order_option
@election_date_option
@show_nik_option(
              help="Write full NIK, NKK and birth dates (masked by default). Needed when the "
                   "output is the input of a later run: a masked NIK cannot be matched.")
@quiet_option
@lang_option
def normalize_cmd(output: str | None, partition_by: str | None, date_order: str | None,
                  election_date, show_nik: bool, quiet: bool, lang: str, **kwargs) -> None:
    """Add normalised names, dates, NIK/NKK and codes to every record (one row per record).

    The columns as read are kept unchanged; normalised values go into new columns
    (nama_norm, nama_key, tanggal_lahir_norm, nik_norm, nik_status, ...) next to the
    provenance columns (source_file, sheet, row). Without -o a summary of the statuses is
    printed and nothing is written. NIK, NKK and birth dates (and what is decoded from them)
    are masked in the output unless --show-nik.
    """
    from dptclean.cli.output import progress_callback
    from dptclean.io.readers import load_voters
    from dptclean.io.writers import check_not_input, format_for, write_table
    from dptclean.normalize import NORMALIZED_COLUMNS, normalize_voters
    from dptclean.report.privacy import mask_frame

    files = list(kwargs.pop("files"))
    opts = read_options(kwargs)
    L = labels(lang)
    if partition_by and output is None:
        raise ConfigError(key="partition_needs_output")
    if output is not None and not partition_by and os.path.isdir(output):
        raise OutputError(key="output_dir_not_file", path=output)
    if output is not None:
        fmt = None if partition_by else format_for(output, OUTPUT_FORMATS)
        check_not_input(output, files)
    with progress_callback(quiet=quiet) as progress:
        result = load_voters(files, progress=progress, **opts)
        frame = normalize_voters(result.frame, date_order=date_order,
                                 election_date=as_date(election_date), progress=progress)
    written = frame if show_nik or output is None else mask_frame(frame)
    if output is not None and partition_by:
        from dptclean.io.dataset import write_partitioned

        write_partitioned(written, output,
                          by=[c.strip() for c in partition_by.split(",") if c.strip()])
        if not quiet:
            click.echo(L("norm_wrote_dataset", n=fmt_int(len(frame), lang), path=output,
                         by=partition_by), err=True)
        return
    if output is not None:
        write_table(written, output, fmt=fmt, sheet_name="normalized", inputs=files)
        if not quiet:
            click.echo(L("norm_wrote", n=fmt_int(len(frame), lang), cols=len(NORMALIZED_COLUMNS),
                         path=output), err=True)
            _ambiguity_hint(frame, L)
        return
    _summary(frame, L)
    if not quiet:
        _ambiguity_hint(frame, L)
        click.echo(L("norm_nothing"), err=True)


def _ambiguity_hint(frame, L: Labels) -> None:
    """Say which files/sheets left day and month undecided (on stderr)."""
    from dptclean.cli.output import plain_text

    status = frame[schema.TANGGAL_LAHIR_STATUS].astype("string")
    amb = (status == "ambiguous").fillna(False)
    if not amb.any():
        return
    where = frame.loc[amb.to_numpy(), schema.SOURCE_FILE].astype("string").fillna("?") \
        if schema.SOURCE_FILE in frame.columns else None
    files = ", ".join(sorted(set(where.tolist())))[:200] if where is not None else "the input"
    click.echo(L("norm_ambiguous", n=fmt_int(int(amb.sum()), L.lang), files=plain_text(files)), err=True)


def _summary(frame, L: Labels) -> None:
    from rich.table import Table

    from dptclean.cli.output import console, data_text

    out = console()
    out.print(L("norm_records", n=fmt_int(len(frame), L.lang)))
    for col, title in ((schema.NIK_STATUS, "NIK"), (schema.NKK_STATUS, "NKK"),
                       (schema.TANGGAL_LAHIR_STATUS, "TANGGAL LAHIR"),
                       (schema.JENIS_KELAMIN_NORM, "JENIS KELAMIN"),
                       (schema.STATUS_KAWIN_NORM, "STATUS KAWIN"), (schema.TMS, "TMS")):
        counts = frame[col].astype("string").fillna(L("norm_none")).value_counts()
        table = Table(title=title, title_justify="left")
        table.add_column(col if L.lang == "en" else f"status ({col})")
        table.add_column(L("col_records"), justify="right")
        for value, n in counts.items():
            table.add_row(data_text(status_text(str(value), L.lang)), fmt_int(n, L.lang))
        out.print(table)
