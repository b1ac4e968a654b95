"""The HTML report in a real headless browser (Debian's chromium), with the network off."""

from __future__ import annotations

import shutil
import struct
import subprocess

import pytest

from dptclean.report.html import render_html
from dptclean.report.result import load_result
from dptclean.report.sections import build_content

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars"]


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_html_report_renders_in_headless_chromium(saved, tmp_path):
    loaded = load_result(saved)
    page = tmp_path / "report.html"
    page.write_text(render_html(build_content(loaded.report, loaded.records, loaded.result,
                                              original_columns=loaded.original_columns,
                                              generated_at="2026-01-01 00:00:00 UTC")),
                    encoding="utf-8")
    shot = tmp_path / "shot.png"
    proc = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
         f"--screenshot={shot}", "--window-size=1280,1800", page.as_uri()],
        capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1280, 1800)
    assert len(data) > 20_000   # a blank page compresses to a few kB; the report does not
    # the DOM the browser built from the file alone holds the charts
    dom = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile2'}",
                          "--dump-dom", page.as_uri()], capture_output=True, text=True,
                         timeout=120)
    assert dom.returncode == 0
    assert dom.stdout.count("<svg") == 7 and "Laporan Data Ganda dan DPK" in dom.stdout
