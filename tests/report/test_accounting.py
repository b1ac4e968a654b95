"""Row accounting closes: rows read = DPT active + DPT TMS + DPK active + DPK TMS + skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from dptclean.report.i18n import labels
from dptclean.report.sections import accounting_text, build_content
from dptclean.run import run_dedupe
from tests.builders import kpu_sheet, voter, write_xlsx

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"


def _closes(rows: dict) -> None:
    counted = rows["records"]
    assert rows["closes"] is True
    assert rows["loaded"] == sum(counted.values())
    assert rows["read"] == sum(counted.values()) + sum(rows["skipped"].values())


def test_the_sample_accounting_closes_with_the_dpk_tms_row():
    report = run_dedupe([str(SAMPLE / "dpt_jepara_kpu.xlsx")],
                        [str(SAMPLE / "dpk_jepara.xlsx")]).report
    rows = report["rows"]
    _closes(rows)
    # 2,100 records read: 1,994 + 6 TMS in the DPT, 99 + 1 TMS in the DPK (the row that
    # used to disappear from the figures)
    assert rows["loaded"] == 2100
    assert rows["records"] == {"dpt": 1994, "dpt_tms": 6, "dpk": 99, "dpk_tms": 1}
    assert report["dpk"]["tms_excluded"] == 1


def test_awkward_workbooks_account_for_every_row(tmp_path):
    dpt_rows = [voter(i) for i in range(12)]
    dpt_rows[3] = voter(3, KETERANGAN="TMS 1")
    dpt_rows[7] = voter(7, KETERANGAN="TMS 4")
    desa_a = kpu_sheet(dpt_rows[:6], desa="BUGO")
    desa_b = kpu_sheet(dpt_rows[6:], desa="KALIPUCANG")
    desa_b.insert(9, [])                      # a blank row between records
    dpt = write_xlsx(tmp_path / "dpt.xlsx", {"BUGO": desa_a, "KALIPUCANG": desa_b})
    dpk_rows = [voter(20), voter(21, KETERANGAN="TMS 1"), voter(22, KETERANGAN="TMS 2")]
    dpk = write_xlsx(tmp_path / "dpk.xlsx", {"DPK": kpu_sheet(dpk_rows, column_numbers=False,
                                                          title="DAFTAR PEMILIH KHUSUS")})
    rows = run_dedupe([str(dpt)], [str(dpk)]).report["rows"]
    _closes(rows)
    assert rows["records"] == {"dpt": 10, "dpt_tms": 2, "dpk": 1, "dpk_tms": 2}
    # every non-empty row the files hold is read: records + title/header/number/footer rows
    non_empty = sum(1 for sheet in (desa_a, desa_b) for r in sheet if r) + \
        sum(1 for r in kpu_sheet(dpk_rows, column_numbers=False) if r)
    assert rows["read"] - rows["skipped"].get("blank", 0) == non_empty


@pytest.mark.parametrize("lang, words", [("id", "baris dibaca"), ("en", "rows read")])
def test_every_human_report_shows_the_identity(lang, words):
    report = {"rows": {"read": 20, "loaded": 15, "closes": True, "skipped": {"title": 5},
                       "records": {"dpt": 10, "dpt_tms": 2, "dpk": 2, "dpk_tms": 1}},
              "dpt": {"records": 10, "tms_excluded": 2},
              "duplicates": {"groups": 0, "records": 0, "redundant": 0, "rate": 0.0},
              "dpk": {"records": 2, "rate": 0.2, "in_dpt": 0, "denominator": "dpt"}}
    text = accounting_text(report, labels(lang))
    assert text.startswith(f"20 {words} = DPT 10 + DPT TMS 2 + DPK 2 + DPK TMS 1 + ")
    c = build_content(report, lang=lang)
    assert (labels(lang)("rows"), text) in c.summary_rows()
    assert (labels(lang)("rows"), text) in c.row_accounting()
    report["rows"]["closes"] = False
    assert "bug" in accounting_text(report, labels(lang))
