"""sample_data/ is what scripts/make_sample_data.py writes (regenerate it after changing synth)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import dptclean

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_data"


def _script():
    spec = importlib.util.spec_from_file_location("make_sample_data",
                                                  ROOT / "scripts" / "make_sample_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_sample_data_is_up_to_date(tmp_path):
    made = _script().main(tmp_path)
    for entry in made:
        for name in (entry["file"], entry["truth"]):
            fresh, kept = tmp_path / name, SAMPLE / name
            assert kept.exists(), f"{name} missing: run python scripts/make_sample_data.py"
            assert fresh.read_bytes() == kept.read_bytes(), (
                f"sample_data/{name} is stale: run python scripts/make_sample_data.py")
        assert (SAMPLE / entry["file"]).stat().st_size < 1_000_000


@pytest.mark.parametrize("name", ["dpt_jepara_kpu.xlsx", "dpk_jepara.xlsx", "dpt_plain.csv",
                                  "dpt_sidalih.csv"])
def test_sample_files_read_back_with_their_truth(name):
    import pandas as pd

    frame = dptclean.read_voters(SAMPLE / name)
    truth = pd.read_csv(SAMPLE / "truth" / (Path(name).stem + ".truth.csv"), dtype=str,
                        keep_default_na=False)
    assert len(frame) == len(truth)
    assert frame["nama"].fillna("").tolist() == truth["nama"].tolist()
    assert (frame["list"].astype(str) == ("DPK" if name.startswith("dpk") else "DPT")).all()
