"""The learned evidence weights in the human reports (issue 17 item 1): an auditor reads where
the weights came from, what changed from the configured ones and from how many pairs (persona
review: they were only in stats.json, and report.json says learn_weights = false for a learned
run exactly as for --weights fixed)."""

from __future__ import annotations

import json

import pytest

from dptclean.report.i18n import fmt_int, fmt_num, labels
from tests.builders import run_cli


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    d = tmp_path_factory.mktemp("weights")
    assert run_cli("synth", d / "in", "--records", "2000", "--layout", "csv", "-q").exit_code == 0
    [dpt] = sorted((d / "in").glob("dpt*.csv"))
    for name, extra in (("learned", ()), ("fixed", ("--weights", "fixed"))):
        r = run_cli("dedupe", dpt, "--save", d / name, "-q", *extra)
        assert r.exit_code == 0, r.output
    r = run_cli("dedupe", dpt, "--save", d / "again", "-q", "--config", d / "learned" / "config.toml")
    assert r.exit_code == 0, r.output
    return d


def _md(d, name, lang="en"):
    out = d / f"{name}_{lang}.md"
    assert run_cli("report", d / name, "-o", out, "--lang", lang, "-q").exit_code == 0
    return out.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_learned_run_shows_its_weights_beside_the_configured_ones(runs, lang):
    stats = json.loads((runs / "learned" / "stats.json").read_text(encoding="utf-8"))
    learned = stats["learned_weights"]["fields"]
    text = _md(runs, "learned", lang)
    L = labels(lang)
    assert f"### {L('weights_title')}" in text
    head = text.split(f"### {L('weights_title')}")[1]
    for v in learned.values():
        for level, x in v["levels"].items():
            level_md = level.replace("_", "\\_")
            row = (f"| {level_md} | {fmt_num(x['configured'], lang, sign=True)} | "
                   f"{fmt_num(x['learned'], lang, sign=True)} |")
            assert row in head, row
    pairs = max(v["labelled_pairs"] for v in learned.values())
    summary = [line for line in text.splitlines() if line.startswith(f"| {L('weights_source')} |")]
    assert len(summary) == 1 and f" {pairs} " in summary[0]


def test_fixed_and_rerun_say_the_weights_came_from_the_configuration(runs):
    L = labels("en")
    for name in ("fixed", "again"):
        text = _md(runs, name)
        assert f"| {L('weights_source')} | {L('weights_fixed')} |" in text
        assert L("weights_title") not in text
    # the rerun with the saved configuration gives the learned run's figures exactly
    a = (runs / "learned" / "report.json").read_bytes()
    assert (runs / "again" / "report.json").read_bytes() == a


def test_a_masked_list_says_its_weights_came_from_em_not_labelled_pairs(tmp_path):
    """On a masked list the weights are fitted by EM (expected, fractional pair counts): the
    report must not claim '0 labelled pairs' as if learning had counted them."""
    assert run_cli("synth", tmp_path / "in", "--records", "3000", "--world", "masked-6-year",
                   "--layout", "csv", "-q").exit_code == 0
    [dpt] = sorted((tmp_path / "in").glob("dpt*.csv"))
    assert run_cli("dedupe", dpt, "--save", tmp_path / "r", "-q").exit_code == 0
    stats = json.loads((tmp_path / "r" / "stats.json").read_text(encoding="utf-8"))
    if stats["learned_weights"].get("method") != "em_masked":
        pytest.skip("the matcher did not use EM on this list")
    text = _md(tmp_path, "r")
    [line] = [x for x in text.splitlines() if x.startswith("| Evidence weights |")]
    assert "by EM over the candidate pairs" in line
    expected = max(v["labelled_pairs"] for v in stats["learned_weights"]["fields"].values())
    # an EM count is fractional (0.8), a whole one is written as a count (1)
    shown = fmt_int(int(expected), "en") if float(expected).is_integer() else fmt_num(expected, "en")
    assert f"at most {shown} expected pairs" in line
