"""Synthetic voter lists with ground truth, for tests, benchmarks and sample data.

    from dptclean.synth import generate, write_truth
    data = generate(100_000, seed=1)
    data.dpt, data.truth_dpt        # aligned row by row
    generate(100_000, regency="3321")   # any kabupaten/kota code or name (default Jepara)
    write_synth(data, "out/", "kpu-xlsx")   # out/dpt_kpu.xlsx, out/truth/dpt_kpu.truth.csv ...
    generate(50_000, world=World(nik_slip_rate=0.3, nik_slip_digits=tuple(range(7, 17))))
    generate(50_000, world="masked-4")      # a named world (WORLDS), or a .toml/.json file

    from dptclean.synth import layouts  # or one file at a time:
    order = layouts.write(data.dpt, "dpt.xlsx", "kpu-xlsx", truth=data.truth_dpt)
    write_truth(data.truth_dpt, "dpt.truth.csv", order)

Everything is synthetic: names come from generic pools, NIKs from random serials.
"""

from __future__ import annotations

from dptclean.synth.corrupt import DUP_KINDS, TRAP_KINDS
from dptclean.synth.generator import (
    DATE_FORMATS,
    DUP_KIND,
    NIK_TRUE,
    PERSON_ID,
    TANGGAL_LAHIR_TRUE,
    TRAP_ID,
    TRUTH_COLUMNS,
    VOTER_COLUMNS,
    SynthData,
    generate,
    true_pairs,
    write_truth,
)
from dptclean.synth.geo import JEPARA, Regency, get_regency
from dptclean.synth.layouts import LAYOUTS, write_synth
from dptclean.synth.world import WORLDS, World, world_from

__all__ = [
    "DATE_FORMATS", "DUP_KIND", "DUP_KINDS", "JEPARA", "NIK_TRUE", "PERSON_ID", "Regency",
    "SynthData", "TANGGAL_LAHIR_TRUE", "TRAP_ID", "TRAP_KINDS", "TRUTH_COLUMNS",
    "VOTER_COLUMNS", "LAYOUTS", "generate", "get_regency", "true_pairs", "write_synth",
    "write_truth", "World", "WORLDS", "world_from",
]
