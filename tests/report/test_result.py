"""Saving and loading a dedupe result directory."""

from __future__ import annotations

import json
import os

import pandas as pd
import pytest

from dptclean.errors import InputError, OutputError
from dptclean.report.result import FORMAT_VERSION, load_result, save_result
from dptclean.report.tables import groups_table


def test_round_trip_keeps_everything_a_report_needs(run, saved):
    loaded = load_result(saved)
    assert loaded.report == json.loads(json.dumps(run.report))
    assert len(loaded.records) == len(run.norm)
    assert list(loaded.records.columns) == list(run.norm.columns)
    pd.testing.assert_frame_equal(loaded.result.groups.reset_index(drop=True),
                                  run.result.groups.reset_index(drop=True), check_dtype=False)
    assert len(loaded.result.pairs) == len(run.result.pairs)
    assert len(loaded.result.dpk_matches) == len(run.result.dpk_matches) == 1
    assert loaded.result.config.to_dict() == run.result.config.to_dict()
    assert loaded.original_columns == list(run.frame.columns)
    # the groups table an operator sees is the same from the saved result
    a = groups_table(run.norm, run.result, original_columns=list(run.frame.columns))
    b = groups_table(loaded.records, loaded.result, original_columns=loaded.original_columns)
    assert a.astype(str).to_dict("records") == b.astype(str).to_dict("records")


def test_manifest_names_format_version_and_checksums(saved):
    manifest = json.loads((saved / "manifest.json").read_text())
    assert manifest["format"] == "dptclean-result"
    assert manifest["format_version"] == FORMAT_VERSION
    for name in ("records.parquet", "pairs.parquet", "groups.parquet", "dpk_matches.parquet",
                 "nik_conflicts.parquet", "report.json", "config.toml", "config.json"):
        assert len(manifest["files"][name]["sha256"]) == 64
    assert "[match]" in (saved / "config.toml").read_text()


def test_saving_twice_gives_the_same_bytes(run, tmp_path):
    for name in ("a", "b"):
        save_result(tmp_path / name, run.norm, run.result, run.report)
    names = sorted(os.listdir(tmp_path / "a"))
    assert names == sorted(os.listdir(tmp_path / "b"))
    for n in names:
        assert (tmp_path / "a" / n).read_bytes() == (tmp_path / "b" / n).read_bytes(), n


def test_save_replaces_an_earlier_result_and_leaves_no_temporary_dirs(run, tmp_path):
    target = tmp_path / "res"
    save_result(target, run.norm, run.result, run.report)
    save_result(target, run.norm, run.result, run.report)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["res"]
    load_result(target)


def test_save_refuses_a_directory_that_is_not_a_result(run, tmp_path):
    target = tmp_path / "docs"
    target.mkdir()
    (target / "minutes.docx").write_text("keep me")
    with pytest.raises(OutputError):
        save_result(target, run.norm, run.result, run.report)
    assert (target / "minutes.docx").read_text() == "keep me"
    with pytest.raises(OutputError):
        save_result(tmp_path / "no" / "such" / "dir", run.norm, run.result, run.report)


def _copy(saved, tmp_path):
    import shutil

    dst = tmp_path / "copy"
    shutil.copytree(saved, dst)
    return dst


@pytest.mark.parametrize("damage, message", [
    (lambda d: (d / "groups.parquet").write_bytes(b"PAR1 not really"), "corrupt"),
    (lambda d: (d / "report.json").write_text("{}"), "corrupt"),
    (lambda d: (d / "pairs.parquet").unlink(), "missing"),
    (lambda d: (d / "manifest.json").unlink(), "manifest.json"),
    (lambda d: (d / "manifest.json").write_text("{not json"), "manifest"),
    (lambda d: (d / "manifest.json").write_text('{"format": "something else"}'), "not a dptclean"),
])
def test_a_damaged_result_is_an_input_error(saved, tmp_path, damage, message):
    d = _copy(saved, tmp_path)
    damage(d)
    with pytest.raises(InputError, match=message):
        load_result(d)


def test_a_newer_format_is_refused_with_a_hint(saved, tmp_path):
    d = _copy(saved, tmp_path)
    m = json.loads((d / "manifest.json").read_text())
    m["format_version"] = FORMAT_VERSION + 1
    (d / "manifest.json").write_text(json.dumps(m))
    with pytest.raises(InputError, match="upgrade"):
        load_result(d)


def test_missing_or_file_path_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such"):
        load_result(tmp_path / "nope")
    f = tmp_path / "file.json"
    f.write_text("{}")
    with pytest.raises(InputError):
        load_result(f)
