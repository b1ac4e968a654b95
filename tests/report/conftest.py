"""A small saved dedupe result (with TPS) shared by the report tests."""

from __future__ import annotations

import pytest

from dptclean.run import run_dedupe
from tests.conftest import write_lists

HEADER = ("NO,NIK,NKK,NAMA,TEMPAT LAHIR,TANGGAL LAHIR,JENIS KELAMIN,ALAMAT,RT,RW,TPS,"
          "KECAMATAN,DESA\n")
ROWS = [
    "1,3320014107800001,3320010101100001,SITI AMINAH,JEPARA,01-07-1980,P,DUKUH KRAJAN,001,002,1,WELAHAN,BUGO",
    "2,3320014107800001,3320010101100001,HJ. SITI AMINAH,JEPARA,01-07-1980,P,DUKUH WETAN,003,001,2,MAYONG,PELEMKEREP",
    "3,3320011203750013,3320010101100002,MUHAMMAD SUPARNO,JEPARA,12-03-1975,L,DUKUH KRAJAN,001,002,1,WELAHAN,BUGO",
    "4,3320011203750010,,MOCH. SOEPARNO S.PD,JEPARA,12-03-1975,L,DUKUH LOR,002,001,2,MAYONG,PELEMKEREP",
    "5,3320015505900001,3320010101100003,SRI WAHYUNI,KUDUS,15-05-1990,P,DUKUH KRAJAN,001,002,1,WELAHAN,BUGO",
    "6,3320011010600005,3320010101100004,AHMAD FAUZI,JEPARA,10-10-1960,L,DUKUH KIDUL,004,001,2,WELAHAN,BUGO",
    "7,3320011010600006,3320010101100004,AHMAD FAUZAN,JEPARA,10-10-1960,L,DUKUH KIDUL,004,001,2,WELAHAN,BUGO",
    "8,=cmd|' /C calc'!A0,3320010101100005,BUDI SANTOSO,JEPARA,01-01-1970,L,DUKUH LOR,002,001,1,MAYONG,PELEMKEREP",
]
DPK = HEADER + (
    "1,3320015505900001,,SRI WAHYUNI,KUDUS,15-05-1990,P,DUKUH KRAJAN,001,002,1,WELAHAN,BUGO\n"
    "2,3320016101010002,,DEWI LESTARI,JEPARA,21-01-2001,P,DUKUH LOR,002,001,1,MAYONG,PELEMKEREP\n")
FULL_NIK = "3320014107800001"


@pytest.fixture(scope="session")
def lists(tmp_path_factory):
    d = tmp_path_factory.mktemp("lists")
    dpt, dpk = write_lists(d, HEADER, ROWS, DPK)
    return dpt, dpk


@pytest.fixture(scope="session")
def run(lists):
    dpt, dpk = lists
    return run_dedupe([str(dpt)], [str(dpk)])


@pytest.fixture(scope="session")
def saved(run, tmp_path_factory):
    from dptclean.report.result import save_result

    path = tmp_path_factory.mktemp("saved") / "result"
    save_result(path, run.norm, run.result, run.report, original_columns=list(run.frame.columns))
    return path
