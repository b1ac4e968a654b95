"""The synthetic generator: determinism, rates, NIK consistency, traps, truth."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from dptclean import schema
from dptclean.errors import ConfigError
from dptclean.synth import (
    DUP_KIND,
    DUP_KINDS,
    PERSON_ID,
    TRAP_ID,
    TRAP_KINDS,
    TRUTH_COLUMNS,
    VOTER_COLUMNS,
    generate,
)
from dptclean.synth import corrupt as cr
from dptclean.synth.generator import NIK_TRUE, TANGGAL_LAHIR_TRUE

N = 20_000


@pytest.fixture(scope="module")
def data():
    return generate(N, seed=11)


def _labels(truth: pd.DataFrame) -> pd.Series:
    kinds = truth[DUP_KIND].str.split("+").explode()
    return kinds[kinds != ""]


def test_shape_and_columns(data):
    assert len(data.dpt) == N
    assert list(data.dpt.columns) == list(VOTER_COLUMNS)
    assert list(data.truth_dpt.columns) == list(TRUTH_COLUMNS)
    assert len(data.truth_dpt) == N and len(data.truth_dpk) == len(data.dpk)
    assert len(data.dpk) == round(N * 0.006)
    # truth stays out of the voter data
    assert PERSON_ID not in data.dpt.columns and DUP_KIND not in data.dpt.columns
    assert data.truth_dpt[schema.NAMA].tolist() == data.dpt[schema.NAMA].tolist()
    for col in VOTER_COLUMNS:
        assert data.dpt[col].map(type).eq(str).all(), col


def test_deterministic_per_seed():
    a, b, c = generate(3000, seed=5), generate(3000, seed=5), generate(3000, seed=6)
    pd.testing.assert_frame_equal(a.dpt, b.dpt)
    pd.testing.assert_frame_equal(a.truth_dpt, b.truth_dpt)
    pd.testing.assert_frame_equal(a.dpk, b.dpk)
    assert not a.dpt[schema.NIK].equals(c.dpt[schema.NIK])


@pytest.mark.parametrize("rate", [0.0, 0.0064, 0.03])
def test_duplicate_rate_as_requested(rate):
    d = generate(10_000, seed=2, dup_rate=rate)
    t = d.truth_dpt
    redundant = len(t) - t[PERSON_ID].nunique()
    assert abs(redundant - rate * len(t)) <= 1
    sizes = t[PERSON_ID].value_counts()
    assert sizes.max() <= 3
    if rate:
        # originals are unlabelled, every redundant copy says how it was made
        copies = t[t[DUP_KIND].str.contains("|".join(DUP_KINDS))]
        assert len(copies) == redundant
        assert (sizes == 2).sum() > (sizes == 3).sum() > 0


def test_every_duplicate_cause_is_planted(data):
    labels = set(_labels(data.truth_dpt))
    assert set(DUP_KINDS) - {cr.IN_DPT} <= labels
    assert set(TRAP_KINDS) <= labels
    # causes are often combined
    assert data.truth_dpt[DUP_KIND].str.count(r"\+").gt(0).sum() > 50


def _decode(nik: str) -> tuple[str, dt.date]:
    day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    sex = "P" if day > 40 else "L"
    day -= 40 if day > 40 else 0
    year = 2000 + yy if yy <= 7 else 1900 + yy
    return sex, dt.date(year, month, day)


def test_nik_matches_sex_and_birth_date(data):
    t, d = data.truth_dpt, data.dpt
    originals = (t[DUP_KIND] == "") | t[DUP_KIND].isin(
        [cr.TRAP_TWIN, cr.TRAP_PARENT_CHILD, cr.TRAP_NAMESAKE])
    nik = d.loc[originals, schema.NIK]
    assert nik.str.fullmatch(r"\d{16}").all()
    assert nik.is_unique
    assert (nik.str[-4:] != "0000").all()
    dates = pd.to_datetime(d.loc[originals, schema.TANGGAL_LAHIR], format="%d-%m-%Y")
    decoded = [_decode(x) for x in nik]
    assert [s for s, _ in decoded] == d.loc[originals, schema.JENIS_KELAMIN].tolist()
    assert [b for _, b in decoded] == [x.date() for x in dates]
    # the NIK of first issue is mostly local, sometimes from elsewhere
    local = nik.str[:4].eq("3320").mean()
    assert 0.85 < local < 0.97
    assert nik.str[:2].nunique() > 3


def test_population_looks_real(data):
    d = data.dpt
    assert set(d[schema.JENIS_KELAMIN]) == {"L", "P"}
    assert set(d[schema.STATUS_KAWIN]) == {"B", "S", "P"}
    assert d[schema.KECAMATAN].nunique() == 16
    assert d[schema.KABUPATEN].eq("JEPARA").all()
    assert d[schema.TPS].str.fullmatch(r"\d{3}").all()
    birth = pd.to_datetime(data.truth_dpt[TANGGAL_LAHIR_TRUE])
    age = (pd.Timestamp("2024-02-14") - birth).dt.days / 365.25
    assert birth.max() <= pd.Timestamp("2007-02-14") and age.max() < 97
    md = birth.dt.strftime("%m-%d")
    placeholder = md.isin(["12-31", "07-01", "01-01"])
    assert 0.03 < placeholder.mean() < 0.2
    assert placeholder[age > 60].mean() > placeholder[age < 40].mean()
    # heavy-tailed names: a few very common ones, many rare ones
    counts = d[schema.NAMA].value_counts()
    assert counts.iloc[0] > 40 and counts.size > 3000
    # households share an NKK
    hh = d[schema.NKK].value_counts()
    assert hh.max() >= 5 and (hh >= 2).mean() > 0.5
    assert d[schema.KETERANGAN].isin(["1", "4", "5", "8"]).any()
    assert (d[schema.NAMA].str.match(r"HJ?\. ")).any()


def test_traps_are_distinct_people(data):
    t, d = data.truth_dpt, data.dpt
    traps = t[t[TRAP_ID] != ""]
    for trap_id, members in traps.groupby(TRAP_ID):
        kind = members[DUP_KIND].iat[0]
        assert members[PERSON_ID].is_unique, trap_id
        rows = d.loc[members.index]
        if kind == cr.TRAP_TWIN:
            assert len(rows) == 2 and rows[schema.NKK].nunique() == 1
            assert rows[schema.TANGGAL_LAHIR].nunique() == 1
            assert rows[schema.NAMA].str.split().str[0].nunique() == 2
        elif kind == cr.TRAP_PARENT_CHILD:
            assert rows[schema.NKK].nunique() == 1
            assert rows[schema.TANGGAL_LAHIR].nunique() == 2
            core = rows[schema.NAMA].map(lambda n: " ".join(cr.split_titles(n)[1]))
            assert core.nunique() == 1
        elif kind == cr.TRAP_NAMESAKE:
            assert rows[schema.NAMA].nunique() == 1 and rows[schema.NIK].is_unique
            assert rows[schema.TANGGAL_LAHIR].nunique() == 1
            assert rows[schema.TANGGAL_LAHIR].iat[0][:5] in ("31-12", "01-07", "01-01")
            assert rows[schema.KELURAHAN].is_unique
        elif kind == cr.TRAP_SAME_NIK:
            assert rows[schema.NIK].nunique() == 1 and rows[schema.NAMA].is_unique
            assert members[NIK_TRUE].is_unique
        else:  # pragma: no cover
            pytest.fail(kind)
    kinds = set(traps[DUP_KIND])
    assert kinds == set(TRAP_KINDS)


def test_copies_differ_as_labelled(data):
    t, d = data.truth_dpt, data.dpt
    first = t.reset_index().groupby(PERSON_ID)["index"].transform("min")
    copies = t.index[t[DUP_KIND].str.contains("|".join(DUP_KINDS))]
    assert len(copies)
    for i in copies:
        kinds = set(t.at[i, DUP_KIND].split("+"))
        j = first.iat[i] if first.iat[i] != i else t.index[
            (t[PERSON_ID] == t.at[i, PERSON_ID]) & (t.index != i)][0]
        a, b = d.loc[i], d.loc[j]
        if kinds == {cr.IDENTICAL}:
            assert a[schema.NIK] == b[schema.NIK] and a[schema.NAMA] == b[schema.NAMA]
        if cr.MOVED in kinds and t.at[j, DUP_KIND] == "":
            assert a[schema.KELURAHAN] != b[schema.KELURAHAN]
        if cr.NKK_MISSING in kinds:
            assert a[schema.NKK] == ""
        if cr.NIK_EXCEL in kinds:
            assert a[schema.NIK].endswith("0") or "E+" in a[schema.NIK]
        if not kinds & {cr.NIK_EXCEL, cr.NIK_TYPO} and t.at[j, DUP_KIND] == "":
            assert a[schema.NIK] == b[schema.NIK]


def test_dpk_mostly_new_people_some_in_dpt(data):
    dpt_ids = set(data.truth_dpt[PERSON_ID])
    in_dpt = data.truth_dpk[PERSON_ID].isin(dpt_ids)
    labelled = data.truth_dpk[DUP_KIND].str.contains(cr.IN_DPT)
    assert (in_dpt == labelled).all()
    assert 0 < in_dpt.sum() < len(in_dpt) / 2


def test_mask_nik():
    d = generate(2000, seed=3, mask_nik=True, dup_rate=0.03)
    full = d.dpt[schema.NIK].str.fullmatch(r"\d{12}\*{4}")
    sci = d.dpt[schema.NIK].str.contains("E+", regex=False)
    assert (full | sci).all()
    assert d.dpt[schema.NKK].str.fullmatch(r"(\d{12}\*{4})?").all()
    assert d.truth_dpt[NIK_TRUE].str.fullmatch(r"\d{16}").all()


@pytest.mark.parametrize("fmt,pattern", [
    ("dd/mm/yyyy", r"\d\d/\d\d/\d{4}"), ("yyyy-mm-dd", r"\d{4}-\d\d-\d\d"),
    ("dd|mm|yyyy", r"\d\d\|\d\d\|\d{4}"),
])
def test_date_formats(fmt, pattern):
    d = generate(500, seed=1, date_format=fmt)
    assert d.dpt[schema.TANGGAL_LAHIR].str.fullmatch(pattern).all()


def test_bad_arguments():
    with pytest.raises(ConfigError):
        generate(0)
    with pytest.raises(ConfigError):
        generate(100, date_format="mm/dd/yy")
    with pytest.raises(ConfigError):
        generate(100, regency="ATLANTIS")


def test_summary(data):
    s = data.summary()
    assert s["dpt_records"] == N
    assert s["redundant_records"] == round(N * 0.012)
    assert re.fullmatch(r"0\.01\d*", str(s["duplicate_rate"]))


def test_true_pairs(data):
    from dptclean.synth import true_pairs

    pairs = true_pairs(data.truth_dpt)
    s = data.summary()
    sizes = data.truth_dpt[PERSON_ID].value_counts()
    assert len(pairs) == int((sizes * (sizes - 1) // 2).sum())
    assert (pairs["left"] < pairs["right"]).all()
    ids = data.truth_dpt[PERSON_ID].to_numpy()
    assert (ids[pairs["left"]] == ids[pairs["right"]]).all()
    assert s["duplicate_groups"] <= len(pairs) <= s["redundant_records"] * 3
    trap_pairs = true_pairs(data.truth_dpt, traps=True)
    assert len(trap_pairs) and (ids[trap_pairs["left"]] != ids[trap_pairs["right"]]).all()
