"""Possible duplicates in the operator's hands (ux review): a possible member is proposed for
factual verification, never for TMS; the review workbook keeps possible rows apart (after the
sure groups, shaded, counted on a summary sheet) and offers "verifikasi faktual" as a
decision; the HTML headline shows the possible rate next to the sure one, labelled apart."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import numpy as np
import openpyxl
import pandas as pd
import pytest

from dptclean.decisions import decisions_from_table, parse_decision
from dptclean.match.features import build_features
from dptclean.match.grouping import POSSIBLE_REASON, VERIFY_FIELD, groups_frame
from dptclean.normalize import normalize_voters
from dptclean.report.i18n import fmt_pct, labels
from dptclean.report.xlsx import review_figures, write_review_xlsx
from tests.builders import run_cli

# 0-1: one sure group (same NIK); 2-3: a possible group (namesakes, no NIK); 4: a possible
# member attached to the sure group
ROWS = [
    ("3320014107800001", "SITI AMINAH", "01-07-1980", "P"),
    ("3320014107800001", "SITI AMINAH", "01-07-1980", "P"),
    (None, "AHMAD FAUZI", "10-10-1960", "L"),
    (None, "AHMAD FAUZI", "10-10-1960", "L"),
    (None, "SITI AMINAH", "01-07-1980", "P"),
]


def _groups(sure: np.ndarray) -> pd.DataFrame:
    df = pd.DataFrame(ROWS, columns=["nik", "nama", "tanggal_lahir", "jenis_kelamin"],
                      dtype="string")
    df["list"] = "DPT"
    frame = normalize_voters(df)
    f = build_features(frame)
    pairs = pd.DataFrame({"left": [0, 2, 0], "right": [1, 3, 4], "score": [30.0, 6.0, 5.0],
                          "category": ["K1", "K3", "K3"], "reasons": ["r", "r", "r"],
                          "kind": ["DPT-DPT"] * 3})
    labels_ = np.array([0, 0, 2, 2, 0])
    return groups_frame(frame, f, labels_, pairs, sure).set_index("record")


def test_possible_members_are_sent_to_the_field_not_proposed_tms():
    g = _groups(np.array([True, True, False, False, False]))
    # the possible group: no keep, no removal, whatever the keep rule would prefer
    assert g.loc[[2, 3], "action"].tolist() == [VERIFY_FIELD, VERIFY_FIELD]
    assert g.loc[[2, 3], "keep_reason"].tolist() == [POSSIBLE_REASON] * 2
    # the possible member of a sure group too; the sure members keep their suggestion
    assert g.loc[4, "action"] == VERIFY_FIELD
    assert VERIFY_FIELD not in g.loc[[0, 1], "action"].tolist()
    # the figures still count k-1 redundant records per group
    assert int(g.loc[[2, 3], "redundant"].sum()) == 1


def test_sure_groups_keep_their_suggestions():
    g = _groups(np.ones(5, bool))
    assert VERIFY_FIELD not in g["action"].tolist()


@pytest.mark.parametrize("text", ["verifikasi faktual", "Verify in the field", "verify_field"])
def test_verifikasi_faktual_is_a_decision_that_decides_no_pair(text):
    assert parse_decision(text) == VERIFY_FIELD
    table = pd.DataFrame({"group_id": ["1", "1", "2", "2"], "fingerprint": ["a", "b", "c", "d"],
                          "record_key": ["f|s|1", "f|s|2", "f|s|3", "f|s|4"],
                          "decision": [text, "", text, "ganda"]})
    pairs = decisions_from_table(table)
    # group 1 is only sent to the field: no pair decision; group 2 is confirmed by its "ganda"
    assert pairs[["a_fp", "b_fp", "decision"]].values.tolist() == [["c", "d", "duplicate"]]
    # a row naming its other record: "verifikasi faktual" makes no pair decision either
    one = pd.DataFrame({"fingerprint": ["a"], "record_key": ["f|s|1"], "decision": [text],
                        "other_fingerprint": ["b"], "other_record_key": ["f|s|2"]})
    assert len(decisions_from_table(one)) == 0


def _review_table(n_sure_groups: int, n_possible_groups: int) -> pd.DataFrame:
    """A review table with the possible groups numbered between the sure ones (as the matcher
    numbers groups: by their first record)."""
    rows = []
    gid = 0
    for k in range(n_sure_groups + n_possible_groups):
        gid += 1
        possible = k % 2 == 1 and k // 2 < n_possible_groups
        for m in range(2):
            rows.append({"group_id": str(gid), "decision": None, "review": "new",
                         "action": VERIFY_FIELD if possible else ("keep" if m == 0 else "remove"),
                         "confidence": "possible" if possible else "sure",
                         "nama": f"NAMA {gid}", "fingerprint": f"fp{gid}-{m}",
                         "record_key": f"f|s|{gid * 2 + m}"})
    return pd.DataFrame(rows)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_review_workbook_keeps_possible_rows_apart(tmp_path, lang):
    table = _review_table(4, 3)
    out = tmp_path / "ganda.xlsx"
    write_review_xlsx(table, out, lang=lang)
    wb = openpyxl.load_workbook(out)
    i = ("id", "en").index(lang)
    assert wb.sheetnames == [("Kelompok ganda", "Duplicate groups")[i],
                             ("Ringkasan", "Summary")[i], ("Petunjuk", "How to")[i]]
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    conf = header.index(("Keyakinan", "Confidence")[i])
    act = header.index(("Usulan", "Suggestion")[i])
    values = [r for r in ws.iter_rows(min_row=2, values_only=True)]
    possible_label = ("mungkin: perlu verifikasi faktual", "possible")[i]
    kinds = [r[conf] for r in values]
    first_possible = kinds.index(possible_label)
    # every sure row comes before every possible row
    assert set(kinds[:first_possible]) == {("pasti", "sure")[i]}
    assert set(kinds[first_possible:]) == {possible_label}
    assert {r[act] for r in values[first_possible:]} == {("verifikasi faktual",
                                                         "verify in the field")[i]}
    # shaded by a rule on the confidence column (it follows the row when the operator sorts)
    rules = [rule for cf in ws.conditional_formatting for rule in cf.rules]
    assert any(possible_label in (rule.formula or [""])[0] for rule in rules)
    summary = {r[0]: r[1] for r in wb.worksheets[1].iter_rows(values_only=True) if r[0]}
    L = labels(lang)
    assert summary[L("poss_groups")] == 3 and summary[L("poss_records")] == 6
    assert [v for k, v in summary.items() if k.startswith(L("dup_groups"))] == [4]


def test_review_figures_count_a_possible_member_of_a_sure_group():
    table = pd.DataFrame({"group_id": ["1", "1", "1", "2", "2"],
                          "confidence": ["sure", "sure", "possible", "possible", "possible"]})
    assert review_figures(table) == {"sure_groups": 1, "sure_records": 2, "possible_groups": 1,
                                     "possible_records": 3, "carried_forward": 0}


def test_the_decision_dropdown_covers_every_data_row(tmp_path):
    table = _review_table(1300, 0)   # 2,600 rows: past the 1,000 rows a fixed range would cover
    out = tmp_path / "ganda.xlsx"
    write_review_xlsx(table, out, lang="en")
    ws = openpyxl.load_workbook(out).worksheets[0]
    [dv] = ws.data_validations.dataValidation
    col = [c.value for c in ws[1]].index("Decision") + 1
    last = ws.max_row
    assert last == 2601
    assert all(dv.sqref.__contains__(ws.cell(r, col).coordinate) for r in (2, 1001, 1002, last))
    assert "verify in the field" in dv.formula1 and "verifikasi faktual" in dv.formula1


@pytest.fixture(scope="module")
def masked_result(tmp_path_factory):
    """A saved result of a masked list (sure and possible groups)."""
    d = tmp_path_factory.mktemp("masked")
    assert run_cli("synth", d / "in", "--records", "2000", "--world", "masked-4", "--seed", "4",
                   "--layout", "csv", "-q").exit_code == 0
    [dpt] = sorted((d / "in").glob("dpt*.csv"))
    r = run_cli("dedupe", dpt, "--save", d / "hasil", "-q")
    assert r.exit_code == 0, r.output
    rep = json.loads((d / "hasil" / "report.json").read_text(encoding="utf-8"))
    assert rep["possible_duplicates"]["groups"] >= 2 and rep["duplicates"]["groups"] >= 2
    return d / "hasil", rep


@pytest.mark.parametrize("lang", ["id", "en"])
def test_report_workbook_lists_possible_groups_on_their_own_sheet(masked_result, tmp_path, lang):
    hasil, rep = masked_result
    out = tmp_path / "laporan.xlsx"
    assert run_cli("report", hasil, "-o", out, "--lang", lang, "-q").exit_code == 0
    wb = openpyxl.load_workbook(out)
    L = labels(lang)
    conf_of = {}
    for name, label in ((L("sheet_groups"), L("conf_sure")),
                        (L("sheet_possible"), L("conf_possible"))):
        ws = wb[name]
        header = [c.value for c in ws[1]]
        conf_of[name] = {r[header.index(L("confidence"))]
                         for r in ws.iter_rows(min_row=2, values_only=True)}
        groups = {r[header.index(L("group"))] for r in ws.iter_rows(min_row=2, values_only=True)}
        assert label in conf_of[name]
        if name == L("sheet_possible"):
            assert conf_of[name] == {L("conf_possible")}
            assert len(groups) == rep["possible_duplicates"]["groups"]
        else:
            assert len(groups) == rep["duplicates"]["groups"]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_html_headline_shows_the_possible_rate_apart(masked_result, tmp_path, lang):
    hasil, rep = masked_result
    out = tmp_path / "laporan.html"
    assert run_cli("report", hasil, "-o", out, "--lang", lang, "-q").exit_code == 0
    html = out.read_text(encoding="utf-8")
    head = html[html.index('<section class="kpis">'):]
    head = head[:head.index("</section>")]
    L = labels(lang)
    poss = re.search(r'<div class="kpi poss"><div class="v">([^<]*)</div>'
                     r'<div class="l">([^<]*)</div><div class="x">([^<]*)</div>', head)
    assert poss, head
    assert poss.group(1) == fmt_pct(rep["possible_duplicates"]["rate"], lang)
    assert poss.group(2) == L("kpi_poss_rate")
    assert ("tidak termasuk persentase ganda", "not in the duplicate rate")[
        ("id", "en").index(lang)] in poss.group(3)
    # the sure rate keeps its own box, labelled as the sure one (not the two summed)
    assert f'<div class="v">{fmt_pct(rep["duplicates"]["rate"], lang)}</div>' \
           f'<div class="l">{L("kpi_dup_rate")}</div>' in head


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PDFTOTEXT = shutil.which("pdftotext")


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None or PDFTOTEXT is None,
                    reason="chromium and pdftotext (poppler-utils) are needed")
def test_printed_group_titles_stay_with_their_table(tmp_path):
    """On paper a section title and its note never end a page with the table on the next one
    (seen: the possible section's title and note alone at the foot of a page)."""
    d = tmp_path / "in"
    assert run_cli("synth", d, "--records", "3000", "--world", "masked-4", "--seed", "4",
                   "-q").exit_code == 0
    assert run_cli("dedupe", *sorted(d.glob("dpt*.xlsx")), "--save", tmp_path / "hasil",
                   "-q").exit_code == 0
    html = tmp_path / "laporan.html"
    assert run_cli("report", tmp_path / "hasil", "-o", html, "-q", "--lang", "id").exit_code == 0
    pdf = tmp_path / "laporan.pdf"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                    f"--user-data-dir={tmp_path / 'profile'}", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", html.as_uri()], capture_output=True, timeout=180,
                   check=True)
    pages = subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout.split("\f")
    L = labels("id")
    for title, row_mark in ((L("groups_title"), "pasti"), (L("poss_title"), "mungkin: perlu")):
        [page] = [p for p in pages if " ".join(title.split()) in " ".join(p.split())]
        after = page[page.index(title.split()[0]):]
        assert row_mark in after, f"{title!r} ends its page without a row of its table"


