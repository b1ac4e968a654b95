"""The catalogue of error messages a person meets often, in Bahasa Indonesia and English.

The library raises specific errors naming a key of :data:`MESSAGES` and its parameters
(``raise InputError(key="no_such_file", path=p)``); ``str(error)`` is English, and the CLI
prints :meth:`dptclean.errors.DptcleanError.localised` in the language of ``--lang`` /
``DPTCLEAN_LANG`` (Bahasa by default). ``tests/report/test_messages.py`` checks that every key
a raise site names is here in both languages with the same parameters.
"""

from __future__ import annotations

import re
import string

# key: (Bahasa Indonesia, English); {name} parameters are filled in by the raise site
MESSAGES: dict[str, tuple[str, str]] = {
    # reading
    "no_input": ("tidak ada berkas masukan", "no input files given"),
    "no_such_file": ("berkas tidak ditemukan", "no such file"),
    "is_directory_input": ("ini folder, bukan berkas", "is a directory, not a file"),
    "unsupported_type": ("jenis berkas {suffix} tidak didukung (gunakan .xlsx, .xls, .csv, "
                         ".tsv, .txt atau .parquet)",
                         "unsupported file type {suffix} (expected .xlsx, .xls, .csv, .tsv, "
                         ".txt or .parquet)"),
    "no_nama_column": ("tidak ada kolom NAMA di baris judul kolom (yang ada: {found}); "
                       "gunakan --map nama='Judul Kolom Anda'",
                       "no NAMA column in the header row (found: {found}); "
                       "use --map nama='Your Header'"),
    "no_nik_or_dob": ("tidak ada kolom NIK maupun TANGGAL LAHIR di baris judul kolom; salah "
                      "satunya diperlukan untuk membedakan pemilih (gunakan --map nik=... atau "
                      "--map tanggal_lahir=...)",
                      "neither a NIK nor a TANGGAL LAHIR column in the header row; one of "
                      "them is needed to tell voters apart (use --map nik=... or "
                      "--map tanggal_lahir=...)"),
    # writing
    "output_is_input": ("tidak akan menimpa berkas masukan", "refusing to write over an input "
                        "file"),
    "output_dir_missing": ("folder {directory} tidak ada", "the directory {directory} does not "
                           "exist"),
    "output_is_directory": ("ini folder", "is a directory"),
    "output_no_permission": ("tidak ada izin menulis di {directory}",
                             "no permission to write in {directory}"),
    "output_cannot_create": ("tidak dapat membuat berkas: {reason} (masih terbuka di Excel?)",
                             "cannot create a file: {reason} (is it open in Excel?)"),
    "output_cannot_write": ("tidak dapat menulis: {reason} (masih terbuka di Excel?)",
                            "cannot write: {reason} (is it open in Excel?)"),
    "workbook_cannot_write": ("tidak dapat menulis workbook: {reason}",
                              "cannot write the workbook: {reason}"),
    "report_not_json": ("laporan berformat JSON; beri nama berakhiran .json",
                        "the report is JSON; name it .json"),
    # decisions (the review workbook read back)
    "not_decisions_file": ("bukan berkas keputusan: tidak ada kolom {missing} (gunakan berkas "
                           "kelompok dari `dptclean dedupe -o`)",
                           "not a decisions file: no {missing} column (use the groups output "
                           "of `dptclean dedupe -o`)"),
    "unknown_decision": ("baris {row}: keputusan {value!r} tidak dikenal; isi dengan {allowed}",
                         "row {row}: unknown decision {value!r}; use {allowed}"),
    "cannot_read": ("tidak dapat dibaca: {reason}", "cannot read: {reason}"),
    "cannot_read_type": ("tidak dapat membaca berkas {suffix}; gunakan .csv, .xlsx atau "
                         ".parquet", "cannot read a {suffix}; use .csv, .xlsx or .parquet"),
    # options
    "scheduler_needs_dask": ("--scheduler hanya berlaku dengan --engine dask",
                             "--scheduler needs --engine dask"),
    "unknown_language": ("bahasa {lang!r} tidak dikenal; gunakan {allowed}",
                         "unknown report language {lang!r}; use one of {allowed}"),
}

# Messages that reach the CLI as English text (raised before this catalogue, or carried through
# a sheet's read note): the whole message matched, its parts kept -> the Bahasa template
PATTERNS: list[tuple[re.Pattern[str], str]] = [(re.compile(p), t) for p, t in (
    (r"no recognisable header row in the first (?P<n>\d+) rows \(expected columns such as "
     r"NIK, NAMA, TANGGAL LAHIR\); use --header-row N and --map FIELD=Header",
     "tidak ditemukan baris judul kolom dalam \\g<n> baris pertama (diharapkan kolom seperti "
     "NIK, NAMA, TANGGAL LAHIR); gunakan --header-row N dan --map KOLOM=Judul"),
    (r"no recognisable header row", "tidak ditemukan baris judul kolom"),
    (r"the file is empty", "berkas kosong"),
    (r"the file has no rows", "berkas tidak berisi baris"),
    (r"the sheet is empty", "lembar kosong"),
    (r"the workbook has no sheets", "workbook tidak berisi lembar"),
    (r"the workbook is password-protected \(encrypted\); open it in Excel, remove the "
     r"password and save it again",
     "workbook dilindungi kata sandi (terenkripsi); buka di Excel, hapus kata sandinya, lalu "
     "simpan lagi"),
    (r"not a valid Excel workbook \((?P<d>.*)\)", "bukan workbook Excel yang sah (\\g<d>)"),
    (r"not a valid \.xls workbook \((?P<d>.*)\)", "bukan workbook .xls yang sah (\\g<d>)"),
    (r"the workbook is corrupt \((?P<d>.*)\)", "workbook rusak (\\g<d>)"),
    (r"no sheet (?P<w>.+); the workbook has: (?P<names>.*)",
     "tidak ada lembar \\g<w>; lembar yang ada: \\g<names>"),
    (r"cannot decode the text as (?P<enc>\S+) \((?P<d>.*)\); give another --encoding",
     "teks tidak dapat dibaca sebagai \\g<enc> (\\g<d>); coba --encoding lain"),
    (r"cannot open: (?P<r>.*)", "tidak dapat dibuka: \\g<r>"),
    (r"cannot read: (?P<r>.*)", "tidak dapat dibaca: \\g<r>"),
    (r"cannot read the workbook: (?P<r>.*)", "workbook tidak dapat dibaca: \\g<r>"),
    (r"cannot read the sheet: (?P<r>.*)", "lembar tidak dapat dibaca: \\g<r>"),
    (r"--map names unknown fields: (?P<f>.*)", "--map menyebut kolom yang tidak dikenal: "
     "\\g<f>"),
)]

_LANGS = ("id", "en")


def translate_text(english: str, lang: str) -> str:
    """An English message in ``lang`` by :data:`PATTERNS` (unchanged when none matches)."""
    if lang == "en":
        return english
    for pattern, template in PATTERNS:
        m = pattern.fullmatch(english)
        if m:
            return m.expand(template)
    return english


def message(key: str, lang: str = "en", /, **params: object) -> str:
    """The message ``key`` in ``lang`` with its parameters filled in."""
    text = MESSAGES[key][_LANGS.index(lang) if lang in _LANGS else 1]
    return text.format(**params) if params else text


def fields(text: str) -> set[str]:
    """The parameter names a message template uses."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}
