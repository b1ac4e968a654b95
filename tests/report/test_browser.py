"""The HTML report in a real headless browser (Debian's chromium), with the network off.

On screen (a screenshot, and the laid-out DOM measured by a small script) and on paper
(`--print-to-pdf`, read back with poppler's pdftotext): every kelurahan of the data is in the
printed minutes, no table runs off the page, the title block names the area and the BA number.
Marked `browser`; skipped when chromium (or, for the PDF checks, pdftotext) is not installed.
"""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from dptclean.report.html import render_html
from dptclean.report.result import load_result, save_result
from dptclean.report.sections import build_content
from dptclean.run import run_dedupe

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PDFTOTEXT = shutil.which("pdftotext")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars"]
A4_LANDSCAPE_PT = (841.92, 594.96)
PAGE_MARGIN_PT = 12 / 25.4 * 72          # @page margin 12mm
PRINTABLE_PX = round((297 - 24) / 25.4 * 96)   # A4 landscape width minus margins, CSS px

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")]

KECAMATAN = ("KALINYAMATAN", "MAYONG", "WELAHAN")
N_DESA = 45   # a regency's worth of desa: more than the 25 bars a chart shows


def _desa(k: int) -> str:
    return f"DESA NOMOR {k:02d}"


@pytest.fixture(scope="module")
def regency(tmp_path_factory) -> Path:
    """45 desa in 3 kecamatan, 4 voters each, a duplicate in every third desa; saved result."""
    d = tmp_path_factory.mktemp("regency")
    header = ("NO,NIK,NKK,NAMA,TEMPAT LAHIR,TANGGAL LAHIR,JENIS KELAMIN,ALAMAT,RT,RW,TPS,"
              "KABUPATEN,KECAMATAN,DESA\n")
    first = ("BUDI", "SITI", "AHMAD", "DEWI", "RINA", "AGUS", "YANTI", "HENDRA")
    last = ("SANTOSO", "AMINAH", "FAUZI", "LESTARI", "WAHYUNI", "SUPARNO", "PURWANTI")
    rows, dpk, no = [], [], 0
    for k in range(1, N_DESA + 1):
        kec = KECAMATAN[(k - 1) % 3]
        for j in range(4):
            no += 1
            day, month, year = 1 + (no * 7) % 28, 1 + (no * 5) % 12, 1950 + (no * 3) % 50
            sex = "P" if no % 2 else "L"
            nik = f"332001{day + (40 if sex == 'P' else 0):02d}{month:02d}{year % 100:02d}{no:04d}"
            name = f"{first[no % len(first)]} {last[(no * 3 + k) % len(last)]} {k:02d}{j}"
            row = (f"{nik},3320010101{no:06d},{name},JEPARA,{day:02d}-{month:02d}-{year},{sex},"
                   f"DUKUH {j},001,002,1,JEPARA,{kec},{_desa(k)}")
            rows.append(f"{no},{row}")
            if j == 0 and k % 3 == 0:   # the same person again, with a title
                rows.append(f"{no}b,{row.replace(name, 'H. ' + name)}")
            if j == 1 and k % 5 == 0:
                dpk.append(f"{len(dpk) + 1},{row}")
    dpt_path, dpk_path = d / "dpt.csv", d / "dpk.csv"
    dpt_path.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    dpk_path.write_text(header + "\n".join(dpk) + "\n", encoding="utf-8")
    run = run_dedupe([str(dpt_path)], [str(dpk_path)])
    result = d / "result"
    save_result(result, run.norm, run.result, run.report, original_columns=list(run.frame.columns))
    return result


@pytest.fixture(scope="module")
def page(regency, tmp_path_factory) -> Path:
    loaded = load_result(regency)
    header = {"judul": "Lampiran Berita Acara Rekapitulasi Daftar Pemilih Tetap",
              "nomor_ba": "12/PL.01.2-BA/3320/2026", "tahapan": "Rekapitulasi DPT"}
    out = tmp_path_factory.mktemp("page") / "report.html"
    out.write_text(render_html(build_content(loaded.report, loaded.records, loaded.result,
                                             original_columns=loaded.original_columns,
                                             generated_at="2026-01-01 07:00:00 WIB",
                                             header=header)), encoding="utf-8")
    return out


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    proc = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
                          capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc


