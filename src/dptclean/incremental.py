"""Incremental dedupe: new records against an already-cleaned list.

A cleaned list has already been deduplicated; comparing it with itself again is wasted work.
:func:`dedupe_against` compares only pairs that involve a new record (new-new and new-clean),
while name and date frequencies and the prior still come from the whole list, so a pair scores
as it would in a full run.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from dptclean import schema

ProgressCallback = Callable[[str, int, "int | None"], None]


def _normalised(frame: pd.DataFrame) -> pd.DataFrame:
    if schema.NAMA_NORM in frame.columns and schema.NIK_STATUS in frame.columns:
        return frame
    from dptclean.normalize import normalize_voters

    return normalize_voters(frame)


def combined_frame(new_frame: pd.DataFrame, clean_frame: pd.DataFrame) -> pd.DataFrame:
    """The frame :func:`dedupe_against` matches: the clean records first, then the new ones
    (normalised where they are not yet). Record positions in its result refer to this frame;
    records at positions ``>= len(clean_frame)`` are the new ones."""
    clean = _normalised(clean_frame).reset_index(drop=True)
    new = _normalised(new_frame).reset_index(drop=True)
    both = pd.concat([clean, new], ignore_index=True, sort=False)
    if schema.LIST in both.columns:
        both[schema.LIST] = pd.Categorical(both[schema.LIST].astype(object),
                                           categories=["DPT", "DPK"])
    return both


def new_mask(new_frame: pd.DataFrame, clean_frame: pd.DataFrame) -> np.ndarray:
    """True for the new records of :func:`combined_frame`."""
    mask = np.zeros(len(clean_frame) + len(new_frame), dtype=bool)
    mask[len(clean_frame):] = True
    return mask


def dedupe_against(new_frame: pd.DataFrame, clean_frame: pd.DataFrame, config=None, *,
                   progress: ProgressCallback | None = None, combined: pd.DataFrame | None = None):
    """Duplicates among ``new_frame`` and between it and ``clean_frame``, never clean-clean.

    Returns the :class:`~dptclean.match.pipeline.MatchResult` of ``find_duplicates`` on
    :func:`combined_frame` (pass it as ``combined`` when it is already built); its record
    positions refer to that frame. ``stats["incremental"]`` says how many records were clean and
    new.
    """
    from dptclean.match.pipeline import find_duplicates

    both = combined if combined is not None else combined_frame(new_frame, clean_frame)
    if len(both) != len(clean_frame) + len(new_frame):
        raise ValueError("combined must be combined_frame(new_frame, clean_frame)")
    mask = new_mask(new_frame, clean_frame)
    result = find_duplicates(both, config, progress=progress, new_records=mask)
    result.stats["incremental"] = {"clean_records": int(len(clean_frame)),
                                   "new_records": int(len(new_frame))}
    return result
