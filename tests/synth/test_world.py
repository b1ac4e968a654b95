"""The generator's error-model knobs (World): each changes what it says, the truth stays exact."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest

from dptclean import schema
from dptclean.errors import ConfigError
from dptclean.synth import DUP_KIND, PERSON_ID, TRAP_ID, WORLDS, World, generate
from dptclean.synth import corrupt as cr
from dptclean.synth.generator import NIK_TRUE, TANGGAL_LAHIR_TRUE
from dptclean.synth.names import COMMON_F, COMMON_M
from tests.builders import run_cli

N = 10_000
PLACEHOLDER_DAYS = ("12-31", "07-01", "01-01")


def _gen(seed: int = 4, **knobs) -> tuple[pd.DataFrame, pd.DataFrame]:
    d = generate(N, seed=seed, world=World(**knobs))
    return d.dpt, d.truth_dpt


def _copies(truth: pd.DataFrame, label: str) -> np.ndarray:
    kinds = truth[DUP_KIND].str.split("+")
    return np.flatnonzero(kinds.map(lambda k: label in k).to_numpy())


def _all_copies(truth: pd.DataFrame) -> np.ndarray:
    return np.flatnonzero(((truth[DUP_KIND] != "") & (truth[TRAP_ID] == "")).to_numpy())


def _originals(truth: pd.DataFrame) -> np.ndarray:
    return np.flatnonzero(((truth[DUP_KIND] == "") & (truth[TRAP_ID] == "")).to_numpy())


def _diff_positions(a: str, b: str) -> list[int]:
    return [i + 1 for i, (x, y) in enumerate(zip(a, b)) if x != y]


def _assert_truth_exact(dpt: pd.DataFrame, truth: pd.DataFrame) -> None:
    """Every group of one person has exactly one original; copies say how they were made;
    trap members are all different people; the truth NIK is a complete one."""
    assert len(dpt) == len(truth)
    is_copy = truth[DUP_KIND].str.contains("|".join(cr.DUP_KINDS)).to_numpy()
    originals_per_person = pd.Series(~is_copy).groupby(truth[PERSON_ID].to_numpy()).sum()
    assert (originals_per_person == 1).all()
    traps = truth[truth[TRAP_ID] != ""]
    assert not traps[PERSON_ID].duplicated().any()
    assert (traps.groupby(TRAP_ID).size() >= 2).all()
    assert truth[NIK_TRUE].str.fullmatch(r"\d{16}").all()


def test_default_world_round_trips_and_is_the_generators_default():
    w = World()
    assert World.from_dict(json.loads(w.to_json())) == w
    a = generate(2000, seed=9)
    b = generate(2000, seed=9, world=World())
    c = generate(2000, seed=9, world="default")
    pd.testing.assert_frame_equal(a.dpt, b.dpt)
    pd.testing.assert_frame_equal(a.truth_dpt, c.truth_dpt)
    # a knob that is off draws no random numbers: the list is the default one
    d = generate(2000, seed=9, world=World(nik_slip_rate=0.0, combined_rate=0.0))
    pd.testing.assert_frame_equal(a.dpt, d.dpt)


@pytest.mark.parametrize("name", list(WORLDS))
def test_named_worlds_keep_exact_truth(name):
    d = generate(4000, seed=2, world=name)
    _assert_truth_exact(d.dpt, d.truth_dpt)
    assert d.params["world"] == name


def test_nik_slips_hit_only_the_chosen_digits():
    digits = tuple(range(7, 13))
    dpt, truth = _gen(nik_slip_rate=0.5, nik_slip_digits=digits, nik_excel_rate=0.0,
                      causes={"moved": 1.0})
    slipped = _copies(truth, cr.NIK_TYPO)
    assert len(slipped) > 0.4 * len(_all_copies(truth))
    for i in slipped:
        pos = _diff_positions(dpt[schema.NIK].iat[i], truth[NIK_TRUE].iat[i])
        assert len(pos) == 1 and pos[0] in digits, (dpt[schema.NIK].iat[i], pos)
    _assert_truth_exact(dpt, truth)


def test_default_slips_hit_any_digit():
    dpt, truth = _gen(seed=5, nik_slip_rate=1.0, nik_excel_rate=0.0, causes={"moved": 1.0})
    seen = set()
    for i in _copies(truth, cr.NIK_TYPO):
        pos = _diff_positions(dpt[schema.NIK].iat[i], truth[NIK_TRUE].iat[i])
        assert len(pos) == 1
        seen.add(pos[0])
    assert seen == set(range(1, 17))


def test_nik_swaps_are_adjacent_and_inside_the_digits():
    digits = (13, 14, 15, 16)
    dpt, truth = _gen(nik_slip_rate=1.0, nik_slip_digits=digits, nik_swap_share=1.0,
                      nik_excel_rate=0.0, causes={"moved": 1.0})
    swaps = 0
    for i in _copies(truth, cr.NIK_TYPO):
        a, b = dpt[schema.NIK].iat[i], truth[NIK_TRUE].iat[i]
        pos = _diff_positions(a, b)
        assert set(pos) <= set(digits)
        if len(pos) == 2:
            p, q = pos
            assert q == p + 1 and a[p - 1] == b[q - 1] and a[q - 1] == b[p - 1]
            swaps += 1
        else:  # serial digits all equal: no swap possible, a one-digit slip instead
            assert len(pos) == 1
    assert swaps > 0.9 * len(_copies(truth, cr.NIK_TYPO))


@pytest.mark.parametrize("share", [0.02, 0.15])
def test_placeholder_share_as_requested(share):
    dpt, truth = _gen(placeholder_share=share)
    days = truth[TANGGAL_LAHIR_TRUE].iloc[_originals(truth)].str[5:]
    measured = days.isin(PLACEHOLDER_DAYS).mean()
    # the three days also occur as real birthdays (3/365), and the youngest lose a few
    assert abs(measured - share) < 0.02, measured


def test_name_pool_limits_distinct_names():
    dpt, truth = _gen(name_pool=40)
    orig = dpt.iloc[_originals(truth)]
    plain = orig[~orig[schema.NAMA].str.contains(r"[.,]")]  # titles are added afterwards
    for sex in ("L", "P"):
        assert plain.loc[plain[schema.JENIS_KELAMIN] == sex, schema.NAMA].nunique() <= 40
    default_dpt, default_truth = _gen()
    assert default_dpt[schema.NAMA].nunique() > 10 * dpt[schema.NAMA].nunique()


def test_common_name_share():
    dpt, truth = _gen(common_name_share=0.1)
    names = dpt[schema.NAMA].iloc[_originals(truth)]
    share = names.isin(COMMON_F + COMMON_M).mean()
    base_dpt, base_truth = _gen()
    base = base_dpt[schema.NAMA].iloc[_originals(base_truth)].isin(COMMON_F + COMMON_M).mean()
    assert 0.09 < share - base * 0.9 < 0.115, (share, base)


def test_birthplace_concentration():
    home = {}
    for value in (0.3, 0.97):
        dpt, truth = _gen(birthplace_home_share=value)
        home[value] = (dpt[schema.TEMPAT_LAHIR].iloc[_originals(truth)] == "JEPARA").mean()
    # people registered outside the regency keep their own birthplace (about 9 %)
    assert 0.85 < home[0.97] <= 0.97
    assert 0.25 < home[0.3] < 0.35


def test_moves_and_combined_errors():
    dpt, truth = _gen(causes={"identical": 1.0}, move_rate=1.0, move_within_kecamatan=0.0,
                      name_slip_rate=0.0, birthplace_rate=0.0, date_swap_rate=0.0,
                      nik_excel_rate=0.0, combined_rate=1.0)
    copies = _all_copies(truth)
    first = pd.Series(np.arange(len(truth))).groupby(truth[PERSON_ID].to_numpy()).transform(
        lambda s: s.iloc[np.argmax((truth[DUP_KIND].iloc[s.to_numpy()] == "").to_numpy())])
    for i in copies:
        labels = truth[DUP_KIND].iat[i].split("+")
        assert cr.MOVED in labels and cr.NIK_TYPO in labels, labels
        assert set(labels) & set(cr.NAME_KINDS), labels
        j = int(first.iat[i])
        assert dpt[schema.KELURAHAN].iat[i] != dpt[schema.KELURAHAN].iat[j]
        assert dpt[schema.NIK].iat[i] != dpt[schema.NIK].iat[j]
        assert dpt[schema.NAMA].iat[i] != dpt[schema.NAMA].iat[j]
    _assert_truth_exact(dpt, truth)


def test_move_rate_zero_keeps_everyone_home():
    dpt, truth = _gen(causes={"identical": 1.0}, move_rate=0.0, combined_rate=0.0)
    assert len(_copies(truth, cr.MOVED)) == 0


def test_neighbour_trap_serials_one_apart():
    dpt, truth = _gen(namesake_rate=0.003, neighbour_share=1.0)
    groups = truth[truth[DUP_KIND] == cr.TRAP_NAMESAKE].groupby(TRAP_ID)
    assert len(groups) >= 25
    one_apart = total = 0
    for _, g in groups:
        niks = sorted(dpt[schema.NIK].iloc[g.index].tolist())
        assert len({n[:12] for n in niks}) == 1, niks  # one district, date and sex
        serials = [int(n[12:]) for n in niks]
        one_apart += sum(b - a == 1 for a, b in zip(serials, serials[1:]))
        total += len(serials) - 1
        assert g[PERSON_ID].nunique() == len(g)  # different people: never a true pair
    assert one_apart >= 0.9 * total


def test_namesakes_off_placeholder_dates_and_twin_rate():
    dpt, truth = _gen(namesake_rate=0.003, namesake_placeholder_share=0.0, twin_rate=0.0)
    ns = truth[truth[DUP_KIND] == cr.TRAP_NAMESAKE]
    assert len(ns) and not ns[TANGGAL_LAHIR_TRUE].str[5:].isin(PLACEHOLDER_DAYS).all()
    assert not truth[DUP_KIND].str.contains(cr.TRAP_TWIN).any()
    dpt, truth = _gen(twin_rate=0.005)
    twins = truth[truth[DUP_KIND] == cr.TRAP_TWIN][TRAP_ID].nunique()
    assert abs(twins - 0.005 * N) < 0.0015 * N


def test_masking_six_digits_and_the_year():
    dpt, truth = _gen(mask_digits=6, mask_birth_year=True)
    nik = dpt[schema.NIK]
    assert nik.str.fullmatch(r"\d{10}\*{6}").mean() > 0.95
    assert not nik.str.fullmatch(r"\d{16}").any()
    assert dpt[schema.NKK].str.fullmatch(r"(\d{10}\*{6})?").all()
    assert dpt[schema.TANGGAL_LAHIR].str.fullmatch(r"\d\d-\d\d-\*{4}").all()
    assert truth[TANGGAL_LAHIR_TRUE].str.fullmatch(r"\d{4}-\d\d-\d\d").all()


def test_excel_damage_of_any_record():
    dpt, truth = _gen(excel_all_share=0.3, nik_excel_rate=0.0)
    orig = _originals(truth)
    nik, real = dpt[schema.NIK].iloc[orig], truth[NIK_TRUE].iloc[orig]
    damaged = nik != real
    assert 0.27 < damaged.mean() < 0.33
    looks = nik[damaged].str.fullmatch(r"\d{15}0") | nik[damaged].str.contains("E+", regex=False)
    assert looks.all()
    assert (nik[damaged].str.fullmatch(r"\d{15}0")
            & (nik[damaged].str[:15] != real[damaged].str[:15])).sum() == 0


def test_world_files_toml_and_json(tmp_path):
    w = World(name='my "own" \\ world\'s', nik_slip_rate=0.25, nik_slip_digits=(13, 14, 15, 16),
              placeholder_share=0.1, causes={"moved": 2.0, "identical": 1.0})
    (tmp_path / "w.toml").write_text(w.to_toml(), encoding="utf-8")
    (tmp_path / "w.json").write_text(w.to_json(), encoding="utf-8")
    assert World.from_file(tmp_path / "w.toml") == w
    assert World.from_file(tmp_path / "w.json") == w
    (tmp_path / "part.toml").write_text("nik_slip_rate = 0.4\n", encoding="utf-8")
    assert World.from_file(tmp_path / "part.toml") == World(nik_slip_rate=0.4)


@pytest.mark.parametrize("knobs, field", [
    ({"nik_slip_digits": (0, 7)}, "nik_slip_digits"),
    ({"nik_slip_rate": 1.5}, "nik_slip_rate"),
    ({"mask_digits": 5}, "mask_digits"),
    ({"placeholder_share": 0.9}, "placeholder_share"),
    ({"name_slip_kinds": ("typo",)}, "name_slip_kinds"),
    ({"causes": {"teleported": 1.0}}, "causes"),
    ({"move_nkk": (0.5, 0.5, 0.5)}, "move_nkk"),
    ({"nik_slip_digits": (7, 9), "nik_swap_share": 0.5}, "nik_swap_share"),
    ({"colour": "blue"}, "colour"),
])
def test_bad_worlds_are_refused_with_the_field_named(knobs, field):
    with pytest.raises(ConfigError, match=re.escape(field)):
        World.from_dict(knobs)


def test_cli_world_file_and_print(tmp_path):
    w = World(name="cli", mask_digits=6, nik_slip_rate=0.3)
    path = tmp_path / "w.toml"
    path.write_text(w.to_toml(), encoding="utf-8")
    res = run_cli("synth", tmp_path / "out", "-n", "500", "--layout", "csv", "--world", path)
    assert res.exit_code == 0, res.output
    written = list((tmp_path / "out").glob("*.csv"))
    text = written[0].read_text(encoding="utf-8")
    assert re.search(r"\d{10}\*{6}", text) and not re.search(r"\d{16}", text)
    res = run_cli("synth", "--print-world", "--world", "masked-4")
    assert res.exit_code == 0 and World.from_dict(
        __import__("tomllib").loads(res.output)) == WORLDS["masked-4"]
    bad = tmp_path / "bad.toml"
    bad.write_text("nik_slip_rate = 2\n", encoding="utf-8")
    res = run_cli("synth", tmp_path / "o2", "-n", "500", "--world", bad)
    assert res.exit_code == 2 and "nik_slip_rate" in res.output
    assert not (tmp_path / "o2").exists()
