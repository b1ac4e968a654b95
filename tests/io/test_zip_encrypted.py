"""A workbook whose zip members are flagged encrypted (zip-level password): refused with one line
(exit 3), not an internal error. zipfile raises RuntimeError ('password required') on reading
such a member; the fuzz test found it on a damaged .ods (seed 2173847860)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from dptclean.errors import ExitCode

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "dpt_jepara_kpu.xlsx"


def _flag_encrypted(src: Path, dst: Path) -> Path:
    """Copy a workbook, its first member's general-purpose flag saying 'encrypted' (bit 0)."""
    data = bytearray(src.read_bytes())
    with zipfile.ZipFile(src) as zf:
        first = zf.infolist()[0]
    # local file header: signature (4), version (2), flags (2)
    data[first.header_offset + 6] |= 0x1
    # central directory entry of the same member: signature (4), 2 versions (4), flags (2)
    cd = data.find(b"PK\x01\x02")
    data[cd + 8] |= 0x1
    dst.write_bytes(bytes(data))
    return dst


@pytest.mark.parametrize("lang,word", [("id", "kata sandi"), ("en", "password")])
def test_zip_encrypted_member_refused_in_one_line(tmp_path, lang, word):
    path = _flag_encrypted(SAMPLE, tmp_path / "locked.xlsx")
    with zipfile.ZipFile(path) as zf:  # the copy is what the test says it is
        assert zf.infolist()[0].flag_bits & 0x1
    proc = subprocess.run([sys.executable, "-m", "dptclean", "inspect", str(path), "--lang", lang],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == ExitCode.INPUT
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and word in lines[0] and "internal" not in lines[0], proc.stderr
