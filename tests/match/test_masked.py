"""Masked lists (issue 17): starred birth years, NIKs masked down to region + day + month, and
m learned by EM where the list labels no pairs itself."""

import numpy as np
import pandas as pd

from dptclean.match.blocking import candidate_pairs
from dptclean.match.compare import LEVELS, compare_pairs, level_code
from dptclean.match.config import MatchConfig
from dptclean.match.features import build_features
from dptclean.match.learn import learn_weights, pack_levels
from dptclean.match.pipeline import find_duplicates
from dptclean.match.score import score_pairs
from dptclean.normalize import normalize_voters
from dptclean.synth import generate


def _voters(rows):
    cols = ("nik", "nkk", "nama", "tempat_lahir", "tanggal_lahir", "jenis_kelamin", "kelurahan",
            "alamat")
    return pd.DataFrame([dict(zip(cols, r)) for r in rows], dtype="string")


ROWS = [
    # one person, registered twice, the year starred (moved: another village)
    ("3320014107******", "332001010203****", "RATNA DEWI KUSUMA", "JEPARA", "01-07-****", "P",
     "A", "JL MAWAR 1"),
    ("3320014107******", "332001050607****", "RATNA DEWI KUSUMA", "JEPARA", "01-07-****", "P",
     "B", "JL MELATI 9"),
    # another day and month
    ("3320015208******", "332001010203****", "RATNA DEWI KUSUMA", "JEPARA", "12-08-****", "P",
     "A", "JL MAWAR 1"),
    # day and month only from the NIK (no date written)
    ("3320014107******", "332001090909****", "RATNA DEWI KUSUMA", "JEPARA", "", "P", "C",
     "JL KENANGA 3"),
]


def test_day_and_month_come_from_the_starred_date_or_the_masked_nik():
    f = build_features(normalize_voters(_voters(ROWS)))
    assert f.dob_dm.tolist() == [107, 107, 1208, 107]
    assert (f.dob_y == 0).all()


def test_starred_years_are_paired_and_compared_on_day_and_month():
    norm = normalize_voters(_voters(ROWS))
    f = build_features(norm)
    cfg = MatchConfig()
    cands = candidate_pairs(f, cfg.blocking)
    pairs = set(zip(cands.left.tolist(), cands.right.tolist()))
    assert (0, 1) in pairs and (0, 3) in pairs   # without the day+month passes: never paired
    c = compare_pairs(f, np.array([0, 0]), np.array([1, 2]), cfg)
    names = [LEVELS["tanggal_lahir"][x] for x in c.levels["tanggal_lahir"]]
    assert names == ["day_month_agree", "different"]
    s = score_pairs(f, c, cfg)
    # weighted by the day+month's frequency: 3 of 4 records share 1 July, so less than
    # log2(0.9 / (1 / 4)) would be for a day+month held by one record
    assert 0 < s.weights["tanggal_lahir"][0] < np.log2(0.9 * 4 / 2)


def test_full_dates_are_compared_as_before():
    rows = [r[:4] + ("01-07-1980",) + r[5:] for r in ROWS[:2]]
    rows.append(ROWS[0][:4] + ("01-07-1981",) + ROWS[0][5:])
    f = build_features(normalize_voters(_voters(rows)))
    c = compare_pairs(f, np.array([0, 0]), np.array([1, 2]), MatchConfig())
    assert [LEVELS["tanggal_lahir"][x] for x in c.levels["tanggal_lahir"]] == ["exact",
                                                                                "one_digit"]


def _packed(rows, masked):
    levels = {f: [] for f in LEVELS}
    for count, lv in rows:
        for f in LEVELS:
            levels[f] += [level_code(f, lv.get(f, "unknown"))] * count
    n = len(levels["nik"])
    return pack_levels({f: np.array(v, dtype=np.int8) for f, v in levels.items()},
                       np.zeros(n, bool), np.full(n, masked))


def test_a_masked_list_learns_m_by_em():
    cfg = MatchConfig()
    # 400 pairs with strong evidence (copies), many of them moved (address differs)
    rows = [(250, {"nik": "exact_known", "nama": "exact", "tanggal_lahir": "exact",
                   "lokasi": "different"}),
            (150, {"nik": "exact_known", "nama": "typo", "tanggal_lahir": "exact",
                   "lokasi": "same_address"})]
    packed = _packed(rows, True)
    evidence = np.full(len(packed), 30.0)
    learned, summary = learn_weights(cfg, packed, evidence=evidence, log_prior=-20.0)
    assert summary["method"] == "em_masked"
    w, w0 = learned.weights, cfg.weights
    assert w["lokasi"]["different"] > w0["lokasi"]["different"]   # moves are common here
    assert w["nama"]["typo"] > w0["nama"]["typo"]
    # namesake levels and levels the list does not show stay as configured
    assert w["nama"]["similar"] == w0["nama"]["similar"]
    assert w["lokasi"]["same_kelurahan"] == w0["lokasi"]["same_kelurahan"]
    # the same pairs with complete NIKs: the labelled learning, which finds no label here
    learned2, summary2 = learn_weights(cfg, _packed(rows, False), evidence=evidence,
                                       log_prior=-20.0)
    assert "method" not in summary2 and learned2.weights == cfg.weights


