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
