"""Invariants of the generator for any size and seed (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import dptclean
from dptclean import schema
from dptclean.synth import DUP_KIND, PERSON_ID, generate
from dptclean.synth.layouts import write_plain_csv


@settings(max_examples=15, deadline=None)
@given(n=st.integers(1, 400), seed=st.integers(0, 2**31), rate=st.sampled_from([0, 0.01, 0.1]),
       mask=st.booleans())
def test_generator_invariants(tmp_path_factory, n, seed, rate, mask):
    d = generate(n, seed=seed, dup_rate=rate, mask_nik=mask)
    t = d.truth_dpt
    assert len(d.dpt) == len(t) == n
    assert len(t) - t[PERSON_ID].nunique() == round(n * rate)
    assert t[PERSON_ID].value_counts().max() <= 3
    assert (t[DUP_KIND] != "").sum() >= round(n * rate)
    originals = t[DUP_KIND] == ""
    pattern = r"\d{12}\*{4}" if mask else r"\d{16}"
    assert d.dpt.loc[originals, schema.NIK].str.fullmatch(pattern).all()
    # no row is lost when the list is written and read back
    path = tmp_path_factory.mktemp("p") / "dpt.csv"
    write_plain_csv(d.dpt, path)
    back = dptclean.read_voters(path)
    assert back[schema.NAMA].tolist() == d.dpt[schema.NAMA].tolist()
