"""Which list a sheet is (DPT / DPK / DPTb / DPS) and which list its records are counted in.

The list type is read from the sheet's title rows ("DAFTAR PEMILIH KHUSUS"), its name, the
file name and a list column (KETERANGAN or JENIS DAFTAR holding "DPK" in every row). Title,
list column and file name must agree (a sheet name may differ from the file name: a workbook
``dpt_jepara.xlsx`` may hold a sheet ``DPK``); a disagreement is an input error. A list given as
the DPT that says it is a DPK is refused unless its name says so too (names saying DPK have
always made a file a DPK); a DPTb is never counted as the DPT.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from dptclean import schema
from dptclean.errors import InputError
from dptclean.io import messages

DPT, DPK, DPTB, DPS = "DPT", "DPK", "DPTb", "DPS"

_TITLE = re.compile(r"(?i)\bDAFTAR\s+PEMILIH\s+(TETAP|KHUSUS|TAMBAHAN|SEMENTARA)\b")
_PHRASE = {"TETAP": DPT, "KHUSUS": DPK, "TAMBAHAN": DPTB, "SEMENTARA": DPS}
# Abbreviations as words of a title, a sheet or file name, or the values of a list column.
_WORDS = {"DPT": DPT, "DPTHP": DPT, "DPTHP1": DPT, "DPTHP2": DPT, "DPTHP3": DPT,
          "DPK": DPK, "DPTB": DPTB, "DPS": DPS, "DPSHP": DPS, "DPSHPA": DPS}
_NAME_WORDS = {**_WORDS, "TETAP": DPT, "KHUSUS": DPK, "TAMBAHAN": DPTB, "SEMENTARA": DPS}
# Headers of a column that says which list each row is on (besides KETERANGAN).
_LIST_COLUMNS = {"JENISDAFTAR", "JNSDAFTAR", "DAFTAR", "JENISPEMILIH", "KATEGORIPEMILIH",
                 "JENISDPT"}


@dataclass
class Listed:
    role: str                 # DPT or DPK: the list the records are counted in
    type: str | None          # what the input says it is
    source: str | None        # title / sheet / file / column
    said: str | None = None   # the words that said it ("DAFTAR PEMILIH KHUSUS")


def from_title(texts: list[str]) -> tuple[str, str] | None:
    for t in texts:
        m = _TITLE.search(t)
        if m:
            return _PHRASE[m.group(1).upper()], " ".join(m.group(0).upper().split())
        for word in re.split(r"[^A-Za-z0-9]+", t.upper()):
            if word in _WORDS:
                return _WORDS[word], word
    return None


def from_name(name: str | None) -> tuple[str, str] | None:
    if not name:
        return None
    for word in re.split(r"[^A-Za-z]+", name.upper()):
        if word in _NAME_WORDS:
            return _NAME_WORDS[word], word
    return None


def from_columns(data: dict[str, Any]) -> tuple[str, str, str] | None:
    """(type, column, value) when KETERANGAN or a list column holds list names only."""
    for name, col in data.items():
        if name != schema.KETERANGAN and schema.header_key(name) not in _LIST_COLUMNS:
            continue
        if not isinstance(col, (pa.Array, pa.ChunkedArray)) or len(col) == 0:
            continue
        values = [v for v in pc.unique(col).to_pylist() if v]
        types = {_WORDS.get(schema.header_key(v)) for v in values}
        if not values or None in types:
            continue
        if len(types) > 1:
            raise messages.error(InputError, "list_column_mixed", column=name.upper(),
                                 types=", ".join(sorted(t for t in types if t)))
        return types.pop(), name.upper(), str(values[0])  # type: ignore[return-value]
    return None


def decide(grid, layout, data: dict[str, Any], given: str | None) -> Listed:
    """The list type of a sheet and the list its records are counted in (see module doc)."""
    try:
        column = from_columns(data)
    except InputError as exc:
        exc.path, exc.sheet = grid.source, grid.sheet
        raise
    evidence: dict[str, tuple[str, str]] = {}
    for source, found in (("title", from_title(layout.title_texts)),
                          ("column", column[:2] if column else None),
                          ("sheet", from_name(grid.sheet)),
                          ("file", from_name(_stem(grid.source)))):
        if found is not None:
            evidence[source] = found
    _check_agreement(grid, evidence)
    if not evidence:
        return Listed(given or DPT, None, None)
    source = next(iter(evidence))
    kind, said = evidence[source]
    return Listed(_role(grid, kind, said, source, given, evidence), kind, source, said)


def _stem(source: str) -> str | None:
    return None if source.startswith("<") else Path(source).stem


def _check_agreement(grid, evidence: dict[str, tuple[str, str]]) -> None:
    for group in (("title", "column", "file"), ("title", "column", "sheet")):
        kinds = {evidence[s][0] for s in group if s in evidence}
        if len(kinds) > 1:
            said = "; ".join(f"{messages.where(s)} {evidence[s][1]!r} ({evidence[s][0]})"
                             for s in group if s in evidence)
            raise messages.error(InputError, "list_conflict", path=grid.source,
                                 sheet=grid.sheet, evidence=said)


def _role(grid, kind: str, said: str, source: str, given: str | None,
          evidence: dict[str, tuple[str, str]]) -> str:
    """The list the records are counted in. A list given explicitly (``given``) wins over
    a name (weak evidence), never over a title or a list column (strong evidence)."""
    strong = source in ("title", "column")
    if given == DPK:
        if kind != DPK and strong:
            raise messages.error(InputError, "not_dpk", path=grid.source, sheet=grid.sheet,
                                 where=messages.where(source), title=said)
        return DPK
    if kind == DPK:
        named = any(evidence.get(s, ("",))[0] == DPK for s in ("sheet", "file"))
        if given is None and named:
            return DPK
        if given == DPT and not strong:
            return DPT
        raise messages.error(InputError, "give_as_dpk", path=grid.source, sheet=grid.sheet,
                             title=said)
    if kind == DPTB and (strong or given is None):
        raise messages.error(InputError, "dptb_not_counted", path=grid.source,
                             sheet=grid.sheet, title=said)
    return DPT
