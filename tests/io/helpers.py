"""Assertions shared by the reader tests."""

from __future__ import annotations

from dptclean.io.readers import LoadResult


def assert_accounted(result: LoadResult, nonempty_rows: int) -> None:
    """Every non-empty input row is a loaded record or a skipped row (blank rows aside)."""
    d = result.to_dict()
    skipped = {k: v for k, v in d["skipped"].items() if k != "blank"}
    assert d["records"] + sum(skipped.values()) == nonempty_rows, d
    assert d["records"] == sum(s["records"] for s in d["sheets"])


def values(df, *columns: str) -> list:
    """Rows of the given columns as plain Python values (missing -> None)."""
    import pandas as pd

    part = df[list(columns)].astype(object)
    rows = [[None if v is pd.NA or v is None else v for v in row] for row in part.values.tolist()]
    return [r[0] for r in rows] if len(columns) == 1 else rows
