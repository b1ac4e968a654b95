"""`writers.write_csv` writes the bytes pandas' `to_csv` writes (issue 16: the groups CSV is
written without pandas' chunked conversion); a dtype it does not convert goes to pandas."""

from __future__ import annotations

import csv

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dptclean.io.writers import _csv_cells, write_csv


def _pandas_bytes(frame: pd.DataFrame, path, sep: str, quoting: int) -> bytes:
    frame.to_csv(path, index=False, sep=sep, encoding="utf-8-sig", lineterminator="\n",
                 quoting=quoting)
    return path.read_bytes()


def _ours(frame: pd.DataFrame, path, sep: str, quoting: int) -> bytes:
    write_csv(frame, path, sep=sep, quoting=quoting)
    return path.read_bytes()


TEXT = ["SUPAN", "", None, 'SITI "IPAH"', "a,b", "dua\nbaris", "tab\there", "Ñoño ÉÀ",
        "'=1+1", "-5", " lead", "trail ", "3320**********09"]


def _frame() -> pd.DataFrame:
    n = len(TEXT)
    rng = np.random.default_rng(4)
    return pd.DataFrame({
        "text_arrow": pd.array(TEXT, dtype="string[pyarrow]"),
        "text_python": pd.array(TEXT, dtype="string[python]"),
        "object": pd.Series(TEXT, dtype=object).where(lambda s: s.index % 5 != 1, np.nan),
        "mixed": pd.Series([1, "x", 2.5, None, True, pd.NA, 10**17, "", -0.0, 1e-5, 1e16,
                            float("nan"), "z"], dtype=object),
        "numpy_scalars": pd.Series([np.float64(1.5), np.int64(3), np.bool_(True),
                                    np.float32(0.1), "a,b", 'q"', "\n", "", None,
                                    np.float64("nan"), b"bytes", 1 + 2j, "e"], dtype=object),
        "float": np.array([26.2, -0.7, np.nan, 1e16, 1e-5, 0.1 + 0.2, 100.0, -0.0, 1.0,
                           2.5e-300, np.inf, 123456789.123, 7.0]),
        "float32": np.array([0.1, 1.5, np.nan, 3.0, 4.25, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0,
                             11.0, 12.0], dtype=np.float32),
        "int": rng.integers(-10**12, 10**12, n),
        "uint8": np.arange(n, dtype=np.uint8),
        "bool": np.arange(n) % 2 == 0,
        "Int8": pd.array([1, None, -3, 4, 5, None, 7, 8, 9, 10, 11, 12, 13], dtype="Int8"),
        "Int64": pd.array([None] + list(range(n - 1)), dtype="Int64"),
        "boolean": pd.array([True, None, False] * 4 + [None], dtype="boolean"),
        "category": pd.Categorical(["DPT", "DPK", None] * 4 + ["DPT"],
                                   categories=["DPT", "DPK"]),
    })


@pytest.mark.parametrize("quoting", [csv.QUOTE_MINIMAL, csv.QUOTE_ALL])
@pytest.mark.parametrize("sep", [",", "\t"])
def test_same_bytes_as_pandas(tmp_path, quoting, sep):
    frame = _frame()
    if quoting == csv.QUOTE_ALL:
        # quoted floats: pandas 2 and 3 write them differently, so pandas writes them
        assert _csv_cells(frame, quoting) is None
        frame = frame.drop(columns=["float", "float32"])
    assert _csv_cells(frame, quoting) is not None       # every column on the fast path
    expected = _pandas_bytes(frame, tmp_path / "pandas.csv", sep, quoting)
    assert _ours(frame, tmp_path / "ours.csv", sep, quoting) == expected
    assert expected.startswith("\ufeff".encode())      # the BOM Excel needs


@pytest.mark.parametrize("cells_at_once", [1, 30, 100])
@pytest.mark.parametrize("quoting", [csv.QUOTE_MINIMAL, csv.QUOTE_ALL])
def test_written_in_slices_same_bytes(tmp_path, monkeypatch, cells_at_once, quoting):
    """A large table is converted a slice of rows at a time: the slices join up exactly."""
    import dptclean.io.writers as writers

    monkeypatch.setattr(writers, "_CSV_CELLS_AT_ONCE", cells_at_once)
    frame = _frame()
    if quoting == csv.QUOTE_ALL:
        frame = frame.drop(columns=["float", "float32"])
        assert _csv_cells(frame, quoting) is not None
    expected = _pandas_bytes(frame, tmp_path / "pandas.csv", ",", quoting)
    assert _ours(frame, tmp_path / "ours.csv", ",", quoting) == expected


@pytest.mark.parametrize("frame", [
    pd.DataFrame({"a": pd.Series([], dtype="string"), "b": pd.Series([], dtype=float)}),
    pd.DataFrame({"": ["", None]}),                  # one empty field per row
    pd.DataFrame({0: [1, 2], "x y": ["a", "b"]}),     # a label that is not text
    pd.DataFrame([[1, 2]], columns=["dup", "dup"]),   # the same label twice
    pd.DataFrame(index=range(3)),                     # no columns
], ids=["no rows", "one empty column", "int label", "duplicate labels", "no columns"])
def test_edge_shapes(tmp_path, frame):
    expected = _pandas_bytes(frame, tmp_path / "pandas.csv", ",", csv.QUOTE_MINIMAL)
    assert _ours(frame, tmp_path / "ours.csv", ",", csv.QUOTE_MINIMAL) == expected


def test_other_dtypes_go_to_pandas(tmp_path):
    frame = pd.DataFrame({"when": pd.to_datetime(["2024-02-14", None]),
                          "f": pd.array([0.5, None], dtype="Float64"), "t": ["a", "b"]})
    assert _csv_cells(frame[["when"]], csv.QUOTE_MINIMAL) is None
    assert _csv_cells(frame[["f"]], csv.QUOTE_MINIMAL) is None
    expected = _pandas_bytes(frame, tmp_path / "pandas.csv", ",", csv.QUOTE_MINIMAL)
    assert _ours(frame, tmp_path / "ours.csv", ",", csv.QUOTE_MINIMAL) == expected


def test_frame_left_unchanged(tmp_path):
    frame = _frame()
    before = frame.copy()
    write_csv(frame, tmp_path / "x.csv")
    pd.testing.assert_frame_equal(frame, before)


_TEXT = st.one_of(st.none(), st.text(max_size=8), st.text(alphabet=',"\n\r\t ab', max_size=6))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_TEXT, _TEXT, st.one_of(st.none(), st.floats(allow_nan=True)),
                          st.integers(-2**62, 2**62)), max_size=12),
       st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]), st.sampled_from([",", "\t"]))
def test_any_values_same_bytes(tmp_path_factory, rows, quoting, sep):
    tmp = tmp_path_factory.mktemp("csv")
    frame = pd.DataFrame(rows, columns=["text", "object", "score", "n"])
    frame["text"] = frame["text"].astype("string[pyarrow]")
    frame["object"] = frame["object"].astype(object)
    frame["score"] = frame["score"].astype(float)
    frame["n"] = frame["n"].astype("int64")
    try:
        expected = _pandas_bytes(frame, tmp / "pandas.csv", sep, quoting)
    except UnicodeEncodeError:       # a lone surrogate: pandas refuses it, and so must we
        with pytest.raises(UnicodeEncodeError):
            _ours(frame, tmp / "ours.csv", sep, quoting)
        return
    assert _ours(frame, tmp / "ours.csv", sep, quoting) == expected
