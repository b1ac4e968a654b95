"""The lokasi comparison on addresses written differently (issue 17: the address is normalised
before the household key and the fuzzy street key are built)."""

import numpy as np
import pandas as pd
import pytest

from dptclean.match.compare import LEVELS, compare_pairs
from dptclean.match.config import MatchConfig
from dptclean.match.features import build_features
from dptclean.normalize import normalize_voters


def _rec(alamat, rt=None, rw=None, kel="KEDUNGSARIMULYO"):
    return {"nama": "SITI AMINAH", "tanggal_lahir": "01-07-1980", "jenis_kelamin": "P",
            "kelurahan": kel, "alamat": alamat, "rt": rt, "rw": rw}


def _lokasi(a, b):
    frame = normalize_voters(pd.DataFrame([a, b], dtype="string"))
    c = compare_pairs(build_features(frame), np.array([0]), np.array([1]), MatchConfig())
    return LEVELS["lokasi"][c.levels["lokasi"][0]]


CASES = [
    # the same house, spelt differently: the same address
    ("same_address", _rec("JL. MERDEKA NO. 5", "001", "002"), _rec("Jalan Merdeka 5 Rt.1 Rw.2")),
    ("same_address", _rec("JLN MERDEKA NO5 RT 001/RW 002"), _rec("JL. MERDEKA NO. 5", "1", "2")),
    ("same_address", _rec("DK. KRAJAN", "003", "001"), _rec("DUKUH KRAJAN RT 03 RW 01")),
    ("same_address", _rec("DSN. KRAJAN", "3", "1"), _rec("KRAJAN", "003", "001")),
    ("same_address", _rec("GG. MAWAR NO 7", "1", "1"), _rec("GANG MAWAR NOMOR 07", "001", "001")),
    # another house on the same street, another RT: close, not the same
    ("similar_address", _rec("JL. MERDEKA NO. 5", "1", "2"), _rec("JL. MERDEKA NO. 15", "1", "2")),
    ("similar_address", _rec("JL. MERDEKA NO. 5", "1", "2"), _rec("JL. MERDEKA NO. 5", "11", "2")),
    ("similar_address", _rec("DK. KRAJAN RT 1 RW 2"), _rec("DK. KRAJAN RT 11 RW 2")),
    # a gang is not the jalan of the same name
    ("same_kelurahan", _rec("GANG MAWAR", "1", "1"), _rec("JALAN MAWAR", "1", "1")),
    ("different", _rec("JL. MERDEKA NO. 5", "1", "2"), _rec("DK. KRAJAN", "1", "2", kel="BUGO")),
]


@pytest.mark.parametrize("level,a,b", CASES)
def test_lokasi_levels(level, a, b):
    assert _lokasi(a, b) == level
