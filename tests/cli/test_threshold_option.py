"""dedupe --threshold outside the configuration's band: one line in the language of the run
naming the band and how to change it (exit 2), instead of the configuration's own English check
('need 0 < possible_threshold <= threshold <= sure_threshold < 1') in a Bahasa run."""

from __future__ import annotations

import pytest

from dptclean.errors import ExitCode
from tests.builders import SMALL_HEADER, SMALL_ROWS, run_cli


@pytest.fixture
def dpt(tmp_path):
    path = tmp_path / "dpt.csv"
    path.write_text(SMALL_HEADER + "\n".join(SMALL_ROWS) + "\n")
    return path


@pytest.mark.parametrize("value", ["0.001", "0.999"])
def test_out_of_band_in_bahasa(dpt, value, monkeypatch):
    monkeypatch.delenv("DPTCLEAN_LANG", raising=False)
    res = run_cli("dedupe", dpt, "--threshold", value, "-q")
    assert res.exit_code == ExitCode.USAGE
    assert res.stderr.strip() == (
        f"dptclean: kesalahan: --threshold {value} harus di antara possible_threshold 0.3 dan "
        "sure_threshold 0.99 dari konfigurasi pencocokan; untuk mengubah batas itu, tulis "
        "berkas --config (contohnya: dptclean dedupe --print-config)")


def test_out_of_band_in_english(dpt):
    res = run_cli("dedupe", dpt, "--threshold", "0.2", "-q", "--lang", "en")
    assert res.exit_code == ExitCode.USAGE
    assert "--threshold 0.2 must be between possible_threshold 0.3" in res.stderr


def test_in_band_runs(dpt):
    assert run_cli("dedupe", dpt, "--threshold", "0.5", "-q").exit_code == 0
