"""An XLSX report: a summary sheet, one sheet per area level, the groups and the DPK matches.

Every table sheet has a frozen header row, an autofilter and readable column widths; every
sheet prints landscape on A4, fitted to the page width, with the header row repeated.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from xlsxwriter.utility import xl_col_to_name as xl_col

from dptclean.errors import OutputError
from dptclean.io.writers import XLSX_MAX_CELL, atomic_path, neutralise_formulas, neutralise_text
from dptclean.report.i18n import fmt_int
from dptclean.report.sections import ReportContent, accounting_text

MAX_WIDTH = 60


def write_report_xlsx(content: ReportContent, path: str | os.PathLike) -> None:
    """Write the workbook atomically."""
    with atomic_path(path) as tmp:
        _write(content, tmp)


def _write(c: ReportContent, path: str) -> None:
    import xlsxwriter

    L = c.L
    wb = xlsxwriter.Workbook(path, {"strings_to_numbers": False, "strings_to_formulas": False,
                                    "strings_to_urls": False})
    wb.set_properties({"title": L("title"), "subject": L("subtitle"),
                       "comments": c.privacy_note()})
    f = {
        "title": wb.add_format({"bold": True, "font_size": 16, "font_color": "#1F3B5C"}),
        "h2": wb.add_format({"bold": True, "font_size": 12, "font_color": "#1F3B5C",
                             "bottom": 1}),
        "head": wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1,
                               "text_wrap": True, "valign": "top"}),
        "key": wb.add_format({"bold": True, "bg_color": "#F1F4F8", "border": 1}),
        "text": wb.add_format({"border": 1, "valign": "top"}),
        "wrap": wb.add_format({"border": 1, "valign": "top", "text_wrap": True}),
        "int": wb.add_format({"border": 1, "num_format": "#,##0", "valign": "top"}),
        "num": wb.add_format({"border": 1, "num_format": "+0.0;-0.0;0.0", "valign": "top"}),
        "pct": wb.add_format({"border": 1, "num_format": "0.00%", "valign": "top"}),
        "note": wb.add_format({"italic": True, "font_color": "#555555"}),
        "warn": wb.add_format({"bold": True, "font_color": "#B03A2E"}),
        "mono": wb.add_format({"font_name": "Consolas", "font_size": 9}),
        "lang": c.lang,
    }

    _summary_sheet(wb, c, f)
    rate_cols = set(c.rate_columns())
    for level in c.area_levels():
        _table_sheet(wb, L.level(level), c.area_frame(level), f, pct=rate_cols,
                     title=f"{L('by_area')}: {L.level(level)}")
    # the sure groups, then (their own sheet) the groups that need factual verification
    for k, (title, _note, part) in enumerate(c.group_parts()):
        _table_sheet(wb, L("sheet_groups" if k == 0 else "sheet_possible"), _drop_empty(part),
                     f, wrap={L("reasons"), L("keep_reason")}, score=L("score"), title=title)
    if len(c.dpk):
        _table_sheet(wb, L("sheet_dpk"), c.dpk, f, wrap={L("reasons")}, score=L("score"),
                     title=L("dpk_matches"))
    if len(c.conflicts):
        _table_sheet(wb, L("sheet_conflicts"), c.conflicts, f, wrap={L("reasons")},
                     score=L("score"), title=L("conflicts_title"))
    weights = c.weights_frame()
    if c.learned is not None and len(weights):
        _table_sheet(wb, L("sheet_weights"), weights, f, title=L("weights_title"))
    toml = c.config_toml()
    if toml:
        ws = wb.add_worksheet(_sheet_name(L("sheet_config")))
        ws.write_string(0, 0, L("config_full"), f["h2"])
        for i, line in enumerate(toml.splitlines(), start=1):
            ws.write_string(i, 0, line, f["mono"])
        ws.set_column(0, 0, 70)
        _print_setup(ws, L("sheet_config"), c, repeat=False)
    try:
        wb.close()
    except Exception as exc:  # xlsxwriter raises its own types
        from dptclean.io.writers import discard_failed_workbook

        message = f"cannot write the workbook: {exc}"
        discard_failed_workbook(exc)  # no "Exception ignored" traceback when the disk is full
        raise OutputError(message, path=str(path)) from None


def _summary_numbers(c: ReportContent) -> list[tuple[str, Any, str]]:
    """The summary figures as numbers (label, value, int/pct), in the order of every report."""
    L, r = c.L, c.report
    d, dup, dpk = r["dpt"], r["duplicates"], r["dpk"]
    numbers: list[tuple[str, Any, str]] = [(L("dpt_records"), d["records"], "int")]
    if d.get("tms_excluded"):
        numbers.append((L("tms_excluded"), d["tms_excluded"], "int"))
    numbers += [(L("dup_groups"), dup["groups"], "int"), (L("dup_records"), dup["records"], "int"),
                (L("dup_redundant"), dup["redundant"], "int"), (L("dup_rate"), dup["rate"], "pct")]
    if r.get("groups_without_keep"):
        numbers.append((L("groups_without_keep"), r["groups_without_keep"], "int"))
    poss = r.get("possible_duplicates")
    if poss is not None:   # apart from the duplicate figures, as in every report
        numbers += [(L("poss_groups"), poss.get("groups", 0), "int"),
                    (L("poss_records"), poss.get("records", 0), "int"),
                    (L("poss_redundant"), poss.get("redundant", 0), "int"),
                    (L("poss_rate"), poss.get("rate", 0.0), "pct")]
    numbers += [(L("dpk_records"), dpk["records"], "int"),
                (L("dpk_rate", den=c.dpk_denominator()), dpk["rate"], "pct"),
                (L("dpk_in_dpt"), dpk["in_dpt"], "int"),
                (L("nik_conflicts"), r.get("nik_conflicts", 0), "int")]
    m = r.get("matching") or {}
    if "candidate_pairs" in m:
        numbers.append((L("pairs_compared"), m["candidate_pairs"], "int"))
    if "matched_pairs" in m:
        numbers.append((L("pairs_matched"), m["matched_pairs"], "int"))
    return numbers


def _summary_sheet(wb, c: ReportContent, f: dict[str, Any]) -> None:
    L = c.L
    ws = wb.add_worksheet(_sheet_name(L("sheet_summary")))
    ws.write_string(0, 0, L("title"), f["title"])
    ws.write_string(1, 0, L("subtitle"), f["note"])
    row = 3
    for k, v in c.evidence_rows():
        ws.write_string(row, 0, k, f["key"])
        ws.write_string(row, 1, v, f["text"])
        row += 1
    r = c.report
    row += 1
    ws.write_string(row, 0, L("summary"), f["h2"])
    row += 1
    for k, v, kind in _summary_numbers(c):
        ws.write_string(row, 0, k, f["key"])
        ws.write_number(row, 1, float(v), f[kind])
        row += 1
    ws.write_string(row, 0, c.method_note(), f["note"])
    # the row accounting: rows read = DPT + TMS + DPK + skipped
    row = _text_rows(ws, row + 1, [(L("rows"), accounting_text(r, L))], f) + 1

    ws.write_string(row, 0, L("by_category"), f["h2"])
    row += 1
    for j, h in enumerate((L("category"), L("groups"), L("records"), L("redundant"))):
        ws.write_string(row, j, h, f["head"])
    row += 1
    for cat in c.category_rows():
        ws.write_string(row, 0, cat["label"], f["text"])
        for j, key in enumerate(("groups", "records", "redundant"), start=1):
            ws.write_number(row, j, cat[key], f["int"])
        row += 1
    row += 1

    ws.write_string(row, 0, L("evidence"), f["h2"])
    row += 1
    for j, h in enumerate((L("path"), L("bytes"), L("records"), L("sha256"))):
        ws.write_string(row, j, h, f["head"])
    row += 1
    for i in c.input_rows():
        ws.write_string(row, 0, str(i.get("path")), f["text"])
        for j, key in ((1, "bytes"), (2, "records")):
            if i.get(key) is None:
                ws.write_string(row, j, "-", f["text"])
            else:
                ws.write_number(row, j, float(i[key]), f["int"])
        ws.write_string(row, 3, i.get("sha256") or "-", f["text"])
        row += 1
    row += 1
    ws.write_string(row, 0, L("rows"), f["h2"])
    row += 1
    for k, n in c.row_accounting_numbers():
        ws.write_string(row, 0, k, f["key"])
        ws.write_number(row, 1, float(n), f["int"])
        row += 1
    row += 1
    ws.write_string(row, 0, L("config"), f["h2"])
    row += 1
    for k, v in c.config_rows():
        ws.write_string(row, 0, k, f["key"])
        ws.write_string(row, 1, v, f["wrap"])
        row += 1
    row += 1
    ws.write_string(row, 0, c.privacy_note(), f["warn"] if c.show_nik else f["note"])
    ws.set_column(0, 0, 44)
    ws.set_column(1, 1, 22)
    ws.set_column(2, 2, 12)
    ws.set_column(3, 3, 68)
    ws.freeze_panes(3, 0)
    _print_setup(ws, L("sheet_summary"), c, repeat=False)


def _text_rows(ws, row: int, pairs: list[tuple[str, str]], f: dict[str, Any]) -> int:
    """Label / text rows from ``row`` on (pairs with an empty text are left out)."""
    for k, v in pairs:
        if v:
            ws.write_string(row, 0, k, f["key"])
            ws.write_string(row, 1, v, f["text"])
            row += 1
    return row


def _table_sheet(wb, name: str, frame: pd.DataFrame, f: dict[str, Any], *,
                 pct: frozenset[str] | set[str] = frozenset(),
                 wrap: frozenset[str] | set[str] = frozenset(), score: str | None = None,
                 title: str = "") -> None:
    frame = cut_long_cells(neutralise_formulas(frame.reset_index(drop=True)), f["lang"])
    ws = wb.add_worksheet(_sheet_name(name))
    cols = list(frame.columns)
    for j, col in enumerate(cols):
        ws.write_string(0, j, str(col), f["head"])
    kinds = []
    for col in cols:
        s = frame[col]
        if col in pct:
            kinds.append("pct")
        elif col == score:
            kinds.append("num")
        elif pd.api.types.is_integer_dtype(s.dtype):
            kinds.append("int")
        elif pd.api.types.is_float_dtype(s.dtype):
            kinds.append("num")
        else:
            kinds.append("wrap" if col in wrap else "text")
    values = frame.astype(object).where(frame.notna(), None)
    for i, row in enumerate(values.itertuples(index=False, name=None), start=1):
        for j, v in enumerate(row):
            if v is None:
                continue
            if kinds[j] in ("pct", "int", "num"):
                ws.write_number(i, j, float(v), f[kinds[j]])
            else:
                ws.write_string(i, j, str(v), f[kinds[j]])
    for j, col in enumerate(cols):
        sample = frame[col].head(300).astype("string").fillna("")
        width = max([len(str(col))] + [len(v) for v in sample.tolist()]) + 2
        if kinds[j] == "pct":
            width = max(width, 10)
        ws.set_column(j, j, min(max(width, 6), MAX_WIDTH if kinds[j] != "wrap" else 70))
    ws.freeze_panes(1, 0)
    if cols:
        ws.autofilter(0, 0, max(len(frame), 1), len(cols) - 1)
    _print_setup(ws, title or name, None, repeat=True)


def _print_setup(ws, title: str, c: ReportContent | None, *, repeat: bool) -> None:
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)  # one page wide, as many pages tall as needed
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    if repeat:
        ws.repeat_rows(0)
    safe = title.replace("&", "&&")
    ws.set_header(f"&L&B{safe}")
    ws.set_footer("&Ldptclean&R&P / &N")


def _drop_empty(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[[col for col in frame.columns if frame[col].notna().any()]] if len(frame) \
        else frame


def _sheet_name(name: str) -> str:
    bad = '[]:*?/\\'
    clean = "".join("_" if ch in bad else ch for ch in str(name)).strip("'") or "sheet"
    return clean[:31]




# --- the review workbook (dedupe -o ganda.xlsx): the operator's main tool --------------------
#
# The groups output in the decisions format (decisions.decision_template), laid out for people:
# headers in Bahasa (English with --lang en), the decision column first with a dropdown, the
# technical columns at the end, grouped and hidden; numbers stored as numbers. The CSV and
# Parquet outputs of the same table keep the English snake_case columns and values (the machine
# interface); reading a workbook back (decisions.read_table) maps either language's headers
# and values to them with :func:`review_columns_back`.

# snake_case column -> (Bahasa header, English header)
REVIEW_HEADERS: dict[str, tuple[str, str]] = {
    "group_id": ("Kelompok", "Group"),
    "decision": ("Keputusan", "Decision"),
    "note": ("Catatan", "Note"),
    "review": ("Status tinjauan", "Review status"),
    "action": ("Usulan", "Suggestion"),
    "category": ("Kategori", "Category"),
    "confidence": ("Keyakinan", "Confidence"),
    "score": ("Skor", "Score"),
    "reasons": ("Alasan", "Reasons"),
    "nama": ("Nama", "Name"),
    "nik": ("NIK", "NIK"),
    "nkk": ("NKK", "NKK"),
    "tempat_lahir": ("Tempat lahir", "Birth place"),
    "tanggal_lahir": ("Tanggal lahir", "Birth date"),
    "usia": ("Usia", "Age"),
    "jenis_kelamin": ("Jenis kelamin", "Sex"),
    "status_kawin": ("Status kawin", "Marital status"),
    "alamat": ("Alamat", "Address"),
    "rt": ("RT", "RT"),
    "rw": ("RW", "RW"),
    "disabilitas": ("Disabilitas", "Disability"),
    "keterangan": ("Keterangan", "Remarks"),
    "tps": ("TPS", "TPS"),
    "kelurahan": ("Kelurahan/Desa", "Kelurahan/Desa"),
    "kecamatan": ("Kecamatan", "Kecamatan"),
    "kabupaten": ("Kabupaten/Kota", "Kabupaten/Kota"),
    "provinsi": ("Provinsi", "Provinsi"),
    "list": ("Daftar", "List"),
    "source_file": ("Berkas", "File"),
    "sheet": ("Lembar", "Sheet"),
    "row": ("Baris", "Row"),
    "record_no": ("No. urut", "No."),
    "keep_reason": ("Dasar usulan", "Why this suggestion"),
    "linked_to": ("Terhubung dengan", "Linked to"),
    "decided_by": ("Diputuskan oleh", "Decided by"),
    "decided_at": ("Tanggal keputusan", "Decided at"),
    # technical: at the end, grouped and hidden (needed to read the decisions back)
    "reasons_technical": ("Alasan teknis (bit, probabilitas)",
                          "Technical reasons (bits, probability)"),
    "record_key": ("Kunci baris (teknis)", "Record key (technical)"),
    "fingerprint": ("Sidik data (teknis)", "Fingerprint (technical)"),
    "other_record_key": ("Kunci baris lain (teknis)", "Other record key (technical)"),
    "other_fingerprint": ("Sidik data lain (teknis)", "Other fingerprint (technical)"),
    "nik_digits_known": ("Angka NIK terbaca (teknis)", "NIK digits known (technical)"),
    "nkk_digits_known": ("Angka NKK terbaca (teknis)", "NKK digits known (technical)"),
}
TECHNICAL = ("nik_digits_known", "nkk_digits_known", "reasons_technical", "record_key",
             "fingerprint", "other_record_key", "other_fingerprint")
# the people's columns first, in this order; the record's own columns after ``reasons``
_FRONT = ("group_id", "decision", "note", "review", "action", "category", "confidence", "score",
          "reasons")
_BACK = ("list", "source_file", "sheet", "row", "record_no", "keep_reason", "linked_to",
         "decided_by", "decided_at")
_INT_COLUMNS = ("group_id", "row")

DECISION_VALUES: dict[str, tuple[str, str]] = {
    "duplicate": ("ganda", "duplicate"), "not_duplicate": ("bukan ganda", "not_duplicate"),
    "keep": ("pertahankan", "keep"),
    "verify_field": ("verifikasi faktual", "verify in the field")}
REVIEW_VALUES: dict[str, tuple[str, str]] = {
    "new": ("baru", "new"), "confirmed": ("dikonfirmasi", "confirmed"),
    "partly_decided": ("sebagian diputuskan", "partly decided"),
    "rejected": ("ditolak", "rejected"), "not_found": ("tidak ditemukan", "not found")}
ACTION_VALUES: dict[str, tuple[str, str]] = {
    "keep": ("pertahankan", "keep"), "remove": ("usulkan TMS ganda", "propose TMS (ganda)"),
    "verify": ("tanpa usulan: pilih yang dipertahankan",
               "no proposal: choose the record to keep"),
    "verify_field": ("verifikasi faktual", "verify in the field")}

CONFIDENCE_VALUES: dict[str, tuple[str, str]] = {
    "sure": ("pasti", "sure"), "possible": ("mungkin: perlu verifikasi faktual", "possible")}

_LANGS = ("id", "en")


def dropdown_values(lang: str) -> list[str]:
    """The decision column's dropdown: the values in ``lang`` first, then the other language."""
    i = _LANGS.index(lang)
    own = [v[i] for v in DECISION_VALUES.values()]
    return own + [v[1 - i] for v in DECISION_VALUES.values() if v[1 - i] not in own]


