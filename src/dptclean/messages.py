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
    "output_folder_missing": ("folder {parent} tidak ada; buat dulu foldernya",
                              "the folder {parent} does not exist; create it first"),
    "output_folder_not_folder": ("{parent} bukan folder; beri folder yang ada",
                                 "the folder {parent} is not a folder; create it first"),
    "output_locked": ("berkas sedang dipakai atau hanya-baca (masih terbuka di Excel? tutup "
                      "dulu)", "the file is in use or read-only (is it open in Excel? close it)"),
    "output_dir_not_file": ("ini folder (beri nama berkas, atau --partition-by untuk menulis "
                            "dataset)", "is a directory (give a file name, or --partition-by to "
                            "write a dataset)"),
    "report_format_unknown": ("{path}: format laporan tidak dapat ditentukan dari ekstensi "
                              "{ext}; gunakan .html, .xlsx, .md atau .json",
                              "{path}: cannot tell the report format from the extension {ext}; "
                              "use .html, .xlsx, .md or .json"),
    # split
    "split_bad_level": ("tidak dapat memecah per {by!r}; gunakan salah satu dari {levels}",
                        "cannot split by {by!r}; use one of {levels}"),
    "split_no_column": ("masukan tidak punya kolom {by} untuk dasar pemecahan (periksa dengan "
                        "`dptclean inspect`, atau petakan dengan --map {by}=JUDUL)",
                        "the input has no {by} column to split by (check with `dptclean "
                        "inspect`, or map it with --map {by}=HEADER)"),
    "split_no_group_column": ("berkas kelompok tidak punya kolom {column} (gunakan berkas "
                              "kelompok dari `dptclean dedupe -o`)",
                              "the groups file has no {column} column (use the groups output "
                              "of `dptclean dedupe -o`)"),
    "split_bad_format": ("format {fmt!r} tidak dikenal; gunakan salah satu dari {formats}",
                         "unknown format {fmt!r}; use one of {formats}"),
    "split_not_directory": ("bukan folder", "is not a directory"),
    "split_cannot_create": ("folder tidak dapat dibuat: {reason}",
                            "cannot create the directory: {reason}"),
    "split_foreign": ("berisi {n} berkas yang bukan hasil dptclean split; tidak ada yang ditulis "
                      "atau dihapus: beri folder baru atau kosong",
                      "holds {n} file(s) that dptclean split did not write; nothing was written "
                      "or deleted: give a new or empty directory"),
    "split_foreign_earlier": ("berisi {n} berkas yang tidak ditulis oleh split sebelumnya "
                              "({shown}); tidak ada yang ditulis atau dihapus: pindahkan "
                              "berkas itu atau beri folder baru",
                              "holds {n} file(s) the earlier split did not write ({shown}); "
                              "nothing was written or deleted: move them out or give a new "
                              "directory"),
    # decisions
    "decided_group_too_large": ("kelompok {group!r} berisi {n} pemilih (baris {first}-{last}); "
                                "kelompok dari dedupe hanya berisi beberapa, paling banyak {most} "
                                "diterima: apakah kolom kelompok tersalin ke bawah (fill-down)? "
                                "Gunakan berkas kelompok dari `dptclean dedupe -o` apa adanya",
                                "group {group!r} has {n} records (rows {first}-{last}); a group "
                                "of dedupe has a few, at most {most} are accepted: is the "
                                "group_id column filled down or copied? Use the groups output "
                                "of `dptclean dedupe -o` as it was written"),
    "decisions_unlinked": ("keputusan menurut kelompok akan menggabungkan data yang tidak pernah "
                           "dihubungkan oleh pencocokan (nomor kelompok atau keputusan tersalin "
                           "ke bawah di Excel?); tidak ada keputusan yang diterapkan. Perbaiki "
                           "baris berikut, atau sebut setiap pasangan dengan other_fingerprint:"
                           "\n{named:id}",
                           "decisions taken from group_id rows would join records the matcher "
                           "never linked (an Excel fill-down of group_id or decision?); nothing "
                           "was applied. Fix these rows, or name each pair with "
                           "other_fingerprint:\n{named:en}"),
    # validate (library use)
    "records_not_normalised": ("data pemilih belum dinormalisasi (tidak ada {missing}); "
                               "jalankan normalize_voters dulu",
                               "the records are not normalised (missing {missing}); run "
                               "normalize_voters first"),
    "unknown_severity": ("tingkat {severity!r} tidak dikenal; gunakan salah satu dari {allowed}",
                         "unknown severity {severity!r}; use one of {allowed}"),
    "rule_unknown_severity": ("aturan {code}: tingkat {severity!r} tidak dikenal",
                              "rule {code}: unknown severity {severity!r}"),
    # options
    "stdout_groups_needs_dash": ("--format {fmt} mencetak kelompok ganda ke layar (stdout): "
                                 "tambahkan -o -",
                                 "--format {fmt} prints the groups on stdout: add -o -"),
    "stdout_records_needs_dash": ("--format {fmt} mencetak data ke layar (stdout): tambahkan -o -",
                                  "--format {fmt} prints the records on stdout: add -o -"),
    "partition_needs_output": ("--partition-by memerlukan -o FOLDER",
                               "--partition-by needs -o DIRECTORY"),
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