def test_masked_worlds_match_better_and_complete_lists_do_not_change():
    data = generate(3000, seed=3, world="masked-6-year")
    norm = normalize_voters(data.dpt.reset_index(drop=True).astype("string"))
    res = find_duplicates(norm)
    person = data.truth_dpt.reset_index(drop=True)["person_id"].to_numpy()
    from dptclean.match.evaluate import evaluate_groups

    ev = evaluate_groups(res.groups, person)
    assert ev.recall > 0.6 and ev.precision > 0.7   # 0.00 recall before partial dates
    assert res.stats["learned_weights"]["method"] == "em_masked"
    # a complete list: no record needs the day+month passes, no EM
    full = generate(2000, seed=4)
    res2 = find_duplicates(normalize_voters(full.dpt.reset_index(drop=True).astype("string")))
    assert "method" not in res2.stats["learned_weights"]
    rules = {b["rule"]: b["pairs"] for b in res2.stats["blocking"]}
    assert rules["nik6+daymonth+first_name"] == 0


def test_year_blind_pairs_stay_possible_however_likely():
    from dptclean.match.compare import Compared
    from dptclean.match.score import sure_links

    def compared(dob, nik, nkk="unknown"):
        lv = {f: np.zeros(1, np.int8) for f in LEVELS}
        lv["nik"][:] = level_code("nik", nik)
        lv["nkk"][:] = level_code("nkk", nkk)
        lv["nama"][:] = level_code("nama", "exact")
        lv["tanggal_lahir"][:] = level_code("tanggal_lahir", dob)
        return Compared(np.array([0]), np.array([1]), lv, np.ones(1, np.float32),
                        np.full(1, -1, np.int16))

    p = np.array([0.999])
    cfg = MatchConfig()
    # a namesake born on that day in another year looks the same: possible
    assert not sure_links(compared("day_month_agree", "region_known"), p, cfg)[0]
    # the full date settles what the posterior says; so does a NIK compared digit by digit
    assert sure_links(compared("exact", "region_known"), p, cfg)[0]
    assert sure_links(compared("day_month_agree", "one_typo"), p, cfg)[0]
    # and so does one family card (a namesake born that day in another year is in another
    # family; twins have two names)
    assert sure_links(compared("day_month_agree", "region_known", "exact_known"), p, cfg)[0]


def test_a_ten_digit_nik_counts_the_district_share_not_the_date_again():
    rows = [("3320014107******", None, "RATNA DEWI", "JEPARA", "01-07-****", "P", "A", "X"),
            ("3320014107******", None, "RATNA DEWI", "JEPARA", "01-07-****", "P", "B", "Y")]
    # three more people of the same regency in another district, one more in this one
    rows += [("3320025208******", None, "ANI", "JEPARA", "12-08-****", "P", "C", "Z")] * 3
    rows += [("3320015208******", None, "ANI", "JEPARA", "12-08-****", "P", "C", "Z")]
    f = build_features(normalize_voters(_voters(rows)))
    cfg = MatchConfig()
    c = compare_pairs(f, np.array([0]), np.array([1]), cfg)
    assert LEVELS["nik"][c.levels["nik"][0]] == "region_known"
    s = score_pairs(f, c, cfg)
    # district 332001 holds 3 of the regency's 6 records: log2(0.95 / 0.5), nothing for the
    # regency itself (every record is of regency 3320)
    assert np.isclose(s.weights["nik"][0], np.log2(0.95 / 0.5))


def test_a_masked_nik_with_a_regency_slip_is_paired():
    rows = [("332001640365****", None, "SUKINA", "JEPARA", "24-03-1965", "P", "A", "X"),
            ("342001640365****", None, "SYKINA", "JEPARA", "24-03-1965", "P", "B", "Y")]
    f = build_features(normalize_voters(_voters(rows)))
    cfg = MatchConfig()
    c = candidate_pairs(f, cfg.blocking)
    assert list(zip(c.left.tolist(), c.right.tolist())) == [(0, 1)]
    st = {s.rule: s.pairs for s in c.stats}
    assert st["nik5_12+initials"] == 1


def test_year_blind_pairs_teach_em_nothing():
    cfg = MatchConfig()
    rows = [(400, {"nik": "region_known", "nama": "exact", "tanggal_lahir": "day_month_agree",
                   "lokasi": "different"})]
    packed = _packed(rows, True)
    learned, summary = learn_weights(cfg, packed, evidence=np.full(len(packed), 30.0),
                                     log_prior=-20.0)
    assert summary["method"] == "em_masked"
    assert learned.weights == cfg.weights   # namesakes born that day in other years look alike