def review_columns_back(table: pd.DataFrame) -> pd.DataFrame:
    """A review table read back with its snake_case columns, whichever language its headers
    are in (a header that is already snake_case stays)."""
    known = {c: c for c in REVIEW_HEADERS}
    for col, pair in REVIEW_HEADERS.items():
        for text in pair:
            known.setdefault(" ".join(text.lower().split()), col)
    rename: dict[object, str] = {}
    taken = set(table.columns)
    for col in table.columns:
        target = known.get(" ".join(str(col).lower().split()))
        if target and target != col and target not in taken and target not in rename.values():
            rename[col] = target
    return table.rename(columns=rename) if rename else table


def _ordered(columns: Sequence[str]) -> list[str]:
    cols = list(columns)
    front = [c for c in _FRONT if c in cols]
    back = [c for c in _BACK if c in cols]
    tech = [c for c in TECHNICAL if c in cols]
    middle = [c for c in cols if c not in front and c not in back and c not in tech]
    return front + middle + back + tech


def _human_values(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    from dptclean.report.reasons import keep_reason, to_lang

    i = _LANGS.index(lang)
    t = table.copy()

    def mapped(col: str, values: dict[str, tuple[str, str]]) -> None:
        if col in t.columns:
            t[col] = t[col].map(lambda v: values[v][i] if isinstance(v, str) and v in values
                                else v).astype(object)

    mapped("decision", DECISION_VALUES)
    mapped("review", REVIEW_VALUES)
    mapped("action", ACTION_VALUES)
    mapped("confidence", CONFIDENCE_VALUES)
    if "reasons" in t.columns:
        t["reasons"] = t["reasons"].map(lambda v: to_lang(v, lang)).astype(object)
    if "keep_reason" in t.columns:
        t["keep_reason"] = t["keep_reason"].map(lambda v: keep_reason(v, lang)).astype(object)
    if "linked_to" in t.columns and lang == "id":
        t["linked_to"] = t["linked_to"].astype("string").str.replace(
            r" row (\d+)$", r" baris \1", regex=True).astype(object)
    return t


def _as_number(value: object, integer: bool) -> float | None:
    """The value as a number when it is one (``12``, ``"12"``, ``12.0``), else None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float, np.integer, np.floating)):
        x = float(value)
    else:
        text = str(value).strip()
        try:
            x = float(text)
        except ValueError:
            return None
    if x != x or (integer and not x.is_integer()):
        return None
    return x


_CUT = {"id": " … [dipotong: {n} karakter, lihat hasil CSV atau --save]",
        "en": " … [cut: {n} characters, see the CSV output or --save]"}


def cut_long_cells(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Values longer than an Excel cell holds (32,767 characters: a hostile or broken cell)
    cut short with a marker that says so and gives the full length. Refusing the workbook
    instead let one such cell stop an operator's review; xlsxwriter alone would cut it
    without a word. The CSV output and the result directory keep the whole value."""
    out = frame
    for j in range(frame.shape[1]):
        s = frame.iloc[:, j]
        if not (s.dtype == object or pd.api.types.is_string_dtype(s.dtype)):
            continue
        lengths = s.astype("string").str.len()
        over = (lengths > XLSX_MAX_CELL).fillna(False)
        if not over.any():
            continue

        def cut(value: object) -> str:
            text = str(value)
            mark = _CUT.get(lang, _CUT["en"]).format(n=fmt_int(len(text), lang))
            return text[:XLSX_MAX_CELL - len(mark)] + mark

        if out is frame:
            out = frame.copy()
        col_values = s.astype(object).copy()
        col_values[over.to_numpy()] = [cut(v) for v in s[over.to_numpy()]]
        out.isetitem(j, col_values)
    return out


def write_review_xlsx(table: pd.DataFrame, path: str | os.PathLike, *, lang: str = "id",
                      inputs: Sequence[str] = ()) -> None:
    """Write the review workbook atomically (refusing to overwrite an input)."""
    from dptclean.io.writers import check_not_input

    check_not_input(path, inputs)
    with atomic_path(path) as tmp:
        _write_review(table, tmp, lang)


def _write_cells(ws, t: pd.DataFrame, cols: list[str], f: dict[str, Any],
                 edit_cols: set[str]) -> None:
    """Numbers as numbers (group, score, row); the edit columns are shaded by their column
    format, so their empty cells need no writing."""
    values = t.astype(object).where(t.notna(), None)
    for r, row in enumerate(values.itertuples(index=False, name=None), start=1):
        for j, (c, v) in enumerate(zip(cols, row)):
            if v is None:
                continue
            number = _as_number(v, c in _INT_COLUMNS) if c in _INT_COLUMNS or c == "score" \
                else None
            if number is not None:
                ws.write_number(r, j, number, f["int" if c in _INT_COLUMNS else "num"])
            else:
                style = "edit" if c in edit_cols else "wrap" if c == "reasons" else "text"
                ws.write_string(r, j, str(v), f[style])


def _decision_dropdown(ws, col: int, last_row: int, lang: str) -> None:
    i = _LANGS.index(lang)
    ws.data_validation(1, col, last_row, col, {
        "validate": "list", "source": dropdown_values(lang),
        "input_title": ("Keputusan", "Decision")[i],
        "input_message": ("ganda: orang yang sama; bukan ganda: orang berbeda; pertahankan: "
                          "data yang dipertahankan; verifikasi faktual: belum diputuskan, "
                          "periksa di lapangan; kosong: belum diputuskan.",
                          "duplicate: same person; not_duplicate: different people; keep: "
                          "the record to keep; verify in the field: not decided, check in "
                          "the field; empty: undecided.")[i],
        "error_title": ("Keputusan tidak dikenal", "Unknown decision")[i],
        "error_message": ("Pilih salah satu nilai dari daftar.",
                          "Choose one of the values in the list.")[i]})


def _write_review(table: pd.DataFrame, path: str, lang: str) -> None:
    import xlsxwriter

    i = _LANGS.index(lang)
    cols = _ordered(table.columns)
    table = _sure_first(table)
    t = neutralise_formulas(_human_values(table[cols], lang).reset_index(drop=True))
    t.columns = cols  # neutralise_formulas may touch names; the headers are written below
    t = cut_long_cells(t, lang)
    own_headers = {h.lower() for pair in REVIEW_HEADERS.values() for h in pair}
    headers = []
    for c in cols:
        if c in REVIEW_HEADERS:
            headers.append(REVIEW_HEADERS[c][i])
        else:   # an input's own column: never mistaken for one of ours when read back
            name = str(neutralise_text(str(c)))
            headers.append(f"data: {name}" if name.lower() in own_headers else name)
    wb = xlsxwriter.Workbook(path, {"strings_to_numbers": False, "strings_to_formulas": False,
                                    "strings_to_urls": False, "constant_memory": True})
    f = {
        "head": wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1,
                               "text_wrap": True, "valign": "top"}),
        "edit_head": wb.add_format({"bold": True, "bg_color": "#FFE699", "border": 1,
                                    "text_wrap": True, "valign": "top"}),
        "tech_head": wb.add_format({"bold": True, "bg_color": "#EDEDED", "border": 1,
                                    "font_color": "#666666", "text_wrap": True}),
        "text": wb.add_format({"valign": "top"}),
        "wrap": wb.add_format({"valign": "top", "text_wrap": True}),
        "edit": wb.add_format({"valign": "top", "bg_color": "#FFF2CC", "border": 1}),
        "int": wb.add_format({"valign": "top", "num_format": "0"}),
        "num": wb.add_format({"valign": "top", "num_format": "0.0"}),
        "band": wb.add_format({"bg_color": "#F3F6FA"}),
        "possible": wb.add_format({"bg_color": "#FCE4B6"}),
        "key": wb.add_format({"bold": True, "bg_color": "#F1F4F8", "border": 1}),
        "count": wb.add_format({"border": 1, "num_format": "#,##0"}),
        "note": wb.add_format({"italic": True, "font_color": "#555555", "text_wrap": True}),
    }
    sheet = ("Kelompok ganda", "Duplicate groups")[i]
    ws = wb.add_worksheet(sheet)
    edit_cols = {"decision", "note", "decided_by", "decided_at"}
    for j, (c, h) in enumerate(zip(cols, headers)):
        style = "edit_head" if c in edit_cols else "tech_head" if c in TECHNICAL else "head"
        ws.write_string(0, j, h, f[style])
    _write_cells(ws, t, cols, f, edit_cols)
    n = len(t)
    last = max(n, 1)
    if "decision" in cols:
        _decision_dropdown(ws, cols.index("decision"), max(n, 1000), lang)
    for j, (c, h) in enumerate(zip(cols, headers)):
        sample = t[c].head(300).astype("string").fillna("")
        width = max([len(h)] + [len(v) for v in sample.tolist()]) + 2
        limit = 70 if c == "reasons" else MAX_WIDTH
        options = {"level": 1, "hidden": True} if c in TECHNICAL else {}
        ws.set_column(j, j, min(max(width, 8 if c in edit_cols else 5), limit),
                      f["edit"] if c in edit_cols else None, options)
    if any(c in TECHNICAL for c in cols):
        ws.outline_settings(True, False, True, False)
    if "confidence" in cols and n:   # possible rows in amber (first rule: it wins the banding)
        k = xl_col(cols.index("confidence"))
        possible = CONFIDENCE_VALUES["possible"][i].replace('"', '""')
        ws.conditional_format(1, 0, n, len(cols) - 1, {
            "type": "formula", "criteria": f'=${k}2="{possible}"', "format": f["possible"],
            "stop_if_true": True})
    if "group_id" in cols and n:
        g = xl_col(cols.index("group_id"))
        ws.conditional_format(1, 0, n, len(cols) - 1, {
            "type": "formula", "criteria": f"=AND(ISNUMBER(${g}2),MOD(${g}2,2)=0)",
            "format": f["band"]})
    ws.freeze_panes(1, 2)
    if cols:
        ws.autofilter(0, 0, last, len(cols) - 1)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
    _review_summary_sheet(wb, table, lang, f)
    _help_sheet(wb, lang, f)
    try:
        wb.close()
    except Exception as exc:  # xlsxwriter raises its own types
        raise OutputError(key="workbook_cannot_write", params={"reason": exc},
                          path=str(path)) from None


