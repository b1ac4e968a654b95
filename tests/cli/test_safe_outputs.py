"""Issue 18: never delete what dptclean did not write, never leak what it masks, never run
what it reads. Each test failed before the fix it covers (see docs/reliability.md)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest

from tests.builders import SMALL_HEADER, SMALL_ROWS, write_lists
from tests.builders import run_cli as run

HEADER, ROWS = SMALL_HEADER, SMALL_ROWS
DPK = HEADER + "1,3320015505900001,,SRI WAHYUNI,KUDUS,15-05-1990,P,DUKUH KRAJAN,001,002,WELAHAN,BUGO\n"
FULL_NIK = re.compile(r"\d{16}")
FULL_DATE = re.compile(r"\b\d\d-\d\d-(19|20)\d\d\b|\b(19|20)\d\d-\d\d-\d\d\b")


@pytest.fixture
def files(tmp_path):
    return write_lists(tmp_path, HEADER, ROWS, DPK)


def _leaks(text: str) -> list[str]:
    return [m.group(0) for m in FULL_NIK.finditer(text)] + \
        [m.group(0) for m in FULL_DATE.finditer(text)]


# --- 1. data loss -----------------------------------------------------------------------------

def test_save_refuses_a_result_directory_holding_other_files(files, tmp_path):
    dpt, _ = files
    hasil = tmp_path / "hasil"
    assert run("dedupe", dpt, "--save", hasil, "-q").exit_code == 0
    # a rerun over its own result replaces it
    assert run("dedupe", dpt, "--save", hasil, "-q").exit_code == 0
    # the operator keeps the filled decisions file and the HTML report beside the result
    (hasil / "keputusan.xlsx").write_bytes(b"operator's work")
    (hasil / "laporan.html").write_text("<p>BA</p>")
    before = sorted(os.listdir(hasil))
    res = run("dedupe", dpt, "--save", hasil, "-q")
    assert res.exit_code == 4, res.output
    assert "keputusan.xlsx" in res.stderr and "nothing was deleted" in res.stderr
    assert sorted(os.listdir(hasil)) == before
    assert (hasil / "keputusan.xlsx").read_bytes() == b"operator's work"


def test_save_refuses_a_folder_dptclean_did_not_write(files, tmp_path):
    dpt, _ = files
    folder = tmp_path / "kerja"
    folder.mkdir()
    # a web project's manifest.json is not a dptclean result
    (folder / "manifest.json").write_text('{"name": "kpu-app"}')
    (folder / "dpt_copy.csv").write_bytes(dpt.read_bytes())
    res = run("dedupe", dpt, "--save", folder, "-q")
    assert res.exit_code == 4
    assert sorted(os.listdir(folder)) == ["dpt_copy.csv", "manifest.json"]
    assert not [n for n in os.listdir(tmp_path) if n.startswith(".dptclean")]


def test_split_replaces_its_own_files_and_refuses_a_foreign_directory(tmp_path):
    both = tmp_path / "both.csv"
    both.write_text(HEADER + "\n".join(ROWS) + "\n")
    one = tmp_path / "one.csv"
    one.write_text(HEADER + "\n".join(r for r in ROWS if r.endswith("BUGO")) + "\n")
    out = tmp_path / "kerja"
    assert run("split", both, "--by", "kecamatan", "-o", out, "--format", "csv",
               "-q").exit_code == 0
    assert {"MAYONG.csv", "WELAHAN.csv", "index.csv"} <= set(os.listdir(out))
    # the second split has no MAYONG: its stale file of the first run goes
    assert run("split", one, "--by", "kecamatan", "-o", out, "--format", "csv",
               "-q").exit_code == 0
    assert "MAYONG.csv" not in os.listdir(out)
    index = pd.read_csv(out / "index.csv")
    assert index["file"].tolist() == ["WELAHAN.csv"]
    # a file the split did not write: refused, nothing written or removed
    (out / "catatan.txt").write_text("notes")
    before = {n: (out / n).read_bytes() for n in os.listdir(out)}
    res = run("split", both, "--by", "kecamatan", "-o", out, "--format", "csv", "-q")
    assert res.exit_code == 4 and "catatan.txt" in res.stderr
    assert {n: (out / n).read_bytes() for n in os.listdir(out)} == before
    # a folder of someone else's files
    other = tmp_path / "lain"
    other.mkdir()
    (other / "WELAHAN.csv").write_text("someone's file")
    assert run("split", both, "--by", "kecamatan", "-o", other, "-q").exit_code == 4
    assert (other / "WELAHAN.csv").read_text() == "someone's file"


def test_two_outputs_to_one_path_are_refused(files, tmp_path):
    dpt, dpk = files
    same = tmp_path / "out.csv"
    res = run("dedupe", dpt, "--dpk", dpk, "-o", same, "--dpk-output", same, "-q")
    assert res.exit_code == 4 and "same file" in res.stderr
    assert not same.exists()


# --- 2. keyed fingerprints --------------------------------------------------------------------

def _legacy(nik: str, nama: str, dob: str) -> str:
    return hashlib.sha256(f"{nik}|{nama}|{dob}".encode()).hexdigest()[:16]


def test_fingerprints_are_keyed_stable_and_the_key_stays_out(files, tmp_path, monkeypatch):
    dpt, _ = files
    key = tmp_path / "kantor.key"
    for name in ("a.csv", "b.csv"):
        assert run("dedupe", dpt, "-o", tmp_path / name, "--key-file", key,
                   "-q").exit_code == 0
    a, b = pd.read_csv(tmp_path / "a.csv", dtype=str), pd.read_csv(tmp_path / "b.csv", dtype=str)
    assert a["fingerprint"].tolist() == b["fingerprint"].tolist()   # stable across runs
    assert key.stat().st_mode & 0o777 == 0o600
    secret = key.read_text().strip()
    assert secret not in (tmp_path / "a.csv").read_text()
    # no fingerprint is the unkeyed hash of any record's NIK, name and date
    unkeyed = {_legacy(r.split(",")[1], n, d) for r in ROWS
               for n in (r.split(",")[3], r.split(",")[3].replace("HJ. ", ""))
               for d in ("1980-07-01", "1975-03-12", "1990-05-15", "1960-10-10")}
    fps = set(a["fingerprint"])
    assert not {fp.split("-")[-1] for fp in fps} & unkeyed
    assert all(re.fullmatch(r"[0-9a-f]{4}-[0-9a-f]{16}", fp) for fp in fps)
    # another key: other fingerprints
    assert run("dedupe", dpt, "-o", tmp_path / "c.csv", "--key-file", tmp_path / "other.key",
               "-q").exit_code == 0
    c = pd.read_csv(tmp_path / "c.csv", dtype=str)
    assert not set(c["fingerprint"]) & fps


def test_a_key_is_needed_only_when_fingerprints_are_written(files, tmp_path, monkeypatch):
    dpt, _ = files
    blocked = tmp_path / "not-a-dir"
    blocked.write_text("a file where the key's directory would be")
    monkeypatch.setenv("DPTCLEAN_KEY_FILE", str(blocked / "fingerprint.key"))
    res = run("dedupe", dpt, "--format", "json")   # CI: figures only, no groups file
    assert res.exit_code == 0, res.output
    res = run("dedupe", dpt, "-o", tmp_path / "g.csv", "-q")
    assert res.exit_code == 2 and "cannot create the fingerprint key" in res.stderr
    assert not (tmp_path / "g.csv").exists()


def test_decisions_with_old_fingerprints_are_recognised_another_key_refused(files, tmp_path):
    dpt, _ = files
    key = tmp_path / "kantor.key"
    out = tmp_path / "groups.csv"
    assert run("dedupe", dpt, "-o", out, "--key-file", key, "-q", "--show-nik").exit_code == 0
    g = pd.read_csv(out, dtype=str, keep_default_na=False)
    g["decision"] = ["not_duplicate" if gid == g["group_id"].iloc[0] else ""
                     for gid in g["group_id"]]
    # the same file as an older dptclean wrote it: unkeyed fingerprints
    from dptclean import schema
    from dptclean.io.readers import load_voters
    from dptclean.normalize import normalize_voters

    norm = normalize_voters(load_voters([str(dpt)]).frame)
    text = (norm[schema.NIK_NORM].astype("string").fillna("") + "|"
            + norm[schema.NAMA_NORM].astype("string").fillna("") + "|"
            + norm[schema.TANGGAL_LAHIR_NORM].astype("string").fillna(""))
    by_row = dict(zip(norm[schema.ROW].astype(str), text))
    g["fingerprint"] = [hashlib.sha256(by_row[k.split("|")[-1]].encode()).hexdigest()[:16]
                        for k in g["record_key"]]
    old = tmp_path / "old_decisions.csv"
    g.to_csv(old, index=False)
    res = run("dedupe", dpt, "--decisions", old, "--key-file", key, "--format", "json")
    assert res.exit_code == 0, res.output
    review = json.loads(res.stdout)["review"]
    assert review["not_found"] == 0 and review["rejected_pairs_removed"] >= 1, review
    # a decisions file made under another office's key: one line, exit 3
    keyed = tmp_path / "decisions.csv"
    g.assign(fingerprint=pd.read_csv(out, dtype=str)["fingerprint"]).to_csv(keyed, index=False)
    ok = run("dedupe", dpt, "--decisions", keyed, "--key-file", key, "-q")
    assert ok.exit_code == 0, ok.stderr
    res = run("dedupe", dpt, "--decisions", keyed, "--key-file", tmp_path / "other.key", "-q")
    assert res.exit_code == 3
    assert "another fingerprint key" in res.stderr and len(res.stderr.splitlines()) == 1


# --- 3. masking every column that holds a NIK or a date ---------------------------------------

def test_masked_outputs_mask_unknown_and_second_id_columns(tmp_path):
    header = HEADER.rstrip("\n") + ",NO KTP,NOMOR IDENTITAS,CATATAN,TGL DAFTAR\n"
    rows = [r + f",{r.split(',')[1]},{r.split(',')[1]},pindahan NIK {r.split(',')[1]} "
                f"lahir {r.split(',')[5]},02-01-2024" for r in ROWS]
    dpt = tmp_path / "dpt.csv"
    dpt.write_text(header + "\n".join(rows) + "\n")
    out = tmp_path / "groups.csv"
    res = run("dedupe", dpt, "-o", out, "-q")
    assert res.exit_code == 0, res.output
    text = out.read_text()
    assert "NO KTP" in text and "CATATAN" in text
    assert _leaks(text) == []
    # a normalize -o output (written with --show-nik) read again: its normalised columns too
    norm = tmp_path / "norm.csv"
    assert run("normalize", dpt, "-o", norm, "--show-nik", "-q").exit_code == 0
    assert _leaks(norm.read_text())  # full values, as asked
    out2 = tmp_path / "groups2.csv"
    assert run("dedupe", norm, "-o", out2, "-q").exit_code == 0
    assert "nik_norm" in out2.read_text()
    assert _leaks(out2.read_text()) == []


# --- 4. masking policy ------------------------------------------------------------------------

def test_split_and_normalize_mask_by_default(tmp_path):
    dpt = tmp_path / "dpt.csv"
    dpt.write_text(HEADER + "\n".join(ROWS) + "\n")
    assert run("split", dpt, "--by", "kecamatan", "-o", tmp_path / "w", "--format", "csv",
               "-q").exit_code == 0
    work = (tmp_path / "w" / "WELAHAN.csv").read_text()
    assert "3320**********01" in work and _leaks(work) == []
    assert run("split", dpt, "--by", "kecamatan", "-o", tmp_path / "full", "--format", "csv",
               "--show-nik", "-q").exit_code == 0
    assert "3320014107800001" in (tmp_path / "full" / "WELAHAN.csv").read_text()
    assert run("normalize", dpt, "-o", tmp_path / "n.csv", "-q").exit_code == 0
    assert _leaks((tmp_path / "n.csv").read_text()) == []
    assert run("normalize", dpt, "-o", tmp_path / "n.parquet", "-q").exit_code == 0
    frame = pd.read_parquet(tmp_path / "n.parquet")
    assert _leaks(frame.astype(str).to_csv()) == []


def test_masked_findings_still_say_what_is_wrong(tmp_path):
    dpt = tmp_path / "dpt.csv"
    dpt.write_text(HEADER
                   + "1,3320014107800001,3320010101100001,SITI AMINAH,JEPARA,04-07-1980,P,X,1,2,A,B\n"
                   + "2,3320013112750003,3320010101100002,MUHAMMAD,JEPARA,31-12-1975,L,X,1,2,A,B\n")
    res = run("validate", dpt, "--format", "csv", "--election-date", "2024-02-14")
    assert res.exit_code == 0, res.output
    table = pd.read_csv(pd.io.common.StringIO(res.stdout), dtype=str)
    assert _leaks(res.stdout) == []
    mismatch = table.loc[table["code"] == "NIK_DOB_MISMATCH", "message"].iloc[0]
    assert mismatch.endswith("NIK: 3 day(s) apart (day differs)"), mismatch
    placeholder = table.loc[table["code"] == "DOB_PLACEHOLDER", "message"].iloc[0]
    assert placeholder.startswith("placeholder birthday"), placeholder
    # which placeholder is not said: 31 Dec with the year (1975), the sex (L) and the district
    # in the same row rebuilt the masked NIK 3320**********03 as 3320013112750003
    assert "31 Dec" not in placeholder.replace("(31 Dec, 1 Jul or 1 Jan)", ""), placeholder
    assert not any("3112" in str(v) for v in table.to_numpy().ravel()), table


# --- 5. errors never print personal data ------------------------------------------------------

@pytest.mark.parametrize("command", [["validate", "-q"],
                                     ["check", "--max-duplicate-rate", "1%"],
                                     ["dedupe", "-q"]])
def test_a_wrong_header_row_prints_no_voter_data(files, command):
    dpt, _ = files
    res = run(*command[:1], dpt, "--header-row", "3", *command[1:])
    assert res.exit_code == 3, res.output
    assert len(res.stderr.splitlines()) == 1
    assert _leaks(res.stderr) == []
    assert "MUHAMMAD" not in res.stderr and "SUPARNO" not in res.stderr
    assert "--header-row" in res.stderr
    res = run(*command[:1], dpt, "--header-row", "3", "--map", "nama=NAMA PEMILIH",
              *command[1:])
    assert res.exit_code == 3 and _leaks(res.stderr) == [] and "SUPARNO" not in res.stderr


# --- 6. Markdown --------------------------------------------------------------------------------

HOSTILE = ["<script>alert(1)</script>", "![x](http://evil.example/p.png)",
           "[klik](javascript:alert(1))", "<img src=x onerror=alert(1)>", "**tebal** | pipa"]


def _hostile_lists(tmp_path: Path) -> tuple[Path, Path]:
    rows = []
    for i, name in enumerate(HOSTILE):
        nik = f"33200141078{i + 1:05d}"
        for k in (0, 1):
            rows.append(f'{2 * i + k + 1},{nik},,"{name}",JEPARA,01-07-1980,P,'
                        f'"<b>ALAMAT</b>",001,002,"<i>KEC</i>","[DESA](http://x)"')
    path = tmp_path / "dpt <b>x<b>.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n")
    return path, tmp_path / "hasil"


def test_markdown_report_renders_no_html_links_or_images(tmp_path):
    from markdown_it import MarkdownIt

    dpt, hasil = _hostile_lists(tmp_path)
    assert run("dedupe", dpt, "--save", hasil, "-q").exit_code == 0
    assert run("report", hasil, "-o", tmp_path / "r.md", "-q").exit_code == 0
    text = (tmp_path / "r.md").read_text()
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(text)
    assert "<script" not in html and "<img" not in html and "<a " not in html
    assert "<b>" not in html and "<i>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html   # shown, as text
    assert "**tebal** | pipa" in html.replace("\u2060", "")


# --- 7. formula injection on stdout -------------------------------------------------------------

def test_csv_on_stdout_neutralises_formulas(tmp_path):
    dpt = tmp_path / "dpt.csv"
    dpt.write_text(HEADER + "1,3320014107800001,,=HYPERLINK(\"http://x\"),JEPARA,"
                   "01-01-2030,P,X,1,2,A,B\n")
    res = run("validate", dpt, "--format", "csv")
    assert res.exit_code == 0, res.output
    assert "'=HYPERLINK" in res.stdout
    assert not re.search(r'(^|,)"?=HYPERLINK', res.stdout, re.M)


# --- 8. interrupted runs ------------------------------------------------------------------------

_SLOW_WRITER = textwrap.dedent("""
    import sys, time, pathlib
    import dptclean.io.writers as writers
    original = writers.write_csv

    def slow(frame, path, *a, **k):
        original(frame, path, *a, **k)
        pathlib.Path(sys.argv[1]).write_text(str(path))
        time.sleep(60)

    writers.write_csv = slow
    from dptclean.cli import main
    main(sys.argv[2:], prog_name="dptclean")