def test_family_cards_masked_down_to_ten_digits_are_compared():
    rows = [("3320014107******", "3320010102******", "RATNA DEWI", "JEPARA", "01-07-1980", "P",
             "A", "X"),
            ("3320014107******", "3320010102******", "RATNA DEWI", "JEPARA", "01-07-1980", "P",
             "B", "Y"),
            ("3320014107******", "3320010305******", "RATNA DEWI", "JEPARA", "01-07-1980", "P",
             "B", "Y"),
            # not masked, only short: not compared as a masked card
            ("3320014107******", "3320010102", "RATNA DEWI", "JEPARA", "01-07-1980", "P", "B",
             "Y")]
    f = build_features(normalize_voters(_voters(rows)))
    c = compare_pairs(f, np.array([0, 0, 0]), np.array([1, 2, 3]), MatchConfig())
    assert [LEVELS["nkk"][x] for x in c.levels["nkk"]] == ["exact_known", "different", "unknown"]


def test_a_slip_between_masked_niks_says_no_more_than_twelve_equal_digits():
    from dptclean.match.score import partial_niks, sure_links

    # one person's two records, masked; the second NIK slipped in a date digit (year 80 -> 90):
    # its column still says 01-07-1980, so the slip shows (one_typo) -- but the serial is
    # starred, so it is no more than the 12 digits agreeing (a namesake born that day in that
    # district looks the same)
    rows = [("332001410780****", None, "SITI AMINAH", "JEPARA", "01-07-1980", "P", "A", "X"),
            ("332001410790****", None, "SITI AMINAH", "JEPARA", "01-07-1980", "P", "B", "Y"),
            ("332001410780****", None, "SITI AMINAH", "JEPARA", "01-07-1980", "P", "C", "Z")]
    f = build_features(normalize_voters(_voters(rows)))
    cfg = MatchConfig()
    left, right = np.array([0, 0]), np.array([1, 2])
    c = compare_pairs(f, left, right, cfg)
    assert [LEVELS["nik"][x] for x in c.levels["nik"]] == ["one_typo", "exact_known"]
    s = score_pairs(f, c, cfg)
    assert s.weights["nik"][0] <= s.weights["nik"][1] < cfg.weights["nik"]["one_typo"]
    partial = partial_niks(f, left, right)
    assert partial.all()
    # the posterior alone (below sure_threshold) no longer makes it sure
    p = np.array([0.95, 0.95])
    assert sure_links(c, p, cfg)[0]               # a slip between complete NIKs would
    assert not sure_links(c, p, cfg, partial=partial)[0]


def test_sex_is_not_counted_again_beside_the_same_name_on_masked_pairs():
    rows = [("332001410780****", None, "SITI AMINAH", "JEPARA", "01-07-1980", "P", "A", "X"),
            ("332001410780****", None, "SITI AMINAH", "JEPARA", "01-07-1980", "P", "B", "Y"),
            ("332001410780****", None, "SITI AMIRAH", "JEPARA", "01-07-1980", "P", "B", "Y")]
    f = build_features(normalize_voters(_voters(rows)))
    cfg = MatchConfig()
    c = compare_pairs(f, np.array([0, 0]), np.array([1, 2]), cfg)
    assert [LEVELS["nama"][x] for x in c.levels["nama"]] == ["exact", "typo"]
    s = score_pairs(f, c, cfg)
    # the same name: its share of the list already holds the sex; a slip: sex counts
    assert s.weights["jenis_kelamin"].tolist() == [0.0, cfg.weights["jenis_kelamin"]["agree"]]
    # complete NIKs keep the sex weight (not measured there in this round)
    full = [(r[0].replace("****", "0001"),) + r[1:] for r in rows[:2]]
    f2 = build_features(normalize_voters(_voters(full)))
    c2 = compare_pairs(f2, np.array([0]), np.array([1]), cfg)
    s2 = score_pairs(f2, c2, cfg)
    assert s2.weights["jenis_kelamin"][0] == cfg.weights["jenis_kelamin"]["agree"]


def test_twins_named_one_inside_the_other_are_not_settled_by_the_card_when_masked():
    from dptclean.match.compare import Compared
    from dptclean.match.score import sure_links

    lv = {f: np.zeros(1, np.int8) for f in LEVELS}
    lv["nik"][:] = level_code("nik", "exact_known")
    lv["nkk"][:] = level_code("nkk", "exact_known")
    lv["nama"][:] = level_code("nama", "subset")        # SARINAH / SUTINAH SARINAH
    lv["tanggal_lahir"][:] = level_code("tanggal_lahir", "exact")
    c = Compared(np.array([0]), np.array([1]), lv, np.ones(1, np.float32),
                 np.full(1, -1, np.int16))
    cfg = MatchConfig()
    masked = np.array([True])
    # with the serials visible, twins show the neighbour pattern: the card settles the rest
    assert sure_links(c, np.array([0.95]), cfg, partial=~masked)[0]
    # starred, twins named alike look the same: the posterior has to settle it
    assert not sure_links(c, np.array([0.95]), cfg, partial=masked)[0]
    assert sure_links(c, np.array([0.995]), cfg, partial=masked)[0]
    # the same name, or a one-letter slip, still needs no more than the card
    for name in ("exact", "typo"):
        lv["nama"][:] = level_code("nama", name)
        assert sure_links(c, np.array([0.5]), cfg, partial=masked)[0]