def _sections(table: pd.DataFrame) -> np.ndarray:
    """Per row: 0 in a group with a sure member, 1 in a group whose members are all
    ``possible`` (perlu verifikasi faktual), 2 a row without a confidence (a decision carried
    forward from an earlier round)."""
    n = len(table)
    if "confidence" not in table.columns or "group_id" not in table.columns or not n:
        return np.zeros(n, dtype=np.int64)
    conf = table["confidence"].astype("string")
    gid = table["group_id"].astype("string").fillna("")
    sure_group = (conf == "sure").fillna(False).groupby(gid).transform("max").to_numpy(bool)
    known = conf.notna().groupby(gid).transform("max").to_numpy(bool)
    return np.where(sure_group, 0, np.where(known, 1, 2))


def _sure_first(table: pd.DataFrame) -> pd.DataFrame:
    """The sure groups first, then the groups to verify in the field, then the carried-forward
    decisions; each part in its own order (group numbers stay as they are)."""
    order = np.argsort(_sections(table), kind="stable")
    return table.iloc[order].reset_index(drop=True)


def review_figures(table: pd.DataFrame) -> dict[str, int]:
    """What the review workbook's summary sheet counts: sure groups and their sure records,
    groups with only possible members, and every possible record (also in a sure group)."""
    sec = _sections(table)
    gid = table["group_id"].astype("string").fillna("") if "group_id" in table.columns \
        else pd.Series([""] * len(table), dtype="string")
    conf = table["confidence"].astype("string") if "confidence" in table.columns \
        else pd.Series(["sure"] * len(table), dtype="string")
    return {"sure_groups": int(gid[sec == 0].nunique()),
            "sure_records": int(((conf == "sure").fillna(False) & (sec == 0)).sum()),
            "possible_groups": int(gid[sec == 1].nunique()),
            "possible_records": int((conf == "possible").fillna(False).sum()),
            "carried_forward": int(gid[sec == 2].nunique())}


