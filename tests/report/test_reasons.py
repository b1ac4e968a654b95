"""Reasons an operator reads aloud, generated from the comparison levels of each pair."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pandas as pd
import pytest

from dptclean.match import compare
from dptclean.messages import MESSAGES, fields
from dptclean.report import reasons
from dptclean.report.reasons import COUNTED, PHRASES, SILENT, explain, explain_pairs, phrase, to_lang


def test_every_declared_level_has_a_phrase_in_both_languages():
    # a level the matcher gains (e.g. a new NIK level) fails here until it is phrased
    missing = [(field, level) for field, levels in compare.LEVELS.items() for level in levels
               if level not in SILENT and (field, level) not in PHRASES]
    assert missing == []
    for field in compare.LEVELS:
        assert field in reasons.FIELD_NAMES


def test_phrases_are_distinct_so_a_reason_translates_back():
    english = [en for _, en in PHRASES.values()]
    assert len(english) == len(set(english))
    bahasa = [i for i, _ in PHRASES.values()]
    assert len(bahasa) == len(set(bahasa))


def test_the_issue_example_reads_aloud():
    levels = {"nik": "exact", "nama": "typo", "tanggal_lahir": "exact", "lokasi": "different",
              "nkk": "unknown"}
    assert explain(levels, "id", {"nama": 1}) == \
        "NIK sama; nama mirip (salah ketik 1 huruf); tanggal lahir sama; alamat beda"
    assert explain(levels, "en", {"nama": 1}) == \
        "same NIK; similar name (1-letter typo); same birth date; different address"


def test_an_unknown_level_still_reads_well():
    assert phrase("nik", "digit_dance", "id") == "NIK: digit dance"
    assert phrase("nama", "phonetic", "en") == "name: phonetic"
    assert to_lang("NIK: digit dance; same name", "id") == "NIK: digit dance; nama sama"


def test_counts_come_from_the_records():
    frame = pd.DataFrame({"nama_norm": ["SITI AMINAH", "SITI AMINA", "BUDI"],
                          "nik_norm": ["3320014107800001", "3320014107800001",
                                       "3320014107800991"]})
    out = explain_pairs(frame, [0, 0], [1, 2], {"nik": ["exact", "different"],
                                                "nama": ["typo", "different"]}, "id",
                        confirmed=[False, True])
    assert out == ["NIK sama; nama mirip (salah ketik 1 huruf)",
                   "dikonfirmasi operator; NIK beda (2 angka); nama beda"]


@pytest.mark.parametrize("key", sorted(COUNTED))
def test_counted_phrases_translate_back(key):
    en = COUNTED[key][1].format(n=3)
    assert to_lang(en, "id") == COUNTED[key][0].format(n=3)


def test_groups_table_has_readable_and_technical_reasons(run):
    from dptclean.report.tables import groups_table

    g = groups_table(run.norm, run.result)
    assert len(g)
    first = g["reasons"].iloc[0]
    assert first.startswith("same NIK; same name")           # English in the CSV interface
    assert "|" not in first and "+" not in first               # no bits, no probability
    assert g["reasons_technical"].str.contains(r"p=\d", regex=True).all()
    assert to_lang(first, "id").startswith("NIK sama; nama sama")


def test_technical_line_is_kept_where_pairs_have_no_levels(run):
    import dataclasses

    from dptclean.report.tables import groups_table

    bare = run.result.pairs[[c for c in run.result.pairs.columns if not c.startswith("level_")]]
    g = groups_table(run.norm, dataclasses.replace(run.result, pairs=bare))
    assert g["reasons"].tolist() == g["reasons_technical"].tolist()


# --- error messages: every key a raise site names is in the catalogue, in both languages ----

SRC = Path(__file__).resolve().parents[2] / "src" / "dptclean"


def _raise_keys() -> list[tuple[str, int, str, set[str]]]:
    found = []
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            kw = {k.arg: k.value for k in node.keywords}
            key = kw.get("key")
            if not isinstance(key, ast.Constant) or not isinstance(key.value, str):
                continue
            params: set[str] = set()
            p = kw.get("params")
            if isinstance(p, ast.Dict):
                params = {k.value for k in p.keys if isinstance(k, ast.Constant)}
            found.append((str(path.relative_to(SRC)), node.lineno, key.value, params))
    return found


def test_every_raise_site_key_is_in_both_languages():
    sites = _raise_keys()
    assert len(sites) >= 15                  # the common error paths carry keys
    for where, line, key, params in sites:
        assert key in MESSAGES, f"{where}:{line}: {key}"
        bahasa, english = MESSAGES[key]
        assert bahasa and english and bahasa != english
        assert fields(bahasa) == fields(english) == params, f"{where}:{line}: {key}"


def test_catalogue_has_the_same_parameters_in_both_languages():
    for key, (bahasa, english) in MESSAGES.items():
        assert fields(bahasa) == fields(english), key
        assert "rekaman" not in bahasa.lower()


def test_row_accounting_reads_naturally_in_bahasa(run):
    from dptclean.report.sections import build_content

    rows = dict(build_content(run.report, run.norm, run.result, lang="id").row_accounting())
    assert {"Baris data dibaca": "10", "Dilewati: baris judul kolom": "2"}.items() <= rows.items()
    en = dict(build_content(run.report, run.norm, run.result, lang="en").row_accounting())
    assert {"Records loaded": "10", "Rows skipped: header rows (header)": "2"}.items() <= en.items()


def test_groups_in_the_html_report_read_in_bahasa(run):
    from dptclean.report.html import render_html
    from dptclean.report.sections import build_content

    page = render_html(build_content(run.report, run.norm, run.result, lang="id"))
    assert "dpt.csv baris " in page and "NIK sama; nama sama" in page
    assert "NIK exact" not in page and " row " not in page
    assert re.search(r">\+\d+,\d<", page) and not re.search(r">\+\d+\.\d<", page)
    en = render_html(build_content(run.report, run.norm, run.result, lang="en"))
    assert re.search(r">\+\d+\.\d<", en) and "dpt.csv row " in en
