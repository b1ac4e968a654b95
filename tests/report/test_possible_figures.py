"""Possible duplicates ("perlu verifikasi faktual", issue 17 item 3) in every human report:
the same four figures as the JSON report's ``possible_duplicates``, apart from the duplicate
figures, and the possible groups listed apart from the duplicate groups (persona review: a
masked list with only possible groups read "0 ganda, 0,00%" and then listed 19 groups under
"Daftar kelompok ganda", and the rendered reports had no possible figure at all)."""

from __future__ import annotations

import json
import re

import openpyxl
import pytest

from dptclean.report.i18n import fmt_int, fmt_pct, labels
from tests.builders import run_cli


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    """A masked list (NIK digits 7-16 and birth years hidden): sure and possible groups."""
    d = tmp_path_factory.mktemp("possible")
    r = run_cli("synth", d / "in", "--records", "3000", "--world", "masked-6-year",
                "--layout", "csv", "-q")
    assert r.exit_code == 0, r.output
    [dpt] = sorted((d / "in").glob("dpt*.csv"))
    r = run_cli("dedupe", dpt, "--save", d / "hasil", "-q")
    assert r.exit_code == 0, r.output
    report = json.loads((d / "hasil" / "report.json").read_text(encoding="utf-8"))
    assert report["possible_duplicates"]["groups"] >= 3 and report["duplicates"]["groups"] >= 3
    return d, report


def _figures(report, lang):
    L, p = labels(lang), report["possible_duplicates"]
    return [(L("poss_groups"), fmt_int(p["groups"], lang)),
            (L("poss_records"), fmt_int(p["records"], lang)),
            (L("poss_redundant"), fmt_int(p["redundant"], lang)),
            (L("poss_rate"), fmt_pct(p["rate"], lang))]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_markdown_and_html_quote_the_possible_figures_of_the_json(saved, tmp_path, lang):
    d, report = saved
    for ext in ("md", "html"):
        out = tmp_path / f"laporan.{ext}"
        r = run_cli("report", d / "hasil", "-o", out, "--lang", lang, "-q")
        assert r.exit_code == 0, r.output
        text = out.read_text(encoding="utf-8")
        for label, value in _figures(report, lang):
            if ext == "md":
                assert f"| {label} | {value} |" in text
            else:
                assert re.search(f"<th>{re.escape(label)}</th><td[^>]*>{re.escape(value)}</td>", text)


def test_the_groups_are_listed_apart_by_confidence(saved, tmp_path):
    d, report = saved
    out = tmp_path / "laporan.md"
    assert run_cli("report", d / "hasil", "-o", out, "--lang", "id", "-q").exit_code == 0
    text = out.read_text(encoding="utf-8")
    L = labels("id")
    sure_part, _, possible_part = text.partition(f"## {L('poss_title')}")
    assert possible_part, "no section for the groups that need factual verification"
    sure_part = sure_part.split(f"## {L('groups_title')}")[1]

    def groups_in(part):
        return {int(m) for m in re.findall(r"^\| (\d+) \|", part, flags=re.M)}

    assert len(groups_in(sure_part)) == report["duplicates"]["groups"]
    assert len(groups_in(possible_part)) == report["possible_duplicates"]["groups"]
    assert not groups_in(sure_part) & groups_in(possible_part)
    assert L("conf_possible") in possible_part and L("conf_possible") not in sure_part


def test_terminal_report_and_xlsx_report_quote_them_too(saved, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")   # one table row per line
    d, report = saved
    r = run_cli("report", d / "hasil", "--lang", "en")
    assert r.exit_code == 0, r.output
    flat = " ".join(r.stdout.replace("│", " ").split())
    for label, value in _figures(report, "en"):
        assert f"{label} {value}" in flat
    out = tmp_path / "report.xlsx"
    assert run_cli("report", d / "hasil", "-o", out, "--lang", "en", "-q").exit_code == 0
    ws = openpyxl.load_workbook(out).worksheets[0]
    cells = {row[0]: row[1] for row in ws.iter_rows(values_only=True) if row and row[0]}
    p = report["possible_duplicates"]
    L = labels("en")
    assert cells[L("poss_groups")] == p["groups"] and cells[L("poss_redundant")] == p["redundant"]
    assert cells[L("poss_rate")] == pytest.approx(p["rate"])


def test_the_dedupe_summary_shows_the_same_possible_figures(saved, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")
    d, report = saved
    [dpt] = sorted((d / "in").glob("dpt*.csv"))
    r = run_cli("dedupe", dpt, "--lang", "en")
    assert r.exit_code == 0, r.output
    flat = " ".join(r.stdout.replace("│", " ").split())
    for label, value in _figures(report, "en"):
        assert f"{label} {value}" in flat