def _review_summary_sheet(wb, table: pd.DataFrame, lang: str, f: dict[str, Any]) -> None:
    """Both figures apart: the sure duplicates and those that need factual verification."""
    from dptclean.report.i18n import labels

    L = labels(lang)
    fig = review_figures(table)
    i = _LANGS.index(lang)
    ws = wb.add_worksheet(("Ringkasan", "Summary")[i])
    ws.write_string(0, 0, ("Ringkasan lembar pertama", "Summary of the first sheet")[i],
                    wb.add_format({"bold": True, "font_size": 13}))
    rows = [(L("dup_groups") + (" (pasti)", " (sure)")[i], fig["sure_groups"]),
            (L("dup_records") + (" (pasti)", " (sure)")[i], fig["sure_records"]),
            (L("poss_groups"), fig["possible_groups"]),
            (L("poss_records"), fig["possible_records"])]
    if fig["carried_forward"]:
        rows.append((("Keputusan terdahulu yang dibawa (blok D)",
                      "Earlier decisions carried forward (D blocks)")[i], fig["carried_forward"]))
    for r, (k, v) in enumerate(rows, start=2):
        ws.write_string(r, 0, k, f["key"])
        ws.write_number(r, 1, v, f["count"])
    note = (f"Baris 'mungkin: perlu verifikasi faktual' berwarna jingga dan kelompoknya ada "
            f"sesudah kelompok pasti; tidak dihitung dalam persentase ganda. Usulannya "
            f"'verifikasi faktual', bukan TMS: periksa di lapangan lebih dulu. "
            f"({fmt_int(fig['possible_records'], lang)} pemilih)",
            f"Rows 'possible' are shaded orange and their groups come after the sure ones; "
            f"they are not counted in the duplicate rate. Their suggestion is 'verify in the "
            f"field', not TMS: check in the field first. "
            f"({fmt_int(fig['possible_records'], lang)} records)")[i]
    ws.write_string(len(rows) + 3, 0, note, f["note"])
    ws.set_column(0, 0, 62)
    ws.set_column(1, 1, 12)


