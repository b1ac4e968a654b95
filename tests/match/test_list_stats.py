"""ListStats built from value counts gathered elsewhere (the Dask engine's partitions)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dptclean.match.features import ListStats


def test_a_value_counted_under_two_representations_is_one_value():
    # a name counted as str in one partition and as another object in the other (or an int
    # key once as int, once as float): one value, its counts added, and lookup works
    names = pd.Series([3, 2, 5], index=pd.Index(["BUDI", "BUDI", "SITI"], dtype=object))
    keys = pd.Series([4, 2], index=pd.Index([7.0, 7], dtype=object))
    stats = ListStats.from_value_counts(20, {"name_norm": names, "nik12": keys})
    got = stats.lookup("name_norm", np.array(["BUDI", "SITI", "EKO"], dtype=object))
    assert got.tolist() == [5, 5, 1]
    assert stats.lookup("nik12", np.array([7, 8], dtype=np.int64)).tolist() == [6, 1]
