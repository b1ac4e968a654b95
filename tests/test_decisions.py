"""Review decisions: stable record keys, the file format, applying and carrying decisions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dptclean import schema
from dptclean.decisions import (
    DECIDED_BY,
    DECISION,
    FINGERPRINT,
    GROUP_ID,
    NOTE,
    OTHER_FINGERPRINT,
    OTHER_RECORD_KEY,
    RECORD_KEY,
    REVIEW,
    apply_decisions,
    apply_to_run,
    decisions_from_table,
    parse_decision,
    read_decisions,
    read_table,
    record_keys,
)
from dptclean.errors import InputError
from dptclean.io.writers import write_table
from dptclean.match.pipeline import find_duplicates
from dptclean.normalize import normalize_voters


def prepared(frame: pd.DataFrame, name: str = "dpt.xlsx") -> pd.DataFrame:
    f = frame.reset_index(drop=True).copy()
    f[schema.LIST] = pd.Categorical(["DPT"] * len(f), categories=["DPT", "DPK"])
    f[schema.SOURCE_FILE] = f"/some/dir/{name}"
    f[schema.SHEET] = "DESA"
    f[schema.ROW] = np.arange(len(f)) + 8
    return normalize_voters(f)


@pytest.fixture(scope="module")
def synth():
    from dptclean.synth import generate

    return generate(2500, seed=13).dpt.reset_index(drop=True)


def pairs_of(result) -> set[tuple[int, int]]:
    return set(zip(result.pairs["left"].astype(int), result.pairs["right"].astype(int)))


def people(frame: pd.DataFrame, records) -> set[str]:
    return set(record_keys(frame).iloc[list(records)][FINGERPRINT])


# --- keys and parsing -------------------------------------------------------------------------

def test_record_keys_survive_moved_rows_and_paths(synth):
    a = prepared(synth.iloc[:50])
    b = prepared(synth.iloc[:50].iloc[::-1], name="dpt.xlsx")
    ka, kb = record_keys(a), record_keys(b)
    assert ka[RECORD_KEY].iloc[0] == "dpt.xlsx|DESA|8"
    assert sorted(ka[FINGERPRINT]) == sorted(kb[FINGERPRINT])
    assert ka[FINGERPRINT].iloc[0] == kb[FINGERPRINT].iloc[-1]
    assert ka[RECORD_KEY].iloc[0] != kb[RECORD_KEY].iloc[-1]   # the row moved
    assert ka[FINGERPRINT].str.fullmatch(r"[0-9a-f]{4}-[0-9a-f]{16}").all()   # keyed
    # the fingerprint does not show the NIK
    assert not any(n in " ".join(ka[FINGERPRINT]) for n in a[schema.NIK].dropna().head(5))


@pytest.mark.parametrize("text,want", [
    ("duplicate", "duplicate"), (" Ganda ", "duplicate"), ("YA", "duplicate"),
    ("not_duplicate", "not_duplicate"), ("Not duplicate", "not_duplicate"),
    ("bukan ganda", "not_duplicate"), ("tidak", "not_duplicate"), ("", None), (None, None),
    (float("nan"), None),
])
def test_parse_decision(text, want):
    assert parse_decision(text) == want


def test_a_bad_decision_names_its_row():
    t = pd.DataFrame({GROUP_ID: ["1", "1"], FINGERPRINT: ["a", "b"],
                      DECISION: ["", "maybe"]})
    with pytest.raises(InputError, match="row 3"):
        decisions_from_table(t)


def test_a_file_without_the_columns_is_not_a_decisions_file(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("nama,nik\nA,1\n")
    with pytest.raises(InputError, match="not a decisions file"):
        read_decisions(p)
    with pytest.raises(InputError):
        read_table(tmp_path / "missing.csv")
    (tmp_path / "x.ods").write_text("")
    with pytest.raises(InputError):
        read_table(tmp_path / "x.ods")


def test_row_decisions_become_pair_decisions():
    t = pd.DataFrame({
        GROUP_ID: ["1", "1", "1", "2", "2", "3", "3"],
        RECORD_KEY: list("abcdefg"), FINGERPRINT: list("ABCDEFG"),
        DECISION: ["duplicate", "", "not_duplicate", "", "", "ya", ""],
        NOTE: ["", "", "beda orang", "", "", "", ""],
        DECIDED_BY: ["ani", "", "budi", "", "", "", ""],
    })
    d = decisions_from_table(t)
    got = {(r.a_fp, r.b_fp): (r.decision, r.decided_by) for r in d.itertuples()}
    assert got == {("A", "B"): ("duplicate", "ani"),
                   ("A", "C"): ("not_duplicate", "budi"),
                   ("B", "C"): ("not_duplicate", "budi"),
                   ("F", "G"): ("duplicate", "")}


def test_the_latest_decision_on_a_pair_wins():
    t = pd.DataFrame({GROUP_ID: ["1", "1", "2", "2"], RECORD_KEY: list("abab"),
                      FINGERPRINT: list("ABAB"),
                      DECISION: ["duplicate", "", "not_duplicate", ""],
                      "decided_at": ["2026-01-01", "", "2026-02-01", ""]})
    d = decisions_from_table(t)
    assert d[DECISION].tolist() == ["not_duplicate"]
    t["decided_at"] = ["2026-03-01", "", "2026-02-01", ""]
    assert decisions_from_table(t)[DECISION].tolist() == ["duplicate"]


# --- applying decisions -----------------------------------------------------------------------

def test_a_review_cycle_on_a_rerun_with_moved_rows(synth, tmp_path):
    first = prepared(synth)
    res1 = find_duplicates(first)
    _, table, summary = apply_to_run(first, res1)
    assert summary == {}
    assert list(table.columns[:6]) == [GROUP_ID, REVIEW, DECISION, NOTE, DECIDED_BY,
                                       "decided_at"]
    assert list(table.columns[-2:]) == [RECORD_KEY, FINGERPRINT]
    assert set(table[REVIEW]) == {"new"} and table[DECISION].isna().all()
    sizes = table.groupby(GROUP_ID).size()
    two = [g for g in sizes.index if sizes[g] == 2]
    reject, confirm = two[0], two[1]

    # the operator rejects one group and confirms another in the groups output
    edited = table.copy()
    rows = edited.index[edited[GROUP_ID] == reject]
    edited.loc[rows[1], DECISION] = "not_duplicate"
    edited.loc[rows[1], NOTE] = "kembar"
    edited.loc[edited[GROUP_ID] == confirm, DECISION] = "duplicate"
    edited.loc[edited[GROUP_ID] == confirm, DECIDED_BY] = "ani"
    review = tmp_path / "review.xlsx"
    write_table(edited, review)

    # next month: the same people, rows in another order, one new duplicate pair
    order = np.random.default_rng(1).permutation(len(synth))
    second = prepared(synth.iloc[order])
    res2 = find_duplicates(second)
    out, table2, summary2 = apply_to_run(second, res2, review)
    assert summary2["rejected_pairs_removed"] == 1 and summary2["not_found"] == 0
    rejected_people = set(table.loc[table[GROUP_ID] == reject, FINGERPRINT])
    for _, recs in out.groups.groupby("group_id")["record"]:
        assert not rejected_people <= people(second, recs)
    current = table2[~table2[GROUP_ID].astype(str).str.startswith("D")]
    conf_people = set(table.loc[table[GROUP_ID] == confirm, FINGERPRINT])
    conf_rows = current[current[FINGERPRINT].isin(conf_people)]
    assert set(conf_rows[REVIEW]) == {"confirmed"}
    assert set(conf_rows[DECISION]) == {"duplicate"} and set(conf_rows[DECIDED_BY]) == {"ani"}
    others = current[~current[FINGERPRINT].isin(conf_people)]
    assert set(others[REVIEW]) == {"new"}
    assert current[GROUP_ID].nunique() == table[GROUP_ID].nunique() - 1

    # the rejection is carried forward, so the new file is a complete ledger
    block = table2[table2[REVIEW] == "rejected"]
    assert len(block) == 2 and set(block[FINGERPRINT]) == rejected_people
    assert [None if pd.isna(v) else v for v in block[DECISION]] == [None, "not_duplicate"]
    assert set(block[NOTE].dropna()) == {"kembar"}
    assert not block.astype(str).apply(
        lambda c: c.str.contains(str(second[schema.NIK].iloc[0]))).any().any()
    path2 = tmp_path / "review2.csv"
    write_table(table2, path2)
    again = read_decisions(path2)
    before = read_decisions(review)
    cols = ["a_fp", "b_fp", DECISION]
    assert again[cols].values.tolist() == before[cols].values.tolist()
    out3, _, summary3 = apply_to_run(second, res2, path2)
    assert pairs_of(out3) == pairs_of(out)


def test_a_rejected_pair_is_not_chained_back_into_a_group(synth):
    base = synth.iloc[:300].copy()
    triple = pd.concat([base.iloc[[0]]] * 3, ignore_index=True)
    triple.loc[1, schema.ALAMAT] = "DUKUH LAIN"
    frame = prepared(pd.concat([base.iloc[1:], triple], ignore_index=True))
    a, b, c = len(frame) - 3, len(frame) - 2, len(frame) - 1
    res = find_duplicates(frame)
    assert {(a, b), (a, c), (b, c)} <= pairs_of(res)
    keys = record_keys(frame)
    table = pd.DataFrame({GROUP_ID: ["9", "9"], RECORD_KEY: keys[RECORD_KEY].iloc[[a, c]],
                          FINGERPRINT: keys[FINGERPRINT].iloc[[a, c]],
                          DECISION: ["", "not_duplicate"]})
    out = apply_decisions(res, frame, decisions_from_table(table))
    assert (a, c) not in pairs_of(out)
    gid = dict(zip(out.groups["record"], out.groups["group_id"]))
    assert gid.get(a) != gid.get(c) or gid.get(a) is None
    assert out.stats["decisions"]["rejected_pairs_removed"] == 1


def test_a_confirmed_pair_stays_when_the_matcher_no_longer_finds_it(synth):
    frame = prepared(synth.iloc[:400])
    res = find_duplicates(frame)
    x, y = 3, 250           # two unrelated records the matcher does not link
    assert (x, y) not in pairs_of(res)
    keys = record_keys(frame)
    # from group_id rows alone such a confirmation is refused (see the fill-down tests);
    # a row that names its other record is the operator's explicit word
    table = pd.DataFrame({RECORD_KEY: keys[RECORD_KEY].iloc[[x]],
                          FINGERPRINT: keys[FINGERPRINT].iloc[[x]],
                          OTHER_RECORD_KEY: keys[RECORD_KEY].iloc[[y]].to_numpy(),
                          OTHER_FINGERPRINT: keys[FINGERPRINT].iloc[[y]].to_numpy(),
                          DECISION: ["duplicate"]})
    out = apply_decisions(res, frame, decisions_from_table(table))
    assert (x, y) in pairs_of(out)
    row = out.pairs[(out.pairs["left"] == x) & (out.pairs["right"] == y)].iloc[0]
    assert row["reasons"].startswith("confirmed by an operator")
    g = out.groups.set_index("record")
    assert g.loc[x, "group_id"] == g.loc[y, "group_id"]
    assert g.loc[x, REVIEW] == "confirmed" and g.loc[x, DECISION] == "duplicate"
    assert out.stats["decisions"]["confirmed_pairs_added"] == 1
    assert len(out.groups) == len(res.groups) + 2


def test_a_decision_on_a_changed_record_is_not_found_and_kept(synth, tmp_path):
    frame = prepared(synth.iloc[:400])
    res = find_duplicates(frame)
    _, table, _ = apply_to_run(frame, res)
    gid = table[GROUP_ID].iloc[0]
    table.loc[table[GROUP_ID] == gid, DECISION] = "duplicate"
    path = tmp_path / "r.csv"
    write_table(table, path)
    changed = synth.iloc[:400].copy()
    rec = int(res.groups["record"].iloc[0])
    changed.loc[changed.index[rec], schema.NAMA] = "NAMA YANG DIGANTI"
    frame2 = prepared(changed)
    out, table2, summary = apply_to_run(frame2, find_duplicates(frame2), path)
    assert summary["not_found"] >= 1
    lost = table2[table2[REVIEW] == "not_found"]
    assert len(lost) >= 2 and set(lost[DECISION]) == {"duplicate"}
    assert set(lost[FINGERPRINT]) <= set(table[FINGERPRINT])


def test_wiring_as_the_dedupe_command_does_it(tmp_path):
    """read -> normalise -> match -> apply_to_run -> write; edit; rerun on a reordered file."""
    from dptclean import read_voters
    from dptclean.report.model import build_report
    from tests.builders import KPU_HEADER, voter, write_csv

    rows = [voter(i) for i in range(8)]
    rows.append(list(rows[2]))                       # voter 2 twice: one group
    rows[-1][KPU_HEADER.index("ALAMAT")] = "DUKUH PINDAHAN"
    src = write_csv(tmp_path / "dpt.csv", [KPU_HEADER, *rows])
    frame = read_voters(src)
    norm = normalize_voters(frame)
    result, table, _ = apply_to_run(norm, find_duplicates(norm),
                                    original_columns=list(frame.columns))
    assert table[GROUP_ID].nunique() == 1 and len(table) == 2
    assert table[schema.NIK].str.contains(r"\*").all()          # masked as before
    table[DECISION] = ["", "bukan ganda"]
    review = tmp_path / "review.csv"
    write_table(table, review)

    src2 = write_csv(tmp_path / "dpt.csv", [KPU_HEADER, *rows[::-1]])  # rows moved
    frame2 = read_voters(src2)
    norm2 = normalize_voters(frame2)
    result2, table2, summary = apply_to_run(norm2, find_duplicates(norm2), review,
                                            original_columns=list(frame2.columns))
    assert len(result2.groups) == 0
    report = build_report(norm2, result2)
    assert report["duplicates"]["groups"] == 0
    assert summary["rejected_pairs_removed"] == 1
    assert table2[REVIEW].tolist() == ["rejected", "rejected"]
    # and without any group at all the template is empty but has the columns
    empty, t3, _ = apply_to_run(norm2.iloc[:3].reset_index(drop=True),
                                find_duplicates(norm2.iloc[:3].reset_index(drop=True)))
    assert len(t3) == 0 and {DECISION, REVIEW, RECORD_KEY, FINGERPRINT} <= set(t3.columns)


def test_pair_rows_decide_one_pair():
    t = pd.DataFrame({RECORD_KEY: ["a", "c", "e"], FINGERPRINT: ["A", "C", "E"],
                      OTHER_RECORD_KEY: ["b", "a", "f"], OTHER_FINGERPRINT: ["B", "A", "F"],
                      DECISION: ["ganda", "not_duplicate", ""], NOTE: ["", "beda", ""]})
    d = decisions_from_table(t)
    got = {(r.a_fp, r.b_fp): r.decision for r in d.itertuples()}
    assert got == {("A", "B"): "duplicate", ("A", "C"): "not_duplicate"}


def test_review_table_after_apply_equals_apply_to_run(synth, tmp_path):
    from dptclean.decisions import review_table

    frame = prepared(synth.iloc[:800])
    res = find_duplicates(frame)
    _, table, _ = apply_to_run(frame, res)
    gids = table[GROUP_ID].unique()
    rows = table.index[table[GROUP_ID] == gids[0]]
    table.loc[rows[1], DECISION] = "not_duplicate"
    path = tmp_path / "r.csv"
    write_table(table, path)
    once, t1, _ = apply_to_run(frame, res, path)
    applied = apply_decisions(res, frame, read_decisions(path))
    t2 = review_table(frame, applied, path)
    pd.testing.assert_frame_equal(t1, t2)
    assert (t1[REVIEW] == "rejected").sum() == 2
    assert set(review_table(frame, res)[REVIEW]) == {"new"}


# --- hand-edited review files cannot hide or merge voters (issue 12 item 8) -------------------

@pytest.fixture(scope="module")
def reviewed(synth):
    """A run with several duplicate groups and its groups output (the review file)."""
    frame = prepared(synth.iloc[:1500])
    res = find_duplicates(frame)
    _, table, _ = apply_to_run(frame, res)
    assert table[GROUP_ID].nunique() >= 4
    return frame, res, table


def _fill_down(table: pd.DataFrame, decision: str, groups: int = 4) -> pd.DataFrame:
    """What dragging group_id and decision down in Excel does: the first group's id and the
    decision copied over the rows of the next groups."""
    t = table.copy()
    ids = list(dict.fromkeys(t[GROUP_ID]))[:groups]
    rows = t.index[t[GROUP_ID].isin(ids)]
    t.loc[rows, GROUP_ID] = ids[0]
    t.loc[rows, DECISION] = decision
    return t


@pytest.mark.parametrize("decision", ["duplicate", "not_duplicate"])
def test_a_filled_down_review_file_is_refused_with_its_rows(reviewed, tmp_path, decision):
    frame, res, table = reviewed
    path = tmp_path / "review.xlsx"
    write_table(_fill_down(table, decision), path)
    with pytest.raises(InputError) as err:
        apply_to_run(frame, res, path)
    lines = str(err.value).splitlines()
    assert "would join records the matcher never linked" in lines[0]
    assert "fill-down" in lines[0]
    ids = list(dict.fromkeys(table[GROUP_ID]))[:4]
    filled = sorted(int(i) + 2 for i in table.index[table[GROUP_ID].isin(ids)])
    assert len(lines) == 2 and lines[1].startswith(f"review.xlsx group_id {ids[0]}: rows ")
    named = {int(x) for part in lines[1].split("rows ")[1].split(", ")
             for x in range(int(part.split("-")[0]), int(part.split("-")[-1]) + 1)}
    assert named <= set(filled) and len(named) >= len(filled) - 2


def test_the_same_decisions_in_their_own_groups_are_applied(reviewed, tmp_path):
    frame, res, table = reviewed
    t = table.copy()
    ids = list(dict.fromkeys(t[GROUP_ID]))[:4]
    t.loc[t[GROUP_ID].isin(ids), DECISION] = "duplicate"
    path = tmp_path / "review.csv"
    write_table(t, path)
    out, _, summary = apply_to_run(frame, res, path)
    assert summary["groups"]["confirmed"] == 4
    assert summary["groups_hidden"] == 0 and summary["groups_changed"] == 0
    assert len(out.groups) == len(res.groups)


def test_the_report_says_when_decisions_hide_a_group(reviewed, tmp_path):
    from dptclean.report.i18n import labels
    from dptclean.report.sections import review_rows

    frame, res, table = reviewed
    t = table.copy()
    sizes = t.groupby(GROUP_ID).size()
    gid = next(g for g in dict.fromkeys(t[GROUP_ID]) if sizes[g] == 2)
    rows = t.index[t[GROUP_ID] == gid]
    t.loc[rows[1], DECISION] = "bukan ganda"
    path = tmp_path / "review.csv"
    write_table(t, path)
    _, _, summary = apply_to_run(frame, res, path)
    assert summary["groups_hidden"] == 1
    [hidden] = summary["hidden"]
    assert {f"/some/dir/dpt.xlsx [DESA] row {r}" for r in t.loc[rows, schema.ROW]} == set(hidden)
    got = dict(review_rows({"review": summary}, labels("id")))
    assert got["Kelompok disembunyikan oleh keputusan operator"] == "1"
    assert "dpt.xlsx [DESA] baris" in got["Disembunyikan"]   # Bahasa, as the other rows
    assert "dpt.xlsx [DESA] row" in dict(review_rows({"review": summary}, labels("en")))["Hidden"]


# --- keep choices and several decisions files (issue 12 item 7) -------------------------------

def test_the_operator_chooses_the_record_to_keep(reviewed, tmp_path):
    frame, res, table = reviewed
    t = table.copy()
    sizes = t.groupby(GROUP_ID).size()
    gid = next(g for g in dict.fromkeys(t[GROUP_ID]) if sizes[g] == 2)
    rows = t.index[t[GROUP_ID] == gid]
    chosen = t.loc[rows[1], FINGERPRINT]
    t.loc[rows[1], DECISION] = "pertahankan"
    t.loc[rows[1], NOTE] = "alamat sesuai KTP"
    path = tmp_path / "review.csv"
    write_table(t, path)
    out, table2, summary = apply_to_run(frame, res, path)
    assert summary["keep_chosen"] == 1
    fps = record_keys(frame)[FINGERPRINT]
    g = out.groups.assign(fp=fps.iloc[out.groups["record"]].to_numpy())
    mine = g[g["fp"].isin(set(t.loc[rows, FINGERPRINT]))]
    assert mine.set_index("fp").loc[chosen, "action"] == "keep"
    assert mine.set_index("fp").loc[chosen, "keep_reason"] == \
        "chosen by an operator: alamat sesuai KTP"
    assert (mine["action"] == "remove").sum() == 1 and mine["redundant"].sum() == 1
    # the choice is carried into the next review file
    assert table2.loc[table2[FINGERPRINT] == chosen, DECISION].tolist() == ["keep"]


def test_several_decisions_files_merge_and_their_conflicts_are_reported(reviewed, tmp_path):
    frame, res, table = reviewed
    ids = list(dict.fromkeys(table[GROUP_ID]))
    a, b = table.copy(), table.copy()
    a.loc[a[GROUP_ID] == ids[0], DECISION] = "duplicate"       # desa A's operator
    b.loc[b[GROUP_ID] == ids[1], DECISION] = "duplicate"       # desa B's operator
    pa, pb = tmp_path / "desa_a.csv", tmp_path / "desa_b.xlsx"
    write_table(a, pa)
    write_table(b, pb)
    _, _, summary = apply_to_run(frame, res, [pa, pb])
    assert summary["groups"]["confirmed"] == 2 and summary["conflicts"] == []
    # the same group decided both ways in two files: the later wins, the conflict is listed
    b.loc[b[GROUP_ID] == ids[0], DECISION] = "not_duplicate"
    b.loc[b[GROUP_ID] == ids[0], "decided_at"] = "2026-05-02"
    write_table(b, pb)
    _, _, summary = apply_to_run(frame, res, [pa, pb])
    assert summary["groups"]["confirmed"] == 1 and len(summary["conflicts"]) >= 1
    c = summary["conflicts"][0]
    assert any("desa_a.csv" in x and x.startswith("duplicate") for x in c["decisions"])
    assert any("desa_b.xlsx" in x and x.startswith("not_duplicate") for x in c["decisions"])


def test_the_dedupe_command_takes_several_decisions_files_and_refuses_a_fill_down(tmp_path, monkeypatch):
    monkeypatch.delenv("DPTCLEAN_LANG")  # the Bahasa default
    from tests.builders import KPU_HEADER, run_cli, voter, write_csv

    rows = [voter(i) for i in range(12)]
    for i in (2, 5, 8):                      # three voters registered twice: three groups
        twin = list(rows[i])
        twin[KPU_HEADER.index("ALAMAT")] = "DUKUH PINDAHAN"
        rows.append(twin)
    src = write_csv(tmp_path / "dpt.csv", [KPU_HEADER, *rows])
    out = tmp_path / "groups.csv"
    assert run_cli("dedupe", src, "-q", "-o", out).exit_code == 0
    table = read_table(out)
    ids = list(dict.fromkeys(table[GROUP_ID]))
    assert len(ids) == 3
    a, b = table.copy(), table.copy()
    a.loc[a[GROUP_ID] == ids[0], DECISION] = "ganda"
    b.loc[b[GROUP_ID] == ids[1], DECISION] = "bukan ganda"
    write_table(a, tmp_path / "a.csv")
    write_table(b, tmp_path / "b.csv")
    res = run_cli("dedupe", src, "--decisions", tmp_path / "a.csv", "--decisions",
                  tmp_path / "b.csv", "--format", "json")
    assert res.exit_code == 0, res.output
    import json

    review = json.loads(res.stdout)["review"]
    assert review["groups"] == {"new": 1, "confirmed": 1, "partly_decided": 0}
    assert review["groups_hidden"] == 1 and review["rejected_pairs_removed"] == 1
    res = run_cli("dedupe", src, "--decisions", tmp_path / "a.csv", "--decisions",
                  tmp_path / "b.csv")
    assert "Kelompok disembunyikan" in res.stdout

    filled = _fill_down(table, "ganda", groups=3)
    write_table(filled, tmp_path / "filled.csv")
    res = run_cli("dedupe", src, "--decisions", tmp_path / "filled.csv")
    assert res.exit_code == 3
    assert "Traceback" not in res.stderr and len(res.stderr.strip().splitlines()) == 1
    assert "filled.csv kelompok " + str(ids[0]) + ": baris 2-7" in res.stderr  # Bahasa default


def _confidence_of_groups(groups: pd.DataFrame) -> dict[frozenset, set]:
    return {frozenset(map(int, g["record"])): set(g["confidence"])
            for _, g in groups.groupby("group_id")}


def test_undecided_groups_keep_their_confidence_after_a_decisions_round(tmp_path):
    """A decisions round must not turn the possible groups nobody decided into sure ones
    (persona review: masked-6-year, 3 groups decided, the duplicate rate went 0.50% -> 1.10%)."""
    from dptclean.synth import generate

    frame = prepared(generate(3000, seed=3, world="masked-6-year").dpt)
    res = find_duplicates(frame)
    conf = res.groups.drop_duplicates("group_id")["confidence"]
    assert (conf == "possible").sum() >= 3 and (conf == "sure").sum() >= 3
    _, table, _ = apply_to_run(frame, res)
    first = table.drop_duplicates(GROUP_ID)
    sure_gid = first.loc[first["confidence"] == "sure", GROUP_ID].iloc[0]
    possible_gid = first.loc[first["confidence"] == "possible", GROUP_ID].iloc[0]
    edited = table.copy()
    edited.loc[edited[GROUP_ID] == sure_gid, DECISION] = "not_duplicate"
    edited.loc[edited[GROUP_ID] == possible_gid, DECISION] = "duplicate"
    review = tmp_path / "review.csv"
    write_table(edited, review)

    out, _, _ = apply_to_run(frame, res, review)
    before = _confidence_of_groups(res.groups)
    after = _confidence_of_groups(out.groups)
    gids = res.groups["group_id"].astype(str)
    decided = {frozenset(map(int, res.groups.loc[gids == str(g), "record"]))
               for g in (sure_gid, possible_gid)}
    assert all(decided) and len(decided) == 2
    untouched = [m for m in before if m not in decided and m in after]
    assert len(untouched) >= 4
    assert {m: after[m] for m in untouched} == {m: before[m] for m in untouched}
    # the group the operator confirmed in the field is settled: sure
    confirmed = next(m for m in decided if m in after)
    assert after[confirmed] == {"sure"}
