"""The bar charts' axis: rates all 0 (no DPK list, a clean list) and very small rates give
ticks that differ, not five ticks all written "0%"."""

from __future__ import annotations

import re

import pytest

from dptclean.report.html import bar_chart_svg


def _ticks(svg: str) -> list[str]:
    return re.findall(r'text-anchor="middle" fill="#555">([^<]*)</text>', svg)


@pytest.mark.parametrize("values, average", [
    ([0.0, 0.0], 0.0),            # no DPK records: every DPK rate is 0
    ([0.0001, 0.00005], 0.00008),  # 1 in 10,000 (0.01%) in a big regency
])
def test_ticks_are_distinct(values, average):
    items = [(f"DESA {i}", v) for i, v in enumerate(values)]
    ticks = _ticks(bar_chart_svg(items, "t", "#000", average, "id"))
    assert len(ticks) == 6 and len(set(ticks)) == 6, ticks
    assert ticks[0] == "0%"


def test_zero_rates_get_an_axis_to_one_percent():
    ticks = _ticks(bar_chart_svg([("A", 0.0)], "t", "#000", 0.0, "en"))
    assert ticks == ["0%", "0.2%", "0.4%", "0.6%", "0.8%", "1%"]


def test_dpk_rate_without_dpk_records_says_so(tmp_path):
    """An auditor must not read 0,00% DPK as measured when no DPK list was given."""
    from dptclean.report.html import render_html
    from dptclean.report.i18n import labels
    from dptclean.report.sections import build_content
    from dptclean.run import run_dedupe

    f = tmp_path / "dpt.csv"
    f.write_text("NIK,NAMA,TANGGAL LAHIR,KECAMATAN\n3320014107800001,SITI,01-07-1980,MAYONG\n"
                 "3320011203750003,SUPARNO,12-03-1975,MAYONG\n")
    run = run_dedupe([str(f)])
    for lang in ("id", "en"):
        page = render_html(build_content(run.report, run.norm, run.result, lang=lang,
                                         generated_at="2026-01-02 03:04:05 UTC"))
        assert labels(lang)("kpi_no_dpk") in page
