"""A header one typo away from a known one ("TEMPT LAHIR", "JENS KELAMIN", "ALAMT") used to be
kept as an extra column without a word: the run then compared no birthplace, sex or address
and a copy without NIK could fall under the possible threshold. It is now named on stderr with
the --map that fixes it."""

from __future__ import annotations

from dptclean.schema import near_miss_headers
from tests.builders import run_cli as run

HEADER = "NO,NIK,NKK,NAMA,TEMPT LAHIR,TANGGAL LAHIR,JENS KELAMIN,ALAMT,KECAMATAN,DESA\n"
ROWS = [
    "1,3320014107800001,3320010101100001,SITI AMINAH,JEPARA,01-07-1980,P,DUKUH KRAJAN,WELAHAN,BUGO",
    "2,3320011203750003,3320010101100002,MUHAMMAD SUPARNO,JEPARA,12-03-1975,L,DUKUH LOR,MAYONG,"
    "PELEMKEREP",
]


def test_near_misses_are_named_with_their_map(tmp_path):
    path = tmp_path / "dpt typo.csv"
    path.write_text(HEADER + "\n".join(ROWS) + "\n")
    res = run("dedupe", path, "-q")
    assert res.exit_code == 0, res.output
    lines = [x for x in res.stderr.splitlines() if "not recognised" in x]
    assert len(lines) == 1, res.stderr
    line = lines[0]
    for header in ("'TEMPT LAHIR'", "'JENS KELAMIN'", "'ALAMT'"):
        assert header in line
    assert "--map tempat_lahir='TEMPT LAHIR'" in line and "--map alamat='ALAMT'" in line
    # with the maps given, the columns are read and nothing is said
    res = run("dedupe", path, "-q", "--map", "tempat_lahir=TEMPT LAHIR",
              "--map", "jenis_kelamin=JENS KELAMIN", "--map", "alamat=ALAMT")
    assert res.exit_code == 0 and "not recognised" not in res.stderr, res.stderr


def test_bahasa_note(tmp_path, monkeypatch):
    monkeypatch.delenv("DPTCLEAN_LANG", raising=False)
    path = tmp_path / "dpt.csv"
    path.write_text(HEADER + "\n".join(ROWS) + "\n")
    res = run("inspect", path, "-q")
    assert "tidak dikenali (salah ketik TEMPAT LAHIR, JENIS KELAMIN, ALAMAT?)" in res.stderr


def test_what_is_and_is_not_a_near_miss():
    found = near_miss_headers(["TEMPT LAHIR", "TANGAL LAHIR", "KECAMTAN", "NAMA IBU", "NIK IBU",
                               "NO HP", "AGAMA", "UPDATED_AT", "DPID", "EKTP", "SUMBER",
                               "ALAMAT KTP", "TPS ASAL", "NOMER"], ["alamat"])
    assert found == {"TEMPT LAHIR": "tempat_lahir", "TANGAL LAHIR": "tanggal_lahir",
                     "KECAMTAN": "kecamatan"}
    # a field the sheet already has is never suggested again
    assert near_miss_headers(["ALAMT"], ["alamat"]) == {}


def test_a_nama_typo_names_the_header_in_the_error(tmp_path):
    path = tmp_path / "dpt.csv"
    path.write_text(HEADER.replace("NAMA,", "NAMA PEMILH,") + "\n".join(ROWS) + "\n")
    res = run("dedupe", path, "-q")
    assert res.exit_code == 3
    assert "column 'NAMA PEMILH' looks like it (a typo?): use --map nama='NAMA PEMILH'" \
        in res.stderr, res.stderr
    res = run("dedupe", path, "-q", "--map", "nama=NAMA PEMILH")
    assert res.exit_code == 0, res.stderr
    # no near miss: the general hint, as before
    path.write_text(HEADER.replace("NAMA,", "PEMILIH,") + "\n".join(ROWS) + "\n")
    res = run("dedupe", path, "-q")
    assert res.exit_code == 3 and "use --map nama='Your Header'" in res.stderr, res.stderr
