"""The same list given twice (the same path, or a byte-identical copy such as 'dpt (1).xlsx'
that dpt/*.xlsx picks up) doubled every voter: base.csv given twice gave a 62.5% duplicate rate
without a word. It is refused now: one line naming both files, exit 3."""

from __future__ import annotations

import shutil

import pytest

from dptclean import InputError, load_voters
from dptclean.errors import ExitCode
from tests.builders import SMALL_HEADER, SMALL_ROWS, run_cli


@pytest.fixture
def dpt(tmp_path):
    path = tmp_path / "dpt.csv"
    path.write_text(SMALL_HEADER + "\n".join(SMALL_ROWS) + "\n")
    return path


def test_the_same_path_twice_is_refused(dpt):
    with pytest.raises(InputError, match="same content as"):
        load_voters([dpt, dpt])


@pytest.mark.parametrize("command", [["dedupe", "-q"], ["check", "--max-duplicate-rate", "5%"],
                                     ["validate", "-q"], ["inspect"]])
def test_a_copy_is_refused_by_every_command(dpt, tmp_path, command, monkeypatch):
    monkeypatch.delenv("DPTCLEAN_LANG", raising=False)
    copy = tmp_path / "dpt (1).csv"
    shutil.copy(dpt, copy)
    res = run_cli(command[0], dpt, copy, *command[1:])
    assert res.exit_code == ExitCode.INPUT
    assert res.stderr.strip() == (f"dptclean: kesalahan: {copy}: isinya sama persis dengan "
                                  f"{dpt} (berkas yang sama diberikan dua kali?): setiap pemilih "
                                  "di dalamnya akan terhitung dua kali dan menjadi ganda; "
                                  "berikan sekali saja")


def test_two_different_files_of_one_size_are_read(dpt, tmp_path):
    other = tmp_path / "dpt2.csv"
    other.write_text(SMALL_HEADER + "\n".join(r.replace("DUKUH", "DUKUX") for r in SMALL_ROWS)
                     + "\n")
    assert other.stat().st_size == dpt.stat().st_size
    assert len(load_voters([dpt, other]).frame) == 2 * len(SMALL_ROWS)


def test_diff_of_a_file_with_itself_is_still_allowed(dpt):
    res = run_cli("diff", dpt, dpt, "-q")
    assert res.exit_code == 0, res.stderr
