"""match/grouping.py: links -> groups (with an operator's cannot- and must-links) and the keep
rule, called directly."""

import numpy as np
import pandas as pd

from dptclean.match.config import MatchConfig
from dptclean.match.features import build_features
from dptclean.match.grouping import (
    NO_KEEP_REASON,
    VERIFY,
    Links,
    attach_leftovers,
    group_labels,
    groups_frame,
    sure_then_possible,
)
from dptclean.normalize import normalize_voters

# 0-2: one person three times (the NIK of 2 lost its last digit to Excel); 3: someone else,
# linked to 2 only by a (wrong) chain link; 4: a record in no link
ROWS = [
    ("3320014107800001", "SITI AMINAH", "01-07-1980", "P"),
    ("3320014107800001", "SITI AMINAH", "01-07-1980", "P"),
    ("3320014107800000", "SITI AMINAH", "01-07-1980", "P"),
    ("3320011203750003", "MUHAMMAD SUPARNO", "12-03-1975", "L"),
    ("3320011010600005", "AHMAD FAUZI", "10-10-1960", "L"),
]


def _features():
    df = pd.DataFrame(ROWS, columns=["nik", "nama", "tanggal_lahir", "jenis_kelamin"],
                      dtype="string")
    df["list"] = "DPT"
    frame = normalize_voters(df)
    return frame, build_features(frame)


def _links(pairs, scores):
    return Links(np.array([a for a, _ in pairs], np.int64),
                 np.array([b for _, b in pairs], np.int64), np.array(scores, float))


def test_a_chain_into_another_person_is_cut():
    _, f = _features()
    labels = group_labels(f, _links([(0, 1), (1, 2), (2, 3)], [30.0, 25.0, 12.0]),
                          MatchConfig())
    assert labels[0] == labels[1] == labels[2] == 0
    assert labels[3] != 0 and labels[4] == -1


def test_a_rejected_pair_never_shares_a_group_and_a_confirmed_one_always_does():
    _, f = _features()
    links = _links([(0, 1), (1, 2)], [30.0, 25.0])
    cfg = MatchConfig()
    assert set(group_labels(f, links, cfg)[:3].tolist()) == {0}
    split = group_labels(f, links, cfg, rejected={(0, 2)})
    assert split[0] == split[1] != split[2]          # the stronger link wins
    # confirmed: (1, 2) is the operator's word, so it is merged first and (0, 1) must give
    kept = group_labels(f, links, cfg, rejected={(0, 2)}, confirmed={(1, 2)})
    assert kept[1] == kept[2] != kept[0]


def test_a_record_linked_only_into_a_sure_group_joins_it():
    _, f = _features()
    links = _links([(0, 1), (1, 2)], [30.0, 8.0])
    grouping = sure_then_possible(f, links, np.array([True, False]), MatchConfig())
    assert grouping.labels[:3].tolist() == [0, 0, 0]
    assert grouping.sure[:3].tolist() == [True, True, False]
    labels = np.array([0, 0, -1, -1, -1])
    attach_leftovers(labels, labels.copy(), _links([(1, 2)], [8.0]))
    assert labels.tolist() == [0, 0, 0, -1, -1]


def test_no_keep_is_proposed_when_no_rule_decides():
    frame, f = _features()
    labels = np.array([0, 0, -1, -1, -1])
    pairs = pd.DataFrame({"left": [0], "right": [1], "score": [30.0], "category": ["K1"],
                          "reasons": ["same"], "kind": ["DPT-DPT"]})
    g = groups_frame(frame, f, labels, pairs)
    assert g["action"].tolist() == [VERIFY, VERIFY]
    assert set(g["keep_reason"]) == {NO_KEEP_REASON}
    assert g["redundant"].sum() == 1
    # record 2's NIK is Excel-damaged: record 0, complete and valid, is kept
    g = groups_frame(frame, f, np.array([0, -1, 0, -1, -1]), pairs.assign(right=[2]))
    assert g.set_index("record")["action"].to_dict() == {0: "keep", 2: "remove"}
    assert g.set_index("record").at[0, "keep_reason"] == "complete valid NIK"
