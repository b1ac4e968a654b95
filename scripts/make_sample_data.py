#!/usr/bin/env python
"""Regenerate the synthetic files in sample_data/ (deterministic: same bytes every run).

    python scripts/make_sample_data.py [OUT_DIR]

Everything written is synthetic (see sample_data/README.md). Truth files go to OUT_DIR/truth/,
one row per record in the order ``dptclean.read_voters`` returns the records of the file.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from dptclean.synth import JEPARA, generate, layouts, write_truth

ROOT = Path(__file__).resolve().parent.parent
MAX_BYTES = 1_000_000


def main(out_dir: Path) -> list[dict]:
    truth_dir = out_dir / "truth"
    truth_dir.mkdir(parents=True, exist_ok=True)
    made = []

    def emit(frame, truth, name, layout, **kw):
        path = out_dir / name
        order = layouts.write(frame, path, layout, truth=truth, **kw)
        tpath = truth_dir / (Path(name).stem + ".truth.csv")
        write_truth(truth, tpath, order)
        made.append({"file": name, "truth": f"truth/{tpath.name}", "layout": layout,
                     "records": len(frame)})

    # 1. KPU workbook of three kecamatan, one sheet per desa, and its DPK.
    three = JEPARA.only("WELAHAN", "MAYONG", "KALINYAMATAN")
    kpu = generate(2000, seed=2024, dup_rate=0.02, dpk_rate=0.05, dpk_in_dpt_share=0.08,
                   regency=three, date_format="dd-mm-yyyy")
    emit(kpu.dpt, kpu.truth_dpt, "dpt_jepara_kpu.xlsx", "kpu-xlsx", sheet_per="desa")
    emit(kpu.dpk, kpu.truth_dpk, "dpk_jepara.xlsx", "kpu-xlsx", list_name="DPK",
         sheet_per="kecamatan")

    # 2. A flat CSV export of the whole regency.
    plain = generate(1000, seed=2019, dup_rate=0.02, dpk_rate=0.0, date_format="dd/mm/yyyy")
    emit(plain.dpt, plain.truth_dpt, "dpt_plain.csv", "csv")

    # 3. A SIDALIH-style #-delimited export.
    sid = generate(800, seed=2014, dup_rate=0.02, dpk_rate=0.0, date_format="dd|mm|yyyy")
    emit(sid.dpt, sid.truth_dpt, "dpt_sidalih.csv", "sidalih", seed=2014)

    for m in made:
        size = (out_dir / m["file"]).stat().st_size
        if size > MAX_BYTES:
            raise SystemExit(f"{m['file']} is {size:,} bytes (limit {MAX_BYTES:,})")
        m["bytes"] = size
    summaries = {"dpt_jepara_kpu.xlsx": kpu.summary(), "dpt_plain.csv": plain.summary(),
                 "dpt_sidalih.csv": sid.summary()}
    with open(truth_dir / "summary.json", "w", encoding="utf-8") as fh:
        json.dump({"files": made, "planted": summaries}, fh, indent=2, sort_keys=True)
        fh.write("\n")
    return made


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "sample_data"
    for m in main(out):
        print(f"{m['file']:<24} {m['records']:>6,} records  {m['bytes']:>9,} bytes  "
              f"{m['layout']}  -> {m['truth']}")
