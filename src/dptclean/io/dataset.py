"""Partitioned Parquet datasets: the input format for lists too big for one machine.

``write_partitioned(frame, "dpt/")`` writes ``dpt/JAWA TENGAH/JEPARA/part-0.parquet`` ... (one
directory per province and regency, one or more files in each). ``dask.dataframe.read_parquet
("dpt/")`` reads it back with one task per file, and one regency is just its directory. Every
file holds every column (the partition columns too, so a missing province stays missing and
types are kept); the directory names are only for finding a region's files.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from dptclean.errors import ConfigError, OutputError

__all__ = ["write_partitioned"]


def write_partitioned(frame: pd.DataFrame, directory: str | os.PathLike,
                      by: Sequence[str] = ("provinsi", "kabupaten"), *,
                      max_rows_per_file: int = 1_000_000, overwrite: bool = False) -> list[str]:
    """Write ``frame`` as a Parquet dataset partitioned by the columns ``by``, atomically.

    The dataset is written into a temporary directory beside ``directory`` and renamed into
    place, so a failed run never leaves half a dataset. Records keep their order inside each
    partition (files are numbered in record order); a missing or empty value is written to the
    directory ``(tidak diketahui)``, path separators in a value become ``-``. A partition of
    more than ``max_rows_per_file`` records is split into several files. Returns the files
    written (relative to ``directory``). Raises ``ConfigError`` for an unknown column and
    ``OutputError`` when ``directory`` exists (unless ``overwrite``) or cannot be written.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    by = list(by)
    missing = [c for c in by if c not in frame.columns]
    if missing or not by:
        raise ConfigError(f"cannot partition by {', '.join(missing) or '(nothing)'}: "
                          f"not a column of the records")
    if max_rows_per_file < 1:
        raise ConfigError("max_rows_per_file must be at least 1")
    target = Path(directory)
    if target.exists() and not (overwrite and target.is_dir()):
        raise OutputError("already exists" + ("" if target.is_dir() else " (not a directory)")
                          + "; choose a new directory" + ("" if overwrite else
                                                          " or overwrite it"),
                          path=str(target))
    parent = target.absolute().parent
    if not parent.is_dir():
        raise OutputError(f"the directory {parent} does not exist", path=str(target))
    try:
        tmp = Path(tempfile.mkdtemp(prefix=".dptclean-", dir=parent))
    except OSError as exc:
        raise OutputError(f"cannot create a directory: {exc.strerror or exc}",
                          path=str(target)) from None
    try:
        written: list[str] = []
        names = pd.DataFrame({c: _dir_names(frame[c]) for c in by})
        groups = names.groupby(by, sort=True, dropna=False).indices
        files_in: dict[str, int] = {}
        for key, rows in groups.items():
            parts = key if isinstance(key, tuple) else (key,)
            rel = os.path.join(*parts)
            (tmp / rel).mkdir(parents=True, exist_ok=True)
            for start in range(0, len(rows), max_rows_per_file):
                k = files_in.get(rel, 0)
                files_in[rel] = k + 1
                name = os.path.join(rel, f"part-{k}.parquet")
                chunk = frame.iloc[rows[start:start + max_rows_per_file]]
                table = pa.Table.from_pandas(chunk, preserve_index=False)
                pq.write_table(table, tmp / name, compression="zstd")
                written.append(name)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o777 & ~umask)
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=".dptclean-old-", dir=parent))
            os.replace(target, old / "data")
            os.replace(tmp, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            shutil.rmtree(tmp)
        raise OutputError(f"cannot write: {exc.strerror or exc}", path=str(target)) from None
    except BaseException:
        with contextlib.suppress(OSError):
            shutil.rmtree(tmp)
        raise
    return sorted(written)


UNKNOWN_DIR = "(tidak diketahui)"


def _dir_names(values: pd.Series) -> pd.Series:
    """A directory name per value: the text, without path separators; missing -> unknown."""
    text = values.astype("string").str.strip()
    text = text.str.replace(r"[/\\\x00]+", "-", regex=True)
    text = text.mask(text.isin(["", ".", ".."]))
    return text.fillna(UNKNOWN_DIR).astype(object)
