from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from dptclean.errors import ConfigError
from dptclean.normalize.dates import normalize_dates

from .helpers import check_table, series

REF = date(2024, 2, 14)

# (input, (iso, status)) for a column with no other evidence: unambiguous values only,
# plus ambiguous ones that are marked as such
CASES = [
    ("15-08-1990", ("1990-08-15", "ok")),
    ("15/08/1990", ("1990-08-15", "ok")),
    ("15|08|1990", ("1990-08-15", "ok")),
    ("15.08.1990", ("1990-08-15", "ok")),
    ("15 - 08 - 1990", ("1990-08-15", "ok")),
    ("1990-08-15", ("1990-08-15", "ok")),
    ("1990/08/15", ("1990-08-15", "ok")),
    ("1990-08-15 00:00:00", ("1990-08-15", "ok")),
    ("1990-08-15T00:00:00", ("1990-08-15", "ok")),
    ("29403", ("1980-07-01", "placeholder")),          # Excel serial number
    ("29403.0", ("1980-07-01", "placeholder")),
    ("33100", ("1990-08-15", "ok")),
    ("01 JULI 1980", ("1980-07-01", "placeholder")),
    ("1 Agustus 1975", ("1975-08-01", "ok")),
    ("17 AGUSTUS 1945", ("1945-08-17", "ok")),
    ("1-Agu-75", ("1975-08-01", "ok")),
    ("05-Mei-1966", ("1966-05-05", "ok")),
    ("12 Desember 1999", ("1999-12-12", "ok")),
    ("3 Pebruari 1970", ("1970-02-03", "ok")),
    ("July 4, 1976", ("1976-07-04", "ok")),
    ("15081990", ("1990-08-15", "ok")),
    ("19900815", ("1990-08-15", "ok")),
    ("15-08-90", ("1990-08-15", "ok")),                # two-digit year
    ("15-08-06", ("2006-08-15", "ok")),                # 2006: 17 on the reference date
    ("15-08-08", ("1908-08-15", "ok")),                # 2008 would be under 17
    ("01-07-1980", ("1980-07-01", "placeholder")),
    ("31-12-1975", ("1975-12-31", "placeholder")),
    ("01-01-1970", ("1970-01-01", "placeholder")),
    ("1970-01-01", ("1970-01-01", "placeholder")),
    ("29-02-1980", ("1980-02-29", "ok")),
    ("29-02-1981", (None, "invalid")),
    ("30-02-1980", (None, "invalid")),
    ("32-01-1980", (None, "invalid")),
    ("15-13-1980", (None, "invalid")),
    ("2025-01-01", (None, "invalid")),                 # after the reference date
    ("15-08-1850", (None, "invalid")),
    ("1980", (None, "invalid")),                       # a year only
    ("KEMARIN", (None, "invalid")),
    ("-", (None, "missing")),
    ("00-00-0000", (None, "missing")),
    ("", (None, "missing")),
    ("   ", (None, "missing")),
    (None, (None, "missing")),
]


def _both(s: pd.Series) -> pd.Series:
    iso, status = normalize_dates(s, reference=REF)
    return pd.Series(list(zip(iso.astype(object).where(iso.notna(), None), status)),
                     dtype=object)


def test_date_table():
    check_table(_both, CASES)


def _one_file(values, **kw):
    iso, status = normalize_dates(series(values), reference=REF, **kw)
    return iso.tolist(), status.tolist()


def test_ambiguous_follows_the_column_day_first():
    iso, status = _one_file(["03-04-1980", "25-12-1970", "13-01-1990"])
    assert iso[0] == "1980-04-03" and status[0] == "ok"


def test_ambiguous_follows_the_column_month_first():
    iso, status = _one_file(["03-04-1980", "12-25-1970", "01-13-1990"])
    assert iso == ["1980-03-04", "1970-12-25", "1990-01-13"]
    assert status == ["ok", "ok", "ok"]


def test_no_evidence_means_ambiguous_day_first():
    iso, status = _one_file(["03-04-1980", "05-06-1981", "07-07-1982"])
    assert iso[:2] == ["1980-04-03", "1981-06-05"]
    assert status == ["ambiguous", "ambiguous", "ok"]      # 07-07 reads the same either way