def test_html_report_renders_in_headless_chromium(page, tmp_path):
    shot = tmp_path / "shot.png"
    _chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,1800", page.as_uri())
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1280, 1800)
    assert len(data) > 20_000   # a blank page compresses to a few kB; the report does not
    # the DOM the browser built from the file alone holds the charts
    dom = _chromium(tmp_path, "--dump-dom", page.as_uri()).stdout
    assert dom.count("<svg") == 7 and "Lampiran Berita Acara Rekapitulasi" in dom


_MEASURE = """<script>
window.addEventListener("load", () => {
  const limit = document.documentElement.clientWidth;
  const out = {limit, wide: [], labels: []};
  for (const el of document.querySelectorAll("main table, main svg, main pre")) {
    if (el.closest(".wide")) continue;        // the groups table scrolls inside its box
    const r = el.getBoundingClientRect();
    if (r.width && r.right > limit + 0.5) out.wide.push(el.className.baseVal ?? el.className);
  }
  for (const svg of document.querySelectorAll("main svg")) {
    const box = svg.getBoundingClientRect();
    for (const t of svg.querySelectorAll("text")) {
      const r = t.getBoundingClientRect();
      if (r.width && (r.left < box.left - 0.5 || r.right > box.right + 0.5))
        out.labels.push(t.textContent);
    }
  }
  document.body.setAttribute("data-measure", JSON.stringify(out));
});
</script>"""


def test_every_table_and_chart_label_fits_a_printed_page_width(page, tmp_path):
    """At the width of an A4 landscape page (minus margins) nothing sticks out on the right
    and no chart label is cut at the left edge of its chart."""
    probe = tmp_path / "probe.html"
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", _MEASURE + "</body>"),
                     encoding="utf-8")
    dom = _chromium(tmp_path, f"--window-size={PRINTABLE_PX},1200", "--dump-dom",
                    probe.as_uri()).stdout
    found = re.search(r'data-measure="([^"]*)"', dom)
    assert found, "the measuring script did not run"
    measure = json.loads(found.group(1).replace("&quot;", '"'))
    assert measure["limit"] <= PRINTABLE_PX
    assert measure["wide"] == [] and measure["labels"] == []


@pytest.fixture(scope="module")
def printed(page, tmp_path_factory) -> tuple[str, str, float]:
    """The report printed to PDF by Chromium: (text, text with word boxes, page width)."""
    if PDFTOTEXT is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    d = tmp_path_factory.mktemp("pdf")
    pdf = d / "report.pdf"
    _chromium(d, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri())
    assert pdf.read_bytes()[:5] == b"%PDF-"
    text = subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    boxes = subprocess.run([PDFTOTEXT, "-bbox", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout
    width = float(re.search(r'<page width="([\d.]+)"', boxes).group(1))
    return text, boxes, width


def test_printed_report_lists_every_kelurahan_and_tps(printed):
    text, _, width = printed
    assert width == pytest.approx(A4_LANDSCAPE_PT[0], abs=1)   # A4 landscape
    # one table row per kelurahan (kecamatan / desa) and one per TPS, all 45 of each on paper
    kel_rows = set(re.findall(r"^ *((?:KALINYAMATAN|MAYONG|WELAHAN) / DESA NOMOR \d\d) +\d",
                              text, flags=re.M))
    tps_rows = set(re.findall(r"^ *((?:KALINYAMATAN|MAYONG|WELAHAN) / DESA NOMOR \d\d) / TPS "
                              r"001 +\d", text, flags=re.M))
    assert len(kel_rows) == N_DESA and len(tps_rows) == N_DESA


def test_printed_report_stays_inside_the_page_and_shows_the_settings(printed):
    text, boxes, width = printed
    right = max(float(x) for x in re.findall(r'xMax="([\d.]+)"', boxes))
    assert right <= width - PAGE_MARGIN_PT + 0.5, f"text runs to x={right} of {width}"
    # the matching settings are on paper, values included (they fell off the right edge)
    settings = text[text.index("Konfigurasi pencocokan"):]
    assert re.search(r"Ambang probabilitas +0\.\d", settings)
    assert re.search(r"Pemilih TMS dikecualikan +ya", settings)
    assert "nkk+dob" in settings.replace("\n", " ")   # the last blocking rule, wrapped in
    # the title block: the area from the data, the stage and the BA number, the time in WIB
    head = text[:text.index("Ringkasan")]
    assert "Kabupaten/Kota JEPARA" in head and "Kecamatan KALINYAMATAN, MAYONG, WELAHAN" in head
    assert "12/PL.01.2-BA/3320/2026" in head and "Rekapitulasi DPT" in head
    assert "2026-01-01 07:00:00 WIB" in head
