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
    "file_name_not_utf8": (
        "nama berkas ini bukan UTF-8 (dibuat di sistem lain?): ganti namanya, mis. dengan "
        "huruf tanpa aksen, lalu coba lagi",
        "the file name is not UTF-8 (made on another system?): rename the file, e.g. without "
        "accented letters, and try again"),
    "gzip_corrupt": ("berkas gzip ini rusak atau terpotong; unduh atau kompres ulang, lalu coba "
                     "lagi",
                     "the gzip file is corrupt or truncated; download or compress it again and "
                     "try again"),
    "gzip_too_large": ("isi berkas gzip ini lebih dari {mb} MB, melebihi yang dapat dibaca dengan "
                       "memori yang tersedia; pecah daftarnya (DPTCLEAN_NO_MEMORY_CHECK=1 "
                       "melewati pemeriksaan ini)",
                       "this gzip file holds more than {mb} MB, more than the memory available "
                       "allows to read; split the list (DPTCLEAN_NO_MEMORY_CHECK=1 skips this "
                       "check)"),
    "same_file_twice": (
        "isinya sama persis dengan {other} (berkas yang sama diberikan dua kali?): setiap "
        "pemilih di dalamnya akan terhitung dua kali dan menjadi ganda; berikan sekali saja",
        "has the same content as {other} (the same file given twice?): every voter in it would "
        "be counted twice, each one a duplicate; give it once"),
    "unsupported_type": ("jenis berkas {suffix} tidak didukung (gunakan .xlsx, .xls, .csv, "
                         ".tsv, .txt atau .parquet)",
                         "unsupported file type {suffix} (expected .xlsx, .xls, .csv, .tsv, "
                         ".txt or .parquet)"),
    "no_nama_column": ("tidak ada kolom NAMA di baris judul kolom (yang ada: {found}); "
                       "gunakan --map nama='Judul Kolom Anda'",
                       "no NAMA column in the header row (found: {found}); "
                       "use --map nama='Your Header'"),
    "no_nama_column_near": ("tidak ada kolom NAMA di baris judul kolom (yang ada: {found}); "
                            "kolom {header} mirip (salah ketik?): gunakan --map nama={header}",
                            "no NAMA column in the header row (found: {found}); column "
                            "{header} looks like it (a typo?): use --map nama={header}"),
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
    "split_foreign": ("berisi {n:id} berkas yang bukan hasil dptclean split; tidak ada yang ditulis "
                      "atau dihapus: beri folder baru atau kosong",
                      "holds {n:en} file(s) that dptclean split did not write; nothing was written "
                      "or deleted: give a new or empty directory"),
    "split_foreign_earlier": ("berisi {n:id} berkas yang tidak ditulis oleh split sebelumnya "
                              "({shown}); tidak ada yang ditulis atau dihapus: pindahkan "
                              "berkas itu atau beri folder baru",
                              "holds {n:en} file(s) the earlier split did not write ({shown}); "
                              "nothing was written or deleted: move them out or give a new "
                              "directory"),
    # decisions
    "decided_group_too_large": ("kelompok {group!r} berisi {n:id} pemilih (baris {first}-{last}); "
                                "kelompok dari dedupe hanya berisi beberapa, paling banyak {most} "
                                "diterima: apakah kolom kelompok tersalin ke bawah (fill-down)? "
                                "Gunakan berkas kelompok dari `dptclean dedupe -o` apa adanya",
                                "group {group!r} has {n:en} records (rows {first}-{last}); a group "
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
    "threshold_out_of_band": (
        "--threshold {value} harus di antara possible_threshold {low} dan sure_threshold "
        "{high} dari konfigurasi pencocokan; untuk mengubah batas itu, tulis berkas --config "
        "(contohnya: dptclean dedupe --print-config)",
        "--threshold {value} must be between possible_threshold {low} and sure_threshold "
        "{high} of the matching configuration; to change those, write a --config file (see "
        "dptclean dedupe --print-config)"),
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
    # reading (io/): messages raised as English text
    (r"line (?P<n>[\d,]+): a quoted value runs over (?P<n2>[\d,]+) lines \(a quote that is never "
     r"closed\?\); fix the quote, or give --delimiter",
     "baris \\g<n>: sebuah nilai bertanda kutip melewati \\g<n2> baris (tanda kutip yang tidak "
     "ditutup?); perbaiki tanda kutipnya, atau beri --delimiter"),
    (r"unknown encoding (?P<e>.*)", "encoding \\g<e> tidak dikenal"),
    (r"cannot decode as (?P<enc>\S+): (?P<r>.*)", "tidak dapat dibaca sebagai \\g<enc>: \\g<r>"),
    (r"cannot parse as CSV: (?P<r>.*)", "tidak dapat dibaca sebagai CSV: \\g<r>"),
    (r"cannot read Parquet: (?P<r>.*)", "Parquet tidak dapat dibaca: \\g<r>"),
    (r"is (?P<kind>.+), not a file; save the list to a file first \(or pipe it to standard input "
     r"with -\)", "ini \\g<kind>, bukan berkas; simpan dulu daftarnya ke berkas (atau alirkan ke "
     "masukan standar dengan -)"),
    (r"--map names a header that is not in the header row: (?P<m>.*) \(header row (?P<n>\d+) "
     r"has: (?P<h>.*)\)", "--map menyebut judul kolom yang tidak ada di baris judul kolom: "
     "\\g<m> (baris judul kolom \\g<n> berisi: \\g<h>)"),
    (r"--header-row (?P<n>\d+) is past the end of the data",
     "--header-row \\g<n> melewati akhir data"),
    (r"--header-row (?P<n>\d+) is outside the data \(rows (?P<a>\d+)-(?P<b>\d+)\)",
     "--header-row \\g<n> di luar data (baris \\g<a>-\\g<b>)"),
    (r"the workbook has no sheets", "workbook tidak berisi lembar"),
    (r"the \.xls workbook is corrupt \((?P<d>.*)\)", "workbook .xls rusak (\\g<d>)"),
    (r"a member of the workbook declares an impossible size; refusing to read a possible zip "
     r"bomb", "sebagian isi workbook menyatakan ukuran yang mustahil; tidak dibaca (mungkin "
     "zip bomb)"),
    (r"the workbook would inflate to (?P<m>.+) MiB \((?P<x>.+)x its size\); refusing to read a "
     r"possible zip bomb", "workbook akan mengembang menjadi \\g<m> MiB (\\g<x> kali ukurannya); "
     "tidak dibaca (mungkin zip bomb)"),
    (r"the workbook's member (?P<f>.+) inflates past the (?P<n>[\d,]+) bytes it declares; "
     r"refusing to read a possible zip bomb", "bagian \\g<f> workbook mengembang melebihi "
     "\\g<n> byte yang dinyatakannya; tidak dibaca (mungkin zip bomb)"),
    (r"a sheet's used range reaches row (?P<r>[\d,]+) and column (?P<c>[\d,]+) \((?P<n>[\d,]+) "
     r"cells, about (?P<g>[\d,.]+) GB for the Excel reader\); delete the stray cells far below or "
     r"right of the list \(Ctrl\+End in Excel shows the last one\) or copy the list to a new "
     r"workbook", "area terpakai sebuah lembar mencapai baris \\g<r> dan kolom \\g<c> (\\g<n> sel, "
     "sekitar \\g<g> GB untuk pembaca Excel); hapus sel nyasar jauh di bawah atau di kanan "
     "daftar (Ctrl+End di Excel menunjukkan sel terakhir) atau salin daftar ke workbook baru"),
    (r"the sheet declares (?P<r>[\d,]+) rows and (?P<c>[\d,]+) columns through repeated "
     r"rows/columns \((?P<n>[\d,]+) cells with values, about (?P<g>[\d,.]+) GB to read, "
     r"(?P<a>[\d,.]+) GB available\); delete the repeated rows or save the list as \.xlsx or "
     r"\.csv", "lembar menyatakan \\g<r> baris dan \\g<c> kolom lewat baris/kolom berulang "
     "(\\g<n> sel berisi, sekitar \\g<g> GB untuk dibaca, tersedia \\g<a> GB); hapus baris "
     "berulang atau simpan daftar sebagai .xlsx atau .csv"),
    (r"the workbook's shared-strings table declares (?P<n>[\d,]+) strings \(about (?P<g>[\d,.]+) "
     r"GB to read, (?P<a>[\d,.]+) GB available\); open it in Excel and save it again, or save the "
     r"list as \.csv", "tabel teks bersama workbook menyatakan \\g<n> teks (sekitar \\g<g> GB "
     "untuk dibaca, tersedia \\g<a> GB); buka di Excel lalu simpan lagi, atau simpan daftar "
     "sebagai .csv"),
    (r"(?P<n>[\d,]+) records whose text decodes to (?P<t>[\d,.]+) GB would need about "
     r"(?P<g>[\d,.]+) GB of memory, and (?P<a>[\d,.]+) GB is available \(a value repeated many "
     r"times is small on disk\); split the list into smaller files \(DPTCLEAN_NO_MEMORY_CHECK=1 "
     r"skips this check\)", "\\g<n> data pemilih dengan teks \\g<t> GB memerlukan sekitar \\g<g> GB "
     "memori, tersedia \\g<a> GB (nilai yang berulang kecil di disk); pecah daftar menjadi "
     "berkas lebih kecil (DPTCLEAN_NO_MEMORY_CHECK=1 melewati pemeriksaan ini)"),
    (r"standard input is larger than (?P<m>[\d,]+) MB, more than the memory available allows to "
     r"read; save the list to a file and split it \(DPTCLEAN_NO_MEMORY_CHECK=1 skips this check\)",
     "masukan standar lebih besar dari \\g<m> MB, melebihi memori yang tersedia; simpan daftar "
     "ke berkas lalu pecah (DPTCLEAN_NO_MEMORY_CHECK=1 melewati pemeriksaan ini)"),
    (r"about (?P<n>[\d,]+) records would need about (?P<g>[\d,.]+) GB of memory for (?P<w>.+), "
     r"and (?P<a>[\d,.]+) GB is available; split the list into smaller files or use a machine "
     r"with more memory \(DPTCLEAN_NO_MEMORY_CHECK=1 skips this check\)",
     "sekitar \\g<n> data pemilih memerlukan sekitar \\g<g> GB memori untuk \\g<w>, tersedia "
     "\\g<a> GB; pecah daftar menjadi berkas lebih kecil atau gunakan komputer dengan memori "
     "lebih besar (DPTCLEAN_NO_MEMORY_CHECK=1 melewati pemeriksaan ini)"),
    # writing
    (r"(?P<path>.+): cannot tell the output format from the extension (?P<ext>\S+); use one of "
     r"(?P<list>.*)", "\\g<path>: format keluaran tidak dapat ditentukan dari ekstensi \\g<ext>; "
     "gunakan salah satu dari \\g<list>"),
    (r"(?P<a>.+) and (?P<b>.+) name the same file; give each output its own name",
     "\\g<a> dan \\g<b> menyebut berkas yang sama; beri setiap keluaran namanya sendiri"),
    (r"column (?P<c>.+): (?P<n>[\d,]+) value\(s\) longer than (?P<m>[\d,]+) characters, the most "
     r"an Excel cell holds; they would be cut short\. Write \.csv or \.parquet instead",
     "kolom \\g<c>: \\g<n> nilai lebih panjang dari \\g<m> karakter, batas satu sel Excel; "
     "nilainya akan terpotong. Tulis sebagai .csv atau .parquet"),
    (r"unknown output format (?P<f>.*)", "format keluaran \\g<f> tidak dikenal"),
    (r"the directory (?P<d>.+) does not exist", "folder \\g<d> tidak ada"),
    (r"cannot create a directory: (?P<r>.*)", "folder tidak dapat dibuat: \\g<r>"),
    (r"cannot write: (?P<r>.*)", "tidak dapat menulis: \\g<r>"),
    (r"cannot write the result: (?P<r>.*)", "hasil tidak dapat ditulis: \\g<r>"),
    (r"already exists(?P<nd> \(not a directory\))?; choose a new directory(?P<ow> or overwrite "
     r"it)?", "sudah ada\\g<nd>; pilih folder baru\\g<ow>"),
    (r"cannot partition by (?P<c>.*): not a column of the records",
     "tidak dapat dipartisi per \\g<c>: bukan kolom data pemilih"),
    # check (limits)
    (r"a limit is (?P<forms>.+), not (?P<raw>'.*')", "batas ditulis sebagai \\g<forms>, bukan "
     "\\g<raw>"),
    (r"(?P<raw>'.*'): this limit is (?P<forms>.+), not a percentage",
     "\\g<raw>: batas ini ditulis sebagai \\g<forms>, bukan persentase"),
    (r"(?P<raw>'.*') is over 100%", "\\g<raw> lebih dari 100%"),
    (r"(?P<raw>'.*'): this limit is (?P<forms>.+)", "\\g<raw>: batas ini ditulis sebagai "
     "\\g<forms>"),
    (r"(?P<raw>'.*') is ambiguous: a share is written with %, e\.g\. (?P<rest>.*)",
     "\\g<raw> ambigu: persentase ditulis dengan %, mis. \\g<rest>"),
    (r"give at least one limit: (?P<opts>.*)", "beri paling sedikit satu batas: \\g<opts>"),
    (r"--max-finding (?P<c>.*) counts ages on the election day: give --election-date YYYY-MM-DD",
     "--max-finding \\g<c> menghitung usia pada hari pemungutan suara: beri --election-date "
     "YYYY-MM-DD"),
    (r"no voter records were read \(a header without rows\?\): nothing to check; see `dptclean "
     r"inspect`", "tidak ada data pemilih yang terbaca (judul kolom tanpa baris?): tidak ada "
     "yang dapat diperiksa; lihat `dptclean inspect`"),
    (r"no DPT records were read \(only DPK\?\): nothing to check; give the DPT file\(s\) as FILE",
     "tidak ada data DPT yang terbaca (hanya DPK?): tidak ada yang dapat diperiksa; beri "
     "berkas DPT sebagai BERKAS"),
    (r"no (?P<label>.+) column was recognised, so (?P<opts>.+) cannot be checked: map it with "
     r"--map (?P<fld>\S+)=HEADER \(see `dptclean inspect`\)",
     "kolom \\g<label> tidak dikenali, jadi \\g<opts> tidak dapat diperiksa: petakan dengan "
     "--map \\g<fld>=JUDUL (lihat `dptclean inspect`)"),
    (r"expected CODE=N \(N a whole number\), got (?P<v>.*)",
     "diharapkan KODE=N (N bilangan bulat), bukan \\g<v>"),
    (r"unknown finding code (?P<c>'.*'); known codes: (?P<k>.*)",
     "kode temuan \\g<c> tidak dikenal; kode yang ada: \\g<k>"),
    (r"every one of the (?P<n>[\d,]+) DPT records is marked TMS: no active voter to check",
     "semua \\g<n> pemilih DPT ditandai TMS: tidak ada pemilih aktif untuk diperiksa"),
    (r"the DPK list has no records \(a header without rows\?\): --max-dpk-rate cannot be checked",
     "daftar DPK tidak berisi data (judul kolom tanpa baris?): --max-dpk-rate tidak dapat "
     "diperiksa"),
    (r"(?P<name>.+): the (?P<label>.+) column is empty in all (?P<n>[\d,]+) records \(not "
     r"recognised, or formulas without saved values: open and save the file in Excel\), so "
     r"(?P<opts>.+) cannot be checked", "\\g<name>: kolom \\g<label> kosong di semua \\g<n> data "
     "pemilih (tidak dikenali, atau rumus tanpa nilai tersimpan: buka lalu simpan berkasnya di "
     "Excel), jadi \\g<opts> tidak dapat diperiksa"),
    (r"--max-dpk-rate needs a DPK list: give --dpk FILE \(no sheet or file named DPK was found\)",
     "--max-dpk-rate memerlukan daftar DPK: beri --dpk BERKAS (tidak ada lembar atau berkas "
     "bernama DPK)"),
    # options given on the command line (click callbacks)
    (r"must be one character", "harus satu karakter"),
    (r"expected FIELD=Header, got (?P<v>.*)", "diharapkan KOLOM=Judul, bukan \\g<v>"),
    (r"unknown field (?P<f>'[^']*'); known fields: (?P<k>.*)",
     "kolom \\g<f> tidak dikenal; kolom yang dikenal: \\g<k>"),
    (r"empty header for field (?P<f>.*)", "judul kolom untuk \\g<f> kosong"),
    (r"DPTCLEAN_LANG=(?P<e>\S*): use (?P<opts>.*)", "DPTCLEAN_LANG=\\g<e>: gunakan \\g<opts>"),
    (r"unknown date order (?P<o>'.*'); use one of (?P<k>.*)",
     "urutan tanggal \\g<o> tidak dikenal; gunakan salah satu dari \\g<k>"),
    (r"unknown engine (?P<e>'.*'): use local or dask",
     "engine \\g<e> tidak dikenal: gunakan local atau dask"),
    (r"--against runs on the local engine only", "--against hanya berjalan dengan engine local"),
    (r"the Dask engine needs dask and distributed \((?P<m>\S+) is not installed\): pip install "
     r"'dptclean\[dask\]'", "engine Dask memerlukan dask dan distributed (\\g<m> belum "
     "terpasang): pip install 'dptclean[dask]'"),
    # configuration and title files
    (r"(?P<path>.+): not valid TOML: (?P<r>.*)", "\\g<path>: bukan TOML yang sah: \\g<r>"),
    (r"(?P<path>.+): cannot read the configuration: (?P<r>.*)",
     "\\g<path>: konfigurasi tidak dapat dibaca: \\g<r>"),
    (r"(?P<path>.+): cannot read the header file: (?P<r>.*)",
     "\\g<path>: berkas judul tidak dapat dibaca: \\g<r>"),
    (r"(?P<path>.+): unknown key (?P<k>'.*'); known keys: (?P<l>.*)",
     "\\g<path>: kunci \\g<k> tidak dikenal; kunci yang dikenal: \\g<l>"),
    (r"(?P<path>.+): (?P<k>\w+) must be a string", "\\g<path>: \\g<k> harus berupa teks"),
    (r"the (?P<name>\w+) is longer than (?P<n>\d+) characters",
     "\\g<name> lebih panjang dari \\g<n> karakter"),
    (r"unknown configuration keys: (?P<k>.*)", "kunci konfigurasi tidak dikenal: \\g<k>"),
    (r"threshold must be a probability between 0 and 1",
     "threshold harus berupa probabilitas antara 0 dan 1"),
    # the fingerprint key of decisions files
    (r"(?P<path>.+): the fingerprint key is too short \(need 32\+ hex digits\)",
     "\\g<path>: kunci sidik terlalu pendek (perlu 32+ digit heksadesimal)"),
    (r"(?P<path>.+): not a dptclean fingerprint key \(64 hex digits\); restore it from the office "
     r"copy or delete it to start a new one \(old decisions files are then not recognised\)",
     "\\g<path>: bukan kunci sidik dptclean (64 digit heksadesimal); pulihkan dari salinan "
     "kantor atau hapus untuk membuat yang baru (berkas keputusan lama lalu tidak dikenali lagi)"),
    (r"(?P<path>.+): cannot create the fingerprint key \((?P<r>.*)\); give one with --key-file "
     r"or (?P<env>\S+)", "\\g<path>: kunci sidik tidak dapat dibuat (\\g<r>); beri kunci dengan "
     "--key-file atau \\g<env>"),
    (r"the decisions file was made with another fingerprint key \(key (?P<a>\S+), this one is "
     r"(?P<b>\S+) in (?P<f>.+)\); use that operator's key with --key-file or (?P<env>\S+)",
     "berkas keputusan dibuat dengan kunci sidik lain (kunci \\g<a>, kunci ini \\g<b> di \\g<f>); "
     "gunakan kunci operator tersebut dengan --key-file atau \\g<env>"),
    # a saved result (dptclean report)
    (r"no such result directory", "folder hasil tidak ditemukan"),
    (r"not a result directory \(written by dedupe --save\)",
     "bukan folder hasil (yang ditulis oleh dedupe --save)"),
    (r"not a dptclean result directory \((?P<d>.*)\)", "bukan folder hasil dptclean (\\g<d>)"),
    (r"bad format version in the manifest", "versi format di manifest rusak"),
    (r"written in result format (?P<v>\S+), newer than this dptclean reads \((?P<w>\S+)\); "
     r"upgrade dptclean", "ditulis dengan format hasil \\g<v>, lebih baru dari yang dapat dibaca "
     "dptclean ini (\\g<w>); perbarui dptclean"),
    (r"bad manifest \((?P<d>.*)\)", "manifest rusak (\\g<d>)"),
    (r"bad manifest: no checksum for (?P<n>.*)", "manifest rusak: tidak ada checksum untuk "
     "\\g<n>"),
    (r"incomplete result: (?P<n>.+) is missing", "hasil tidak lengkap: \\g<n> tidak ada"),
    (r"corrupt result: (?P<n>.+) does not match its checksum \(changed after it was saved\)",
     "hasil rusak: \\g<n> tidak cocok dengan checksum-nya (diubah setelah disimpan)"),
    (r"corrupt result: (?P<d>.*)", "hasil rusak: \\g<d>"),
    (r"cannot read (?P<w>.+) \((?P<n>[^()]+)\): (?P<r>.*)",
     "\\g<w> (\\g<n>) tidak dapat dibaca: \\g<r>"),
    (r"report\.json does not agree with the saved tables \((?P<d>.*)\); the result was changed "
     r"after it was saved: run dedupe --save again", "report.json tidak sesuai dengan tabel yang "
     "tersimpan (\\g<d>); hasil diubah setelah disimpan: jalankan lagi dedupe --save"),
    (r"refusing to write over an input file", "tidak akan menimpa berkas masukan"),
    (r"exists and is not a directory", "sudah ada dan bukan folder"),
    (r"exists and holds (?P<held>.+), which dptclean did not write; nothing was deleted: choose "
     r"a new or empty directory, or move those files out", "sudah ada dan berisi \\g<held>, yang "
     "bukan tulisan dptclean; tidak ada yang dihapus: pilih folder baru atau kosong, atau "
     "pindahkan berkas itu"),
    (r"is a directory", "ini folder"),
)]