def test_a_field_check_mark_and_its_note_survive_the_next_round(tmp_path, monkeypatch):
    """The operator fills the workbook in Excel (here openpyxl): 'verifikasi faktual' with a
    note on a possible record; the rerun with --decisions decides no pair for it and writes
    the mark and the note again in the next round's workbook."""
    monkeypatch.delenv("DPTCLEAN_LANG", raising=False)
    d = tmp_path / "in"
    assert run_cli("synth", d, "--records", "2000", "--world", "masked-4", "--seed", "4",
                   "--layout", "csv", "-q").exit_code == 0
    [dpt] = sorted(d.glob("dpt*.csv"))
    first = tmp_path / "ganda.xlsx"
    assert run_cli("dedupe", dpt, "-o", first, "-q").exit_code == 0
    wb = openpyxl.load_workbook(first)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    col = {h: header.index(h) + 1 for h in ("Kelompok", "Keputusan", "Catatan", "Keyakinan")}
    row = next(r for r in range(2, ws.max_row + 1)
               if ws.cell(r, col["Keyakinan"]).value == "mungkin: perlu verifikasi faktual")
    group = ws.cell(row, col["Kelompok"]).value
    ws.cell(row, col["Keputusan"], "verifikasi faktual")
    ws.cell(row, col["Catatan"], "dikirim ke PPS")
    filled = tmp_path / "ganda_diisi.xlsx"
    wb.save(filled)
    second = tmp_path / "ganda2.xlsx"
    r = run_cli("dedupe", dpt, "--decisions", filled, "-o", second, "-q")
    assert r.exit_code == 0, r.output
    rows = [r for r in openpyxl.load_workbook(second).worksheets[0].iter_rows(
        min_row=2, values_only=True)]
    marked = [r for r in rows if r[col["Keputusan"] - 1] == "verifikasi faktual"]
    assert len(marked) == 1 and marked[0][col["Catatan"] - 1] == "dikirim ke PPS"
    assert marked[0][col["Kelompok"] - 1] == group
    # it decided nothing: the group is still new, and no group was confirmed or rejected
    assert {r[col["Kelompok"] - 1] for r in rows} == {
        r[col["Kelompok"] - 1] for r in openpyxl.load_workbook(first).worksheets[0].iter_rows(
            min_row=2, values_only=True)}
