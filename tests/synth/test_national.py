"""The multi-regency (national) list: one real kabupaten/kota per part, voters who moved."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dptclean import schema
from dptclean.synth import PERSON_ID, true_pairs
from dptclean.synth.generator import DUP_KIND, NIK_TRUE
from dptclean.synth.geo import get_regency, regency_codes
from dptclean.synth.national import (
    MOVED_REGENCY,
    generate_part,
    national_codes,
    part_paths,
    write_national,
)


def test_codes_walk_java_first():
    codes = national_codes()
    assert sorted(codes) == sorted(regency_codes()) and len(set(codes)) == len(codes)
    assert codes[0] == "3301" and codes[:20] == tuple(f"33{i:02d}" for i in range(1, 21))
    provinces = list(dict.fromkeys(c[:2] for c in codes))
    assert provinces[:6] == ["33", "35", "32", "36", "31", "34"]


N = 4000


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    out = tmp_path_factory.mktemp("national")
    written = write_national(out, 3, N)
    parts = [(pd.read_parquet(d).fillna(""), pd.read_parquet(t).fillna(""))
             for d, t in (part_paths(out, k) for k in range(3))]
    return out, written, parts


def test_parts_are_different_regencies(national):
    _, written, parts = national
    assert [w["regency_code"] for w in written] == list(national_codes()[:3])
    for k, (dpt, truth) in enumerate(parts):
        regency = get_regency(national_codes()[k])
        assert len(dpt) == len(truth) == N
        assert (dpt[schema.KABUPATEN] == regency.name).all()
        assert truth[PERSON_ID].str.startswith(f"F{k:03d}-").mean() > 0.99
        native = ~truth[DUP_KIND].str.contains(MOVED_REGENCY)
        assert (dpt.loc[native, schema.NIK].str[:4] == regency.code).mean() > 0.8


def test_movers_keep_their_nik_and_person_id(national):
    _, written, parts = national
    assert written[0]["moved_in"] == 0
    for k in (1, 2):
        dpt, truth = parts[k]
        prev_dpt, prev_truth = parts[k - 1]
        moved = truth[DUP_KIND].str.contains(MOVED_REGENCY)
        assert moved.sum() == written[k]["moved_in"] == round(N * 0.001)
        ids = truth.loc[moved, PERSON_ID]
        assert ids.str.startswith(f"F{k - 1:03d}-").all()
        before = prev_dpt.set_index(prev_truth[PERSON_ID])
        assert (dpt.loc[moved, schema.NIK].to_numpy()
                == before.loc[ids, schema.NIK].to_numpy()).all()
        assert (dpt.loc[moved, schema.NKK].to_numpy()
                != before.loc[ids, schema.NKK].to_numpy()).all()
        assert dpt.loc[moved, schema.NKK].str.startswith(national_codes()[k]).all()


def test_person_ids_and_niks_are_unique_over_parts(national):
    _, _, parts = national
    truth = pd.concat([t for _, t in parts], ignore_index=True)
    per_nik = truth.groupby(NIK_TRUE)[PERSON_ID].nunique()
    assert (per_nik == 1).all()
    per_person = truth.groupby(PERSON_ID)[NIK_TRUE].nunique()
    assert (per_person == 1).all()
    # the truth of the whole list pairs each mover's two records
    pairs = true_pairs(truth)
    part = np.repeat(np.arange(3), N)
    cross = pairs[part[pairs["left"]] != part[pairs["right"]]]
    assert len(cross) == 2 * round(N * 0.001)


def test_resume_writes_the_same_files(national, tmp_path):
    out, _, _ = national
    write_national(tmp_path, 2, N)
    write_national(tmp_path, 3, N)  # part 2 from part 1 read back
    for k in range(3):
        for a, b in zip(part_paths(out, k), part_paths(tmp_path, k)):
            assert a.read_bytes() == b.read_bytes()


def test_part_without_previous_has_no_movers():
    sd = generate_part(5, 1000)
    assert sd.params["regency_code"] == national_codes()[5]
    assert not sd.truth_dpt[DUP_KIND].str.contains(MOVED_REGENCY).any()
