"""dptclean report: render a saved dedupe result (dedupe --save) without matching again."""

from __future__ import annotations

import os

import click

from dptclean.cli.localised import DptcleanCommand
from dptclean.cli.options import header_from, header_options, lang_option, quiet_option, show_nik_option
from dptclean.errors import ConfigError
from dptclean.report.i18n import labels

FORMATS = {".html": "html", ".htm": "html", ".xlsx": "xlsx", ".md": "markdown",
           ".markdown": "markdown", ".json": "json"}


def report_format(path: str) -> str:
    """The report format named by the output's extension."""
    ext = os.path.splitext(path)[1].lower()
    if ext not in FORMATS:
        raise ConfigError(key="report_format_unknown", params={"path": path, "ext": ext or "-"})
    return FORMATS[ext]


@click.command("report", cls=DptcleanCommand)
@click.argument("result_dir", metavar="RESULT_DIR")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write the report to FILE; the format comes from the extension: .html "
                   "(self-contained page with charts), .xlsx (workbook ready to print), .md or "
                   ".json. Default: print it in the terminal.")
@lang_option
@show_nik_option(
              help="Show full NIK, NKK and birth dates (masked by default).")
@click.option("--timestamp", is_flag=True,
              help="Add the time the report was made to a JSON report (human reports always "
                   "state it; JSON stays byte-reproducible without this flag).")
@header_options
@quiet_option
def report_cmd(result_dir: str, output: str | None, lang: str, show_nik: bool,
               timestamp: bool, quiet: bool, **kwargs: str | None) -> None:
    """Render a saved dedupe result as HTML, XLSX, Markdown, JSON or in the terminal.

    RESULT_DIR is a directory written by `dptclean dedupe ... --save RESULT_DIR`; nothing is
    matched again. Every report states its evidence: the input files with size and SHA-256,
    the row accounting, the matching configuration and the tool version. NIK, NKK and birth
    dates are masked unless --show-nik is given. Times are in WIB (Asia/Jakarta). The title
    block (--judul, --wilayah, --tahapan, --nomor-ba) defaults to what `dedupe` saved.
    """
    from dptclean.io.writers import check_not_input, write_json
    from dptclean.report.result import load_result
    from dptclean.report.sections import build_content, now_wib, now_wib_iso

    fmt = report_format(output) if output else "terminal"
    header = header_from(kwargs)
    saved = load_result(result_dir)
    header = {**(saved.report.get("header") or {}), **header}
    if output:
        inside = [os.path.join(result_dir, name) for name in os.listdir(result_dir)]
        check_not_input(output, inside + [p.get("path") for p in saved.report.get("inputs", [])
                                          if isinstance(p.get("path"), str)])
    if fmt == "json":
        data = dict(saved.report)
        if header:
            data["header"] = header
        if timestamp:
            data["generated_at"] = now_wib_iso()
        write_json(data, output)  # type: ignore[arg-type]
    else:
        content = build_content(saved.report, saved.records, saved.result, lang=lang,
                                show_nik=show_nik, generated_at=now_wib(), header=header,
                                original_columns=saved.original_columns,
                                source=os.path.basename(os.path.abspath(result_dir)))
        if fmt == "terminal":
            from dptclean.cli.output import console
            from dptclean.report.terminal import render_report

            render_report(content, console())
            return
        if fmt == "html":
            from dptclean.report.html import render_html

            _write_text(render_html(content), output)  # type: ignore[arg-type]
        elif fmt == "markdown":
            from dptclean.report.markdown import render_markdown

            _write_text(render_markdown(content), output)  # type: ignore[arg-type]
        else:
            from dptclean.report.xlsx import write_report_xlsx

            write_report_xlsx(content, output)  # type: ignore[arg-type]
    if not quiet:
        click.echo(labels(lang)("report_wrote", fmt=fmt.upper(), path=output), err=True)


def _write_text(text: str, path: str) -> None:
    from dptclean.io.writers import atomic_path

    with atomic_path(path) as tmp:
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
