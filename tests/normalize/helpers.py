"""One helper runs a table of normaliser cases and reports every mismatch at once."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd

STRING = pd.StringDtype("pyarrow")


def series(values: Sequence[Any]) -> pd.Series:
    return pd.Series(list(values), dtype=STRING)


def plain(value: Any) -> Any:
    """pd.NA / NaN -> None so expectations can be written with None."""
    if value is None or value is pd.NA:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def check_table(func: Callable[[pd.Series], pd.Series],
                cases: Sequence[tuple[Any, Any]]) -> None:
    """Run ``func`` once over all inputs; assert each output equals its expectation."""
    inputs = [c[0] for c in cases]
    out = func(series(inputs))
    assert len(out) == len(cases)
    bad = [f"  {inp!r}: expected {exp!r}, got {plain(got)!r}"
           for (inp, exp), got in zip(cases, out.tolist()) if plain(got) != exp]
    assert not bad, "mismatches:\n" + "\n".join(bad)
