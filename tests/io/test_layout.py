"""Layout helpers on their own: cleaning cells, finding the header, classifying body rows."""

from __future__ import annotations

import pyarrow as pa
import pytest

from dptclean import SchemaError
from dptclean.io import layout


@pytest.mark.parametrize("value, expected", [
    ("SITI", "SITI"),
    ("  SITI AMINAH  ", "SITI AMINAH"),
    ("\u00a0SITI\u00a0", "SITI"),          # no-break space, common in Excel exports
    ("\tAGUS\r", "AGUS"),
    ("JOSÉ", "JOSÉ"),
    ("É", "É"),
    ("", None),
    ("   ", None),
    ("\u3000", None),
    (None, None),
])
def test_clean_trims_and_nulls(value, expected):
    for typ in (pa.string(), pa.large_string()):
        col = pa.chunked_array([pa.array(["X", value, "Y"], typ)])
        out = layout._clean(col)
        assert out.type == pa.large_string()
        assert out.to_pylist() == ["X", expected, "Y"]


def test_clean_leaves_clean_chunks_alone():
    chunk = pa.array(["SITI", "AGUS"], pa.large_string())
    out = layout._clean(pa.chunked_array([chunk]))
    assert out.chunk(0).buffers()[2].address == chunk.buffers()[2].address  # not copied


def grid(rows):
    width = max(len(r) for r in rows)
    return pa.table({f"c{i}": pa.array([r[i] if i < len(r) else None for r in rows],
                                       pa.string()) for i in range(width)})


@pytest.mark.parametrize("rows, header_index, rows_of_header", [
    ([["NIK", "NAMA"], ["1", "A"]], 0, 1),
    ([["DAFTAR"], ["NO", "NIK", "NAMA", "TGL LAHIR"], ["1", "2", "3", "4"]], 1, 1),
    # the header with the most known columns wins over a title row naming one
    ([["NAMA : X"], ["NAMA", "NIK", "JK", "RT"]], 1, 1),
    ([["NO", "NAMA", "ALAMAT", None, None], [None, None, "JALAN/DUKUH", "RT", "RW"]], 0, 2),
])
def test_detect_layout(rows, header_index, rows_of_header):
    found = layout.detect_layout(grid(rows))
    assert (found.header_index, found.header_rows) == (header_index, rows_of_header)


def test_detect_layout_without_a_header():
    with pytest.raises(SchemaError, match="no recognisable header"):
        layout.detect_layout(grid([["a", "b"], ["1", "2"]]))


def test_classify_body_reasons():
    rows = [["NO", "NIK", "NAMA"], ["1", "2", "3"],
            ["1", "3320011411430001", "SITI"],          # record
            [None, None, None],                           # blank
            ["TPS : 002"],                                # section
            ["NO", "NIK", "NAMA"],                        # header repeated on a new page
            ["2", None, "AGUS"],                          # record without NIK
            [None, None, None, "catatan"],                # a lone note
            ["JUMLAH", None, "2"]]                        # footer
    g = grid(rows)
    found = layout.detect_layout(g)
    assert found.data_start == 2  # column numbers skipped
    body = layout.classify_body(g, found)
    names = [layout.REASONS[c] for c in body.codes]
    assert names == ["", "blank", "section", "header_repeat", "", "text_only", "footer"]
    assert body.section_values["tps"].tolist() == [None, None, "002", "002", "002", "002",
                                                   "002"]
