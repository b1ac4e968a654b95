"""A list whose 16th NIK digit cannot be trusted (Excel damage, docs/domain.md): learned from
the share of complete NIKs ending in 0, not assumed."""

import numpy as np
import pandas as pd

from dptclean.match.compare import compare_pairs
from dptclean.match.config import MatchConfig
from dptclean.match.features import build_features, last_digit_damage
from dptclean.match.score import score_pairs


def _list(damaged_share: float, n: int = 400) -> pd.DataFrame:
    """n people of one district with small serials (units digits 1-9), a share of them
    written with the 16th digit zeroed (as Excel leaves a NIK: it still looks complete), and
    two different people, serials 0001 and 0002 of one prefix, both damaged to ...0000 -> the
    same NIK text ending 0 (records 0 and 1)."""
    rng = np.random.default_rng(3)
    niks, names, dobs = [], [], []
    for i in range(n):
        day, month, year = 1 + i % 28, 1 + (i // 28) % 12, 60 + i % 30
        nik = f"332001{day:02d}{month:02d}{year:02d}000{1 + rng.integers(0, 9)}"
        niks.append(nik[:15] + "0" if rng.random() < damaged_share else nik)
        names.append(f"ORANG {i:04d}")
        dobs.append(f"19{year:02d}-{month:02d}-{day:02d}")
    # two people born the same day: serials 0001 and 0002, both stored as ...0010 (damaged
    # "0001" -> "0000" is an impossible serial, so they are written here with a valid 0010)
    niks[0] = niks[1] = "3320010101600010"
    dobs[0] = dobs[1] = "1960-01-01"
    names[0], names[1] = "SITI AMINAH", "SRI WAHYUNI"
    return pd.DataFrame({"nik_norm": niks, "nik_status": ["valid"] * n, "nama_norm": names,
                         "nama_key": names, "tanggal_lahir_norm": dobs,
                         "jenis_kelamin_norm": ["P"] * n})


def _nik_bits(df: pd.DataFrame) -> float:
    f = build_features(df)
    cfg = MatchConfig()
    c = compare_pairs(f, np.array([0]), np.array([1]), cfg)
    return float(score_pairs(f, c, cfg).weights["nik"][0])


def test_the_share_of_zeros_beyond_the_nines_is_the_damage():
    assert last_digit_damage(build_features(_list(0.0))) < 0.2
    # 40% zeroed, units 1-9 uniform otherwise: 0.4 + 0.6/9*0 zeros against 0.6/9 nines,
    # so about (0.4 - 0.067) / 0.4 = 0.83 of the zeros are damage
    assert 0.75 < last_digit_damage(build_features(_list(0.4))) < 0.9


def test_a_list_with_many_niks_ending_in_0_does_not_trust_equal_niks_ending_in_0():
    trusted, damaged = _nik_bits(_list(0.0)), _nik_bits(_list(0.4))
    # a clean list: the equal complete NIK is (nearly) the full evidence
    assert trusted > 15
    # 40% of NIKs end in 0: two different people's damaged NIKs are equal in 15 digits only,
    # and where many share those 15 digits that is little evidence
    assert damaged < trusted - 10