""")


def test_sigterm_mid_write_leaves_no_partial_file(files, tmp_path):
    dpt, _ = files
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    ready = tmp_path / "ready"
    script = tmp_path / "slow.py"
    script.write_text(_SLOW_WRITER)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    proc = subprocess.Popen([sys.executable, str(script), str(ready), "normalize", str(dpt),
                             "-o", str(out_dir / "n.csv"), "--show-nik", "-q"],
                            stderr=subprocess.PIPE, env=env, cwd=str(Path.cwd()))
    try:
        deadline = time.monotonic() + 120
        while not ready.exists():
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            assert time.monotonic() < deadline
            time.sleep(0.05)
        partial = Path(ready.read_text())
        assert partial.name.startswith(".dptclean-") and partial.exists()
        assert partial.stat().st_mode & 0o077 == 0      # private while it is being written
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 143, err
    assert b"dptclean: terminated" in err
    assert os.listdir(out_dir) == []


def test_rerun_keeps_the_mode_of_the_file_it_replaces(files, tmp_path):
    dpt, _ = files
    out = tmp_path / "n.csv"
    assert run("normalize", dpt, "-o", out, "-q").exit_code == 0
    os.chmod(out, 0o600)
    assert run("normalize", dpt, "-o", out, "-q").exit_code == 0
    assert out.stat().st_mode & 0o777 == 0o600
    hasil = tmp_path / "hasil"
    assert run("dedupe", dpt, "--save", hasil, "-q").exit_code == 0
    os.chmod(hasil, 0o700)
    assert run("dedupe", dpt, "--save", hasil, "-q").exit_code == 0
    assert hasil.stat().st_mode & 0o777 == 0o700


# --- 9. terminal injection --------------------------------------------------------------------

def test_names_and_file_names_reach_the_terminal_as_text(tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "400")  # a long temporary path is not wrapped
    name = "SITI \x1b]0;owned\x07[link=http://evil.example]AMINAH[/link] \x1b[8m"
    rows = [f'{k},3320014107800001,,"{name}",JEPARA,01-07-1980,P,X,1,2,"[red]WELAHAN[/red]",B'
            for k in (1, 2)]
    dpt = tmp_path / "dpt [revisi].csv"
    dpt.write_text(HEADER + "\n".join(rows) + "\n")
    res = run("dedupe", dpt)
    assert res.exit_code == 0, res.output
    assert "\x1b" not in res.stdout and "\x07" not in res.stdout
    assert "[link=http://evil.example]AMINAH[/link]" in res.stdout
    assert "\\x1b]0;owned\\x07" in res.stdout
    res = run("inspect", dpt, "--verbose")  # (the summary table may wrap a long path)
    assert res.exit_code == 0 and "[revisi].csv" in res.stdout
    hasil = tmp_path / "hasil"
    assert run("dedupe", dpt, "--save", hasil, "-q").exit_code == 0
    res = run("report", hasil)
    assert res.exit_code == 0
    assert "\x1b" not in res.stdout and "dpt [revisi].csv" in res.stdout
    assert "[RED]WELAHAN[/RED]" in res.stdout


# --- 10. evidence that checks itself ----------------------------------------------------------

def test_an_edited_and_rehashed_report_is_refused(files, tmp_path):
    dpt, _ = files
    hasil = tmp_path / "hasil"
    assert run("dedupe", dpt, "--save", hasil, "-q").exit_code == 0
    report = json.loads((hasil / "report.json").read_text())
    assert report["duplicates"]["groups"] >= 1
    report["duplicates"]["groups"] = 0
    (hasil / "report.json").write_text(json.dumps(report))
    manifest = json.loads((hasil / "manifest.json").read_text())
    manifest["files"]["report.json"]["sha256"] = hashlib.sha256(
        (hasil / "report.json").read_bytes()).hexdigest()
    (hasil / "manifest.json").write_text(json.dumps(manifest))
    for args in ([], ["-o", tmp_path / "r.md"], ["-o", tmp_path / "r.json"]):
        res = run("report", hasil, *args)
        assert res.exit_code == 3, res.output
        assert "duplicates.groups" in res.stderr and "changed after it was saved" in res.stderr
    assert not (tmp_path / "r.md").exists()


def test_the_console_shows_control_characters_it_is_handed():
    """The last line of defence: data printed without data_text still sends no ESC."""
    from rich.table import Table

    from dptclean.cli.output import console

    out = console()
    with out.capture() as captured:
        table = Table()
        table.add_column("nama")
        table.add_row("SITI\x1b]0;owned\x07 \x9b31m")
        out.print(table)
        out.print("BUDI\x1b[8m", markup=False)
    text = captured.get()
    assert "\x1b" not in text and "\x9b" not in text and "\\x1b" in text


def test_mask_frame_covers_numbers_dates_and_categories():
    from dptclean.report.privacy import mask_frame

    frame = pd.DataFrame({
        "nik": [3320014107800001, None],                          # read as a number
        "TGL DAFTAR": pd.to_datetime(["2024-01-02", None]),         # a date cell
        "kode": pd.Categorical(["3320014107800001", "B"]),
        "catatan": ["lahir 1 Juli 1980, KK 3320010101100001", "-"],
        "usia": [30, 40], "tms": [True, False],
        "fingerprint": ["1234567890123456", "x"], "row": [2, 3],
    })
    out = mask_frame(frame)
    assert _leaks(out.astype(str).to_csv()) == ["1234567890123456"]   # the key column only
    assert out["catatan"].iloc[0] == "lahir **-**-1980, KK 3320**********01"
    assert out["usia"].tolist() == [30, 40] and out["row"].tolist() == [2, 3]
    assert out["TGL DAFTAR"].iloc[0] == "**-**-2024"
