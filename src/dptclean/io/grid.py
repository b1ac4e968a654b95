"""What every format reader produces: a *grid*, one sheet or CSV file as text cells.

A grid holds a sheet or a CSV file exactly as its cells are, without a header applied, plus what
is needed to give each row the number a person sees (Excel row, CSV line). Layout detection and
canonical mapping happen later, the same way for every format (see :mod:`dptclean.io.readers`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
CSV_SUFFIXES = {".csv", ".tsv", ".txt", ".tab", ".dat"}
PARQUET_SUFFIXES = {".parquet", ".pq"}

# CSV columns are parsed straight into large_string, the type pandas' string dtype holds.
TEXT = pa.large_string()


@dataclass
class Grid:
    """One sheet or CSV file as text cells, plus row numbering and format hints."""

    source: str
    sheet: str | None
    table: pa.Table                      # string columns, no header applied
    first_row: int = 1                   # the row/line number of table row 0 (1-based)
    row_numbers: np.ndarray | None = None  # explicit row number per table row, when irregular
    skipped: dict[str, list[int]] = field(default_factory=dict)  # rows dropped by the parser
    # For workbooks: which cells of the given columns hold numbers (not text). Called lazily.
    numeric_cells: Callable[[Sequence[int]], dict[int, np.ndarray]] | None = None
    kind: str = "csv"                    # csv / excel / parquet
    has_header_names: bool = False       # parquet: column names are the header
    preset_columns: dict[str, pa.ChunkedArray] = field(default_factory=dict)
    hidden: str | None = None            # workbooks: "hidden" / "veryhidden" sheet state
    notes: list = field(default_factory=list)  # ReadNotes of the format reader (formulas)
    hidden_rows: np.ndarray | None = None  # .xlsx: Excel rows hidden (by hand or a filter)

    def numbers(self, start: int, stop: int) -> np.ndarray:
        """Row numbers of table rows ``start:stop``."""
        if self.row_numbers is not None:
            return self.row_numbers[start:stop]
        return np.arange(self.first_row + start, self.first_row + stop, dtype=np.int64)


def suffix_of(path: str | os.PathLike) -> str:
    return Path(str(path)).suffix.lower()


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
