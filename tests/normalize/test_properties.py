"""Invariants: normalising twice changes nothing, no record is lost or reordered, NIKs
decode back to what they were built from."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dptclean import schema
from dptclean.normalize import normalize_voters
from dptclean.normalize.names import (
    PREFIX_TITLES,
    SUFFIX_TITLES,
    name_key,
    normalize_name,
)
from dptclean.normalize.nik import make_nik, normalize_id, region_tables

STRING = pd.StringDtype("pyarrow")
REF = date(2024, 2, 14)
SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

TOKENS = ["MUHAMMAD", "MOCH", "M", "H", "HJ", "R", "SITI", "NUR", "ABD", "SOEPARNO", "DJOKO",
          "TJAHJO", "ACHMAD", "FATIMAH", "SE", "SPD", "MM", "ALI", "A", "OE", "DJ", "KH", "CH",
          "AA", "JJ", "ST", "DRS", "IR", "S"]
SEPARATORS = [" ", ". ", ".", ", ", ",", "  ", "-", "'"]

name_text = st.text(alphabet="ABCDEHIJKMNOPRSTUZ .,'-`hjs", max_size=40)
token_name = st.builds(
    lambda pre, toks, seps, suf: pre + "".join(t + s for t, s in zip(toks, seps)) + suf,
    st.sampled_from([""] + [p + "." for p in PREFIX_TITLES] + [p + " " for p in PREFIX_TITLES]),
    st.lists(st.sampled_from(TOKENS), min_size=1, max_size=5),
    st.lists(st.sampled_from(SEPARATORS), min_size=5, max_size=5),
    st.sampled_from([""] + [", " + t for t in SUFFIX_TITLES] + [" " + t for t in SUFFIX_TITLES]),
)
names = st.lists(st.one_of(name_text, token_name, st.none()), min_size=1, max_size=30)


@SETTINGS
@given(names)
def test_nama_norm_is_idempotent(values):
    once = normalize_name(pd.Series(values, dtype=STRING))
    twice = normalize_name(once)
    assert once.tolist() == twice.tolist()


@SETTINGS
@given(names)
def test_nama_key_is_idempotent(values):
    key = name_key(normalize_name(pd.Series(values, dtype=STRING)))
    assert name_key(key).tolist() == key.tolist()


records = st.lists(
    st.fixed_dictionaries({
        "nama": st.one_of(st.none(), token_name),
        "nik": st.one_of(st.none(), st.text(alphabet="0123456789*X .", max_size=18)),
        "tanggal_lahir": st.one_of(st.none(), st.text(alphabet="0123456789-/. ", max_size=12),
                                   st.dates(date(1900, 1, 1), date(2030, 1, 1))
                                   .map(lambda d: d.strftime("%d-%m-%Y"))),
        "jenis_kelamin": st.sampled_from([None, "L", "P", "LAKI-LAKI", "X"]),
        "rt": st.one_of(st.none(), st.text(alphabet="0123456789RT ", max_size=5)),
        "source_file": st.sampled_from(["a.csv", "b.csv"]),
    }),
    max_size=40,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records, st.randoms(use_true_random=False))
def test_no_record_is_lost_or_reordered(rows, rnd):
    df = pd.DataFrame(rows, columns=["nama", "nik", "tanggal_lahir", "jenis_kelamin", "rt",
                                     "source_file"]).astype(STRING)
    labels = list(range(len(df)))
    rnd.shuffle(labels)
    df.index = labels
    out = normalize_voters(df, election_date=REF)
    assert len(out) == len(df)
    assert list(out.index) == labels
    pd.testing.assert_frame_equal(out[df.columns.tolist()], df)
    # each row's result depends on its own values, not on its position
    if len(df):
        alone = normalize_voters(df.iloc[[0]], election_date=REF)
        for col in (schema.NAMA_NORM, schema.NAMA_KEY, schema.NIK_STATUS, schema.RT_NORM):
            a, b = out[col].iloc[0], alone[col].iloc[0]
            assert (pd.isna(a) and pd.isna(b)) or a == b


_DISTRICTS = sorted(region_tables()[0]) or ["332001"]


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(_DISTRICTS),
                          st.dates(REF - timedelta(days=365 * 100), REF),
                          st.booleans(), st.integers(1, 9999)), min_size=1, max_size=25))
def test_nik_decode_round_trips(parts):
    niks = [make_nik(r, d.day, d.month, d.year, f, s) for r, d, f, s in parts]
    out = normalize_id(pd.Series(niks, dtype=STRING), kind="nik", reference=REF)
    assert out["status"].tolist() == ["valid"] * len(niks)
    assert out["region"].tolist() == [r for r, _, _, _ in parts]
    assert out["region_level"].tolist() == ["kecamatan"] * len(niks)
    assert out["sex"].tolist() == ["P" if f else "L" for _, _, f, _ in parts]
    assert out["birth"].tolist() == [d.isoformat() for _, d, _, _ in parts]
    assert out["serial"].tolist() == [f"{s:04d}" for _, _, _, s in parts]


@SETTINGS
@given(st.lists(st.one_of(st.none(), st.text(alphabet="0123456789-/. |JULIAGSTEP", max_size=14),
                          st.dates(date(1900, 1, 1), date(2030, 1, 1))
                          .map(lambda d: d.strftime("%d/%m/%Y"))), max_size=30))
def test_dates_are_a_fixed_point_on_their_output(values):
    from dptclean.normalize.dates import normalize_dates

    iso, _ = normalize_dates(pd.Series(values, dtype=STRING), reference=REF)
    again, status = normalize_dates(iso, reference=REF)
    assert again.tolist() == iso.tolist()
    # an ISO date is never ambiguous; placeholders stay placeholders
    ok = iso.notna().to_numpy()
    assert [s for s, keep in zip(status.tolist(), ok) if keep] == \
        [("placeholder" if i[5:] in ("12-31", "07-01", "01-01") else "ok")
         for i, keep in zip(iso.tolist(), ok) if keep]


@SETTINGS
@given(st.lists(st.one_of(st.none(), st.text(alphabet="0123456789*X .-'E+", max_size=20)),
                max_size=30))
def test_nik_norm_is_a_fixed_point(values):
    out = normalize_id(pd.Series(values, dtype=STRING), kind="nik", reference=REF)
    again = normalize_id(out["norm"], kind="nik", reference=REF)
    assert again["norm"].tolist() == out["norm"].tolist()
