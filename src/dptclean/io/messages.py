"""What the read stage tells a person: every reader message in one place, in Bahasa and English.

The library raises its errors with the English text (``InputError(text(key, **params))``) and
keeps ``key`` and ``params`` on the error, so a caller can show it in Bahasa; notes that do not
stop the read (a header borrowed from a sibling sheet, a hidden sheet left out, an Excel lock
file skipped) are :class:`ReadNote` objects on the load result and are also issued as
:class:`ReadWarning` (``warnings.warn``), which the CLI prints on stderr.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

# key: (Bahasa Indonesia, English); {placeholders} are filled from the params.
MESSAGES: dict[str, tuple[str, str]] = {
    "header_borrowed": (
        "lembar ini tidak punya baris judul kolom; dibaca dengan judul kolom lembar {sibling} "
        "(jumlah dan isi kolomnya cocok): {records} pemilih, baris {rows}",
        "this sheet has no header row; read with the header of sheet {sibling} (its columns "
        "and values fit): {records} records, rows {rows}"),
    "header_unused": (
        "baris {rows} juga berupa judul kolom (kolom yang sama dengan urutan lain) tetapi tidak "
        "ada pemilih di bawahnya: pemilih dibaca dengan judul kolom baris {used}, yang tepat di "
        "atasnya; periksa judul kolom mana yang benar",
        "row {rows} is also a header (the same columns in another order) but no records follow "
        "it: the records are read with the header of row {used}, directly above them; check "
        "which header is right"),
    "sheet_not_read": (
        "lembar ini tidak punya baris judul kolom dan {count} barisnya (baris {rows}) TIDAK "
        "dibaca ({why}); tambahkan baris judul kolom, atau beri --allow-skipped-sheets untuk "
        "melanjutkan tanpa baris itu",
        "this sheet has no header row and its {count} rows (rows {rows}) were NOT read ({why}); "
        "add the header row, or give --allow-skipped-sheets to go on without them"),
    "sheet_not_read_allowed": (
        "lembar ini tidak punya baris judul kolom: {count} baris (baris {rows}) tidak dibaca "
        "({why})",
        "this sheet has no header row: {count} rows (rows {rows}) were not read ({why})"),
    "no_sibling": ("tidak ada lembar lain dengan judul kolom", "no other sheet has a header"),
    "sibling_width": ("lembar {sibling} punya {want} kolom, lembar ini {have}",
                      "sheet {sibling} has {want} columns, this one {have}"),
    "sibling_values": ("kolom {column} lembar {sibling} tidak cocok dengan isinya",
                       "column {column} of sheet {sibling} does not fit its values"),
    "hidden_sheet": (
        "lembar tersembunyi ({state}) tidak dibaca ({rows} baris); beri --include-hidden "
        "untuk membacanya",
        "hidden sheet ({state}) not read ({rows} rows); give --include-hidden to read it"),
    "hidden_rows_read": (
        "{count} baris yang disembunyikan di Excel ikut dibaca sebagai pemilih (baris {rows}); "
        "Excel tidak menampilkannya, jadi jumlah yang dihitung di Excel bisa lebih kecil",
        "{count} rows hidden in Excel were read as records (rows {rows}); Excel does not show "
        "them, so a count made in Excel may be lower"),
    "hidden_sheet_read": ("lembar tersembunyi ({state}) ikut dibaca (--include-hidden)",
                          "hidden sheet ({state}) read (--include-hidden)"),
    "lock_file": (
        "berkas kunci Excel (ada selama buku kerjanya terbuka di Excel), bukan daftar pemilih: "
        "dilewati",
        "an Excel lock file (present while its workbook is open in Excel), not a voter list: "
        "skipped"),
    "only_lock_files": (
        "hanya berkas kunci Excel (~$...) yang diberikan; berikan buku kerjanya sendiri",
        "only Excel lock files (~$...) were given; give the workbook itself"),
    "recap_sheet": (
        "lembar ini tampaknya rekap per TPS (jumlah pemilih per TPS), bukan daftar pemilih: "
        "dilewati",
        "this sheet looks like a recap per TPS (counts per TPS), not a voter list: skipped"),
    "recap_only": (
        "ini tampaknya rekap per TPS (jumlah pemilih per TPS), bukan daftar pemilih; berikan "
        "lembar/berkas daftar pemilihnya (dengan kolom NAMA dan NIK)",
        "this looks like a recap per TPS (counts per TPS), not a voter list; give the sheet or "
        "file with the voters (NAMA and NIK columns)"),
    "formula_uncached": (
        "{count} sel berisi rumus tanpa nilai tersimpan (mis. {cell}: ={formula}), biasanya "
        "buku kerja yang ditulis skrip; buka dan simpan di Excel (atau LibreOffice) agar "
        "nilainya tersimpan, lalu coba lagi",
        "{count} cells hold formulas without a saved value (e.g. {cell}: ={formula}), usually a "
        "workbook written by a script; open and save it in Excel (or LibreOffice) so the values "
        "are saved, then try again"),
    "formula_literal": ("{count} sel rumus berisi nilai tetap (mis. {cell}: ={formula}) "
                        "dibaca sebagai nilainya",
                        "{count} formula cells holding a literal (e.g. {cell}: ={formula}) "
                        "read as their value"),
    "list_conflict": (
        "jenis daftar tidak jelas: {evidence}; samakan judul, nama lembar/berkas dan kolom "
        "daftarnya",
        "the list type is unclear: {evidence}; make the title, sheet/file name and list column "
        "agree"),
    "list_column_mixed": (
        "kolom {column} berisi beberapa jenis daftar ({types}); pisahkan tiap daftar ke "
        "berkasnya sendiri",
        "column {column} holds several list types ({types}); split each list into its own file"),
    "give_as_dpk": (
        "berkas ini berjudul {title}: berikan dengan --dpk (bukan sebagai DPT)",
        "this file is titled {title}: give it with --dpk (not as the DPT)"),
    "not_dpk": (
        "berkas ini diberikan dengan --dpk tetapi {where} menyebut {title}; berikan sebagai "
        "DPT atau periksa berkasnya",
        "this file was given with --dpk but its {where} says {title}; give it as the DPT or "
        "check the file"),
    "header_near_miss": (
        "kolom {columns} tidak dikenali (salah ketik {fields}?) dan tidak dipakai (tidak "
        "dicocokkan, tidak dihitung); bila benar, beri {maps}",
        "column(s) {columns} not recognised (a typo for {fields}?) and not used (neither "
        "matched nor counted); if that is what they are, give {maps}"),
    "header_twice": (
        "ada dua kolom {header} dan isinya berbeda di {count} baris (baris {rows}): kolom "
        "pertama yang dibaca, yang kedua disimpan sebagai kolom tambahan dan tidak dipakai; "
        "periksa mana yang benar, lalu ganti judul kolom yang lain di berkas",
        "two columns are named {header} and their values differ in {count} rows (rows "
        "{rows}): the first one is read, the second kept as an extra column and not used; check "
        "which one is right and rename the other in the file"),
    "dptb_not_counted": (
        "berkas ini berjudul {title} (DPTb): dptclean menghitung DPT dan DPK saja; jangan "
        "berikan DPTb sebagai DPT",
        "this file is titled {title} (DPTb): dptclean counts the DPT and DPK only; do not give "
        "a DPTb as the DPT"),
}

WHERE: dict[str, tuple[str, str]] = {
    "title": ("judul", "title"), "sheet": ("nama lembar", "sheet name"),
    "file": ("nama berkas", "file name"), "column": ("kolom daftar", "list column"),
}


def current_lang() -> str:
    """The language of the messages: ``DPTCLEAN_LANG`` (id/en), Bahasa by default."""
    lang = os.environ.get("DPTCLEAN_LANG", "id").strip().lower()
    return "en" if lang.startswith("en") else "id"


def text(key: str, lang: str = "en", **params: Any) -> str:
    """The message ``key`` in ``lang`` ("id" or "en") with its placeholders filled."""
    idn, eng = MESSAGES[key]
    return (eng if lang == "en" else idn).format(**params)


def where(source: str, lang: str = "en") -> str:
    idn, eng = WHERE.get(source, (source, source))
    return eng if lang == "en" else idn


def rows_text(rows: list[int], limit: int = 8) -> str:
    """Row numbers as ranges: "8-20, 25" (at most ``limit`` ranges, then "...")."""
    if not rows:
        return "-"
    ranges: list[tuple[int, int]] = []
    for r in sorted(set(rows)):
        if ranges and r == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], r)
        else:
            ranges.append((r, r))
    parts = [f"{a}" if a == b else f"{a}-{b}" for a, b in ranges[:limit]]
    return ", ".join(parts) + (", ..." if len(ranges) > limit else "")


@dataclass
class ReadNote:
    """Something the reader did that a person must know about (not an error)."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)
    path: str | None = None
    sheet: str | None = None

    def render(self, lang: str = "en") -> str:
        where_ = ""
        if self.path:
            where_ = str(self.path)
            if self.sheet is not None:
                where_ += f" [{'sheet' if lang == 'en' else 'lembar'} {self.sheet}]"
            where_ += ": "
        return where_ + text(self.key, lang, **self.params)

    def __str__(self) -> str:
        return self.render("en")

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "params": self.params, "sheet": self.sheet,
                "message": self.render("en")}


class ReadWarning(UserWarning):
    """A :class:`ReadNote` issued through :mod:`warnings` (the CLI prints it on stderr)."""

    def __init__(self, note: ReadNote) -> None:
        self.note = note
        super().__init__(str(note))


def error(cls: type, key: str, *, path: str | None = None, sheet: str | None = None,
          **params: Any) -> Exception:
    """An error of class ``cls`` with the English text of ``key``; key and params kept."""
    exc = cls(text(key, "en", **params), path=path, sheet=sheet)
    exc.key = key  # type: ignore[attr-defined]
    exc.params = params  # type: ignore[attr-defined]
    return exc
