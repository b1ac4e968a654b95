"""English left in Bahasa output (ux review): the keep reason of an operator's choice in the
review workbook, and two output errors an operator meets on a rerun (a result folder holding
their own file; -o naming the decisions file)."""

from __future__ import annotations

import pytest

from dptclean.messages import translate_text
from dptclean.report.reasons import keep_reason


def test_an_operators_keep_reads_in_bahasa():
    assert keep_reason("chosen by an operator: cek PPS 3 Des", "id") == \
        "dipilih oleh operator: cek PPS 3 Des"
    assert keep_reason("chosen by an operator", "en") == "chosen by an operator"


@pytest.mark.parametrize("english, bahasa", [
    ("exists and holds 1 file(s) besides the saved result ('catatan.xlsx'), which "
     "dptclean did not write; nothing was deleted: choose a new or empty directory, or move "
     "those files out",
     "sudah ada dan berisi 1 berkas selain hasil yang disimpan ('catatan.xlsx'), yang "
     "bukan tulisan dptclean; tidak ada yang dihapus: pilih folder baru atau kosong, atau "
     "pindahkan berkas itu"),
    ("ganda.xlsx: -o and --decisions ganda.xlsx name the same file; give each output its own "
     "name",
     "ganda.xlsx: -o dan --decisions ganda.xlsx menyebut berkas yang sama; beri setiap keluaran "
     "namanya sendiri"),
])
def test_rerun_output_errors_read_in_bahasa(english, bahasa):
    assert translate_text(english, "id") == bahasa


def test_dpk_output_workbook_is_for_people(tmp_path, monkeypatch):
    """`--dpk-output dpk.xlsx` was a sheet 'data' with snake_case headers and English reasons
    ('row 11', 'same NIK') in a Bahasa run; CSV stays the machine interface."""
    import openpyxl

    from tests.builders import KPU_HEADER, run_cli, voter, write_csv

    monkeypatch.delenv("DPTCLEAN_LANG", raising=False)
    dpt, dpk = tmp_path / "dpt.csv", tmp_path / "dpk.csv"
    write_csv(dpt, [KPU_HEADER] + [voter(i) for i in range(40)])
    write_csv(dpk, [KPU_HEADER, voter(7, ALAMAT="DUKUH BARU")])
    r = run_cli("dedupe", dpt, "--dpk", dpk, "--dpk-output", tmp_path / "dpk.xlsx", "-q")
    assert r.exit_code == 0, r.output
    wb = openpyxl.load_workbook(tmp_path / "dpk.xlsx")
    assert wb.sheetnames == ["DPK di DPT"]
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    assert rows[0][:4] == ("Data DPK", "Nama (DPK)", "Data DPT", "Nama (DPT)")
    assert rows[1][0].startswith("dpk.csv") and " baris " in rows[1][0]
    assert rows[1][-1].startswith("NIK sama")
    r = run_cli("dedupe", dpt, "--dpk", dpk, "--dpk-output", tmp_path / "dpk_out.csv", "-q")
    assert r.exit_code == 0
    assert (tmp_path / "dpk_out.csv").read_text(encoding="utf-8-sig").startswith("dpk_row,")