def test_mixed_column_marks_ambiguous_values():
    values = ["03-04-1980"] + ["25-12-1970"] * 6 + ["12-25-1970"] * 4
    iso, status = _one_file(values)
    assert status[0] == "ambiguous"
    assert iso[0] == "1980-04-03"


def test_order_is_decided_per_group_not_per_row():
    values = ["03-04-1980", "25-12-1970", "03-04-1980", "12-25-1970"]
    groups = np.array(["a.xlsx", "a.xlsx", "b.xlsx", "b.xlsx"], dtype=object)
    iso, status = normalize_dates(series(values), groups=groups, reference=REF)
    assert iso.tolist() == ["1980-04-03", "1970-12-25", "1980-03-04", "1970-12-25"]
    assert status.tolist() == ["ok"] * 4


@pytest.mark.parametrize("order,expected", [("dmy", "1980-04-03"), ("mdy", "1980-03-04")])
def test_date_order_overrides(order, expected):
    iso, status = _one_file(["03-04-1980", "12-25-1970"], date_order=order)
    assert iso[0] == expected and status[0] == "ok"
    assert iso[1] == "1970-12-25"     # the only possible reading


def test_ymd_order_for_two_digit_years():
    iso, _ = _one_file(["80-07-15", "1990-08-15"], date_order="ymd")
    assert iso == ["1980-07-15", "1990-08-15"]


def test_bad_order_is_a_config_error():
    with pytest.raises(ConfigError):
        _one_file(["01-01-1980"], date_order="ydm")


def test_index_is_kept():
    s = pd.Series(["15-08-1990", None], index=["x", "y"], dtype="string[pyarrow]")
    iso, status = normalize_dates(s, reference=REF)
    assert list(iso.index) == ["x", "y"] and list(status.index) == ["x", "y"]


def test_empty_column():
    iso, status = normalize_dates(series([]), reference=REF)
    assert len(iso) == 0 and len(status) == 0


def test_nik_hints_settle_the_order_of_a_column():
    values = series(["03-04-1980", "05-06-1981"])
    hints = series(["1980-03-04", None])          # the NIK says 4 March: month first
    iso, status = normalize_dates(values, reference=REF, hints=hints)
    assert iso.tolist() == ["1980-03-04", "1981-05-06"]
    assert status.tolist() == ["ok", "ok"]


def test_hints_do_not_override_a_column_with_evidence():
    values = series(["03-04-1980", "25-12-1970", "13-01-1990", "14-02-1991"])
    hints = series(["1980-03-04", None, None, None])
    iso, _ = normalize_dates(values, reference=REF, hints=hints)
    assert iso.tolist()[0] == "1980-04-03"


# --- starred (masked) parts: issue 17 ------------------------------------------------------------

PARTIAL_CASES = [
    ("22-07-****", "--07-22"),      # the year starred, as masked public copies do
    ("22/07/XXXX", "--07-22"),
    ("22 - 07 - ****", "--07-22"),
    ("****-07-22", "--07-22"),      # year first
    ("07-22-****", "--07-22"),      # month first: the only reading that makes a date
    ("**-07-1980", "1980-07"),      # the day starred
    ("1980-07-**", "1980-07"),
    ("**-**-1980", "1980"),         # only the year
]


@pytest.mark.parametrize("value, expected", PARTIAL_CASES)
def test_starred_dates_keep_their_known_parts(value, expected):
    from dptclean.normalize.dates import partial_dates

    iso, status = normalize_dates(series([value]), reference=REF)
    assert status.iloc[0] == "partial"
    assert pd.isna(iso.iloc[0])  # the full-date column stays a full date or nothing
    assert partial_dates(series([value]), reference=REF).iloc[0] == expected


@pytest.mark.parametrize("value, status", [("32-07-****", "invalid"), ("31-02-****", "invalid"),
                                           ("**-**-****", "invalid"), ("22-07-1980", "ok"),
                                           ("", "missing")])
def test_not_a_starred_date(value, status):
    from dptclean.normalize.dates import partial_dates

    assert normalize_dates(series([value]), reference=REF)[1].iloc[0] == status
    assert pd.isna(partial_dates(series([value]), reference=REF).iloc[0])