_LANGS = ("id", "en")


# English words inside a pattern's groups (the values the raise site filled in)
_GROUP_WORDS: dict[str, list[tuple[str, str]]] = {
    "forms": [("a whole number of records such as 25", "jumlah pemilih (bilangan bulat) seperti "
                                                       "25"),
              ("a percentage such as 0.5%", "persentase seperti 0.5%"), (" or ", " atau ")],
    "rest": [(" if you meant the fraction ", " bila maksudnya pecahan "),
             ("; a count is a whole number", "; jumlah pemilih ditulis sebagai bilangan bulat")],
    "opts": [(" or ", " atau ")],
    "kind": [("a named pipe (FIFO)", "pipa bernama (FIFO)"), ("a device", "perangkat"),
             ("a socket", "soket"), ("not a regular file", "bukan berkas biasa")],
    "nd": [("not a directory", "bukan folder")],
    "ow": [(" or overwrite it", " atau timpa")],
    "held": [(" file(s) besides the saved result", " berkas selain hasil yang disimpan"),
             (" file(s) (no dptclean result manifest)", " berkas (tanpa manifest hasil dptclean)")],
    "w": [("the report", "laporan"), ("the configuration", "konfigurasi"),
          ("the manifest", "manifest")],
}
_COUNT = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?")