_HELP = {
    "id": [
        "Cara mengisi lembar pertama",
        "Setiap baris adalah satu pemilih dalam satu kelompok data ganda (kolom Kelompok).",
        "Isi kolom Keputusan dari daftar pilihan: 'ganda' bila pemilih ini orang yang sama "
        "dengan pemilih lain di kelompoknya, 'bukan ganda' bila orang yang berbeda; kosongkan "
        "bila belum diputuskan. Nilai bahasa Inggris (duplicate / not_duplicate) juga diterima.",
        "'pertahankan' pada satu pemilih: pemilih ini yang dipertahankan (setelah diperiksa di "
        "lapangan), pemilih lain di kelompoknya diusulkan TMS ganda.",
        "Kolom Keyakinan: 'pasti' bila bukti data cukup (dihitung dalam persentase ganda); "
        "'mungkin: perlu verifikasi faktual' bila bukti data tidak cukup (mis. NIK disamarkan, "
        "nama sama, kembar): tidak dihitung dalam persentase ganda, periksa di lapangan dulu "
        "sebelum mengusulkan TMS. Baris ini berwarna jingga, usulannya 'verifikasi faktual', "
        "dan kelompoknya ada sesudah semua kelompok pasti. Lembar Ringkasan memberi kedua "
        "jumlahnya.",
        "'verifikasi faktual' di kolom Keputusan: kelompok ini dikirim ke pemeriksaan lapangan, "
        "belum ada keputusan (sama seperti kosong, tetapi tercatat).",
        "Catatan, Diputuskan oleh dan Tanggal keputusan boleh diisi untuk jejak pemeriksaan.",
        "Jalankan lagi: dptclean dedupe ... --decisions BERKAS_INI.xlsx -o ganda-baru.xlsx. "
        "Pasangan 'bukan ganda' tidak akan muncul lagi; yang 'ganda' tetap; nomor kelompok "
        "dipertahankan.",
        "Kolom teknis di ujung kanan (tersembunyi, klik tanda + di atas kolom) diperlukan "
        "untuk membaca keputusan kembali: jangan diubah atau dihapus.",
    ],
    "en": [
        "How to fill in the first sheet",
        "Each row is one voter in one group of duplicates (the Group column).",
        "Fill the Decision column from its dropdown: 'duplicate' when this voter is the same "
        "person as the others of the group, 'not_duplicate' when a different person; leave it "
        "empty when undecided. The Bahasa values (ganda / bukan ganda) are accepted too.",
        "'keep' on one voter: this record is the one to keep (after a field check); the others "
        "of its group are proposed TMS ganda.",
        "The Confidence column: 'sure' when the data settles it (counted in the duplicate "
        "rate); 'possible' when it cannot (e.g. masked NIK, namesakes, twins): not counted in "
        "the duplicate rate, check in the field before proposing TMS. These rows are shaded "
        "orange, their suggestion is 'verify in the field', and their groups come after every "
        "sure group. The Summary sheet gives both figures.",
        "'verify in the field' in the Decision column: the group is sent to a field check, no "
        "verdict yet (as an empty cell, but on record).",
        "Note, Decided by and Decided at are optional, for the audit trail.",
        "Run again: dptclean dedupe ... --decisions THIS_FILE.xlsx -o groups-new.xlsx. "
        "'not_duplicate' pairs never come back; 'duplicate' ones stay; group numbers are kept.",
        "The technical columns at the right end (hidden: click the + above the columns) are "
        "needed to read the decisions back: do not change or delete them.",
    ],
}


def _help_sheet(wb, lang: str, f: dict[str, Any]) -> None:
    ws = wb.add_worksheet(("Petunjuk", "How to")[_LANGS.index(lang)])
    lines = _HELP[lang]
    ws.write_string(0, 0, lines[0], wb.add_format({"bold": True, "font_size": 13}))
    for r, line in enumerate(lines[1:], start=2):
        ws.write_string(r, 0, line, f["wrap"])
    ws.set_column(0, 0, 110)


__all__: Sequence[str] = ("write_report_xlsx", "write_review_xlsx", "review_columns_back")