def _group_text(name: str, value: str | None) -> str:
    if not value:
        return ""
    for english, bahasa in _GROUP_WORDS.get(name, ()):
        value = value.replace(english, bahasa)
    if _COUNT.fullmatch(value):          # 1,234 -> 1.234 (the Bahasa number format)
        value = value.translate(str.maketrans(",.", ".,"))
    return value


def _fill(template: str, groups: dict[str, str]) -> str:
    return re.sub(r"\\g<(\w+)>", lambda g: groups[g.group(1)], template)


def translate_text(english: str, lang: str) -> str:
    """An English message in ``lang`` by :data:`PATTERNS` (unchanged when none matches)."""
    if lang == "en":
        return english
    for pattern, template in PATTERNS:
        m = pattern.fullmatch(english)
        if m:
            return _fill(template, {k: _group_text(k, v) for k, v in m.groupdict().items()})
    return english


class Count(int):
    """A count in a message: ``{n:id}`` is ``1.200``, ``{n:en}`` ``1,200``."""

    def __format__(self, spec: str) -> str:
        if spec in _LANGS:
            text = f"{int(self):,}"
            return text.translate(str.maketrans(",.", ".,")) if spec == "id" else text
        return format(int(self), spec)


def message(key: str, lang: str = "en", /, **params: object) -> str:
    """The message ``key`` in ``lang`` with its parameters filled in."""
    text = MESSAGES[key][_LANGS.index(lang) if lang in _LANGS else 1]
    return text.format(**params) if params else text


def fields(text: str) -> set[str]:
    """The parameter names a message template uses."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}
