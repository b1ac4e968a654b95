"""The Bahasa Indonesia of ``dptclean --help`` and of click's usage errors.

Keyed by the English text in the code (a docstring paragraph or an option's ``help=``):
``tests/cli/test_help_bahasa.py`` fails when an English text has no Bahasa one here, so a
changed help text needs its translation changed too. Imported only when Bahasa is shown.
"""

from __future__ import annotations

import inspect
import re

WORDS = {
    "usage": "Penggunaan:",
    "options": "Opsi",
    "commands": "Perintah",
    "error": "Kesalahan",
    "try_help": "Coba '{command} {option}' untuk bantuan.",
}

# English help paragraph (whitespace collapsed) -> Bahasa Indonesia
HELP: dict[str, str] = {
    'Clean Indonesian voter lists (DPT/DPK): read messy dumps, find duplicates, report.':
        'Bersihkan daftar pemilih (DPT/DPK): baca berkas ekspor yang berantakan, temukan data '
        'ganda, buat laporan.',
    'Exit codes: 0 ok, 1 a check found the data over its limits, 2 usage error, 3 input error, '
    '4 output error, 5 internal error.':
        'Kode keluar: 0 berhasil, 1 pemeriksaan menemukan data melampaui batas, 2 kesalahan '
        'penggunaan perintah, 3 kesalahan berkas masukan, 4 kesalahan berkas keluaran, 5 kesalahan '
        'internal.',
    'Show the version and exit.':
        'Tampilkan versi lalu keluar.',
    'Show a traceback when something fails.':
        'Tampilkan traceback (rincian teknis) bila terjadi kesalahan.',
    'Show the detected layout, list type, column mapping and row accounting of each file and '
    'sheet: one summary table, the details with --verbose.':
        'Tampilkan tata letak, jenis daftar, pemetaan kolom dan perhitungan baris setiap berkas dan'
        ' lembar: satu tabel ringkasan, rinciannya dengan --verbose.',
    'Show the detected layout, list type, column mapping and row accounting of each file and '
    'sheet: one summary table, the details with --verbose. Sheets whose rows cannot be read are'
    ' shown (not an error here, as in the other commands).':
        'Tampilkan tata letak, jenis daftar, pemetaan kolom dan perhitungan baris setiap berkas dan'
        ' lembar: satu tabel ringkasan, rinciannya dengan --verbose. Lembar yang barisnya tidak '
        'dapat dibaca tetap ditampilkan (di sini bukan kesalahan, tidak seperti di perintah lain).',
    'Read only this sheet (name or 1-based number); repeatable. Default: every sheet.':
        'Baca hanya lembar ini (nama atau nomor urut mulai 1); boleh diulang. Bawaan: semua lembar.',
    "Map a column explicitly, e.g. --map nik='NO INDUK'; repeatable. Wins over the built-in "
    'header aliases.':
        "Petakan kolom secara eksplisit, mis. --map nik='NO INDUK'; boleh diulang. Mengalahkan nama"
        ' judul kolom bawaan.',
    'The header is on row N (1-based, as Excel shows it) instead of being detected.':
        'Judul kolom ada di baris N (mulai 1, seperti di Excel), tidak dideteksi otomatis.',
    'CSV delimiter (default: sniffed among , ; | tab #).':
        'Pemisah kolom CSV (bawaan: dideteksi di antara , ; | tab #).',
    'CSV encoding (default: detected: UTF-8, UTF-8 with BOM, UTF-16, Windows-1252).':
        'Encoding CSV (bawaan: dideteksi: UTF-8, UTF-8 dengan BOM, UTF-16, Windows-1252).',
    'Read hidden sheets too (left out by default, with a warning).':
        'Baca juga lembar tersembunyi (bawaan: dilewati, dengan peringatan).',
    "Go on when a sheet's rows cannot be read (a sheet without a header that no sibling header "
    'fits); by default that is an input error.':
        'Lanjutkan bila baris suatu lembar tidak dapat dibaca (lembar tanpa judul kolom yang tidak '
        'cocok dengan judul lembar lain); bawaannya itu kesalahan berkas masukan.',
    'What to print on stdout.':
        'Apa yang dicetak ke layar (stdout).',
    "Show every sheet's details (column mapping, title rows, skipped rows) after the summary "
    'table.':
        'Tampilkan rincian setiap lembar (pemetaan kolom, baris judul, baris dilewati) setelah '
        'tabel ringkasan.',
    'No progress and no summary (errors are still shown).':
        'Tanpa tampilan kemajuan dan tanpa ringkasan (kesalahan tetap ditampilkan).',
    'Language of messages, summaries and reports: id (Bahasa Indonesia, the default) or en; '
    'DPTCLEAN_LANG=en sets it too.':
        'Bahasa pesan, ringkasan dan laporan: id (Bahasa Indonesia, bawaan) atau en; bisa juga '
        'dengan DPTCLEAN_LANG=en.',
    'Add normalised names, dates, NIK/NKK and codes to every record (one row per record).':
        'Tambahkan nama, tanggal, NIK/NKK dan kode yang sudah dinormalisasi ke setiap data pemilih '
        '(satu baris per pemilih).',
    'The columns as read are kept unchanged; normalised values go into new columns (nama_norm, '
    'nama_key, tanggal_lahir_norm, nik_norm, nik_status, ...) next to the provenance columns '
    '(source_file, sheet, row). Without -o a summary of the statuses is printed and nothing is '
    'written. NIK, NKK and birth dates (and what is decoded from them) are masked in the output'
    ' unless --show-nik.':
        'Kolom sebagaimana dibaca tidak diubah; nilai hasil normalisasi masuk ke kolom baru '
        '(nama_norm, nama_key, tanggal_lahir_norm, nik_norm, nik_status, ...) di samping kolom '
        'asal-usul (source_file, sheet, row). Tanpa -o hanya ringkasan status yang dicetak dan '
        'tidak ada yang ditulis. NIK, NKK dan tanggal lahir (serta yang diturunkan darinya) '
        'disamarkan di keluaran kecuali dengan --show-nik.',
    'Write the records with normalised columns (.parquet, .csv or .xlsx, from the extension; a '
    'directory with --partition-by). Without it, print a summary only.':
        'Tulis data pemilih beserta kolom hasil normalisasi (.parquet, .csv atau .xlsx, menurut '
        'ekstensinya; sebuah folder dengan --partition-by). Tanpa opsi ini hanya ringkasan yang '
        'dicetak.',
    'Write -o DIRECTORY as a Parquet dataset, one subdirectory per value of these columns (e.g.'
    ' provinsi,kabupaten): the input of dedupe --engine dask.':
        'Tulis -o FOLDER sebagai dataset Parquet, satu subfolder per nilai kolom-kolom ini (mis. '
        'provinsi,kabupaten): masukan untuk dedupe --engine dask.',
    'Read ambiguous birth dates (03-04-1980) in this order. Default: the order the other dates '
    'of the same file/sheet show; day first where they show none (those dates are marked '
    'ambiguous).':
        'Baca tanggal lahir yang ambigu (03-04-1980) dengan urutan ini. Bawaan: urutan yang '
        'ditunjukkan tanggal lain di berkas/lembar yang sama; hari dulu bila tidak ada petunjuk '
        '(tanggal tersebut ditandai ambigu).',
    'Election day: ages are counted on it, later birth dates are invalid, and two-digit years '
    'are read so that voters are 17 or older. Default: today.':
        'Hari pemungutan suara: usia dihitung pada hari itu, tanggal lahir sesudahnya tidak sah, '
        'dan tahun dua angka dibaca sehingga pemilih berusia 17 tahun atau lebih. Bawaan: hari ini.',
    'Write full NIK, NKK and birth dates (masked by default). Needed when the output is the '
    'input of a later run: a masked NIK cannot be matched.':
        'Tulis NIK, NKK dan tanggal lahir lengkap (bawaan: disamarkan). Diperlukan bila keluaran '
        'menjadi masukan proses berikutnya: NIK yang disamarkan tidak dapat dicocokkan.',
    'Check every record: NIK/NKK, birth date, age, sex, name and TMS marks.':
        'Periksa setiap data pemilih: NIK/NKK, tanggal lahir, usia, jenis kelamin, nama dan tanda '
        'TMS.',
    'Findings have a code (NIK_INVALID, DOB_PLACEHOLDER, AGE_UNDER_17, ...) and a severity '
    '(info, warning, error). Prints a summary by finding and by kecamatan/kelurahan; -o writes '
    'every finding with the file, sheet and row of its record.':
        'Setiap temuan punya kode (NIK_INVALID, DOB_PLACEHOLDER, AGE_UNDER_17, ...) dan tingkat '
        '(info, peringatan, kesalahan). Mencetak ringkasan per temuan dan per kecamatan/kelurahan; '
        '-o menulis setiap temuan beserta berkas, lembar dan baris data pemilihnya.',
    'What to print on stdout: summary tables, the summary as JSON, or the findings as CSV.':
        'Apa yang dicetak ke layar (stdout): tabel ringkasan, ringkasan sebagai JSON, atau temuan '
        'sebagai CSV.',
    'Write the findings, one row per record and finding, with where to find the record (.csv, '
    '.xlsx with a summary sheet, .parquet or .json).':
        'Tulis temuan, satu baris per pemilih dan temuan, beserta letak data pemilihnya (.csv, '
        '.xlsx dengan lembar ringkasan, .parquet atau .json).',
    'Exit with code 1 when a finding at or above this severity exists.':
        'Keluar dengan kode 1 bila ada temuan setingkat ini atau lebih tinggi.',
    'Show full NIK, NKK and birth dates in outputs (masked by default).':
        'Tampilkan NIK, NKK dan tanggal lahir lengkap di keluaran (bawaan: disamarkan).',
    'Find duplicate voters (data ganda) and report duplicate and DPK rates.':
        'Temukan pemilih ganda (data ganda) dan laporkan persentase ganda dan DPK.',
    'A DPK list to count and match against the DPT; repeatable. Sheets or files whose name says'
    ' DPK are taken as DPK too.':
        'Daftar DPK yang dihitung dan dicocokkan dengan DPT; boleh diulang. Lembar atau berkas yang'
        ' namanya menyebut DPK juga dianggap DPK.',
    'Write the duplicate groups (.csv, .xlsx or .parquet): one row per record. `-o -` prints '
    'them on stdout as CSV (or --format tsv/json).':
        'Tulis kelompok ganda (.csv, .xlsx atau .parquet): satu baris per pemilih. `-o -` '
        'mencetaknya ke layar (stdout) sebagai CSV (atau --format tsv/json).',
    'Write the report as JSON.':
        'Tulis laporan sebagai JSON.',
    'Write the DPK records already in the DPT (.csv, .xlsx or .parquet).':
        'Tulis data DPK yang sudah ada di DPT (.csv, .xlsx atau .parquet).',
    'Write every linked pair (.csv, .xlsx or .parquet): both records, the score, one level and '
    'one weight column per comparison, and the reason.':
        'Tulis setiap pasangan yang terhubung (.csv, .xlsx atau .parquet): kedua data pemilih, '
        'skor, satu kolom tingkat dan satu kolom bobot per perbandingan, serta alasannya.',
    'Save the full result (records, pairs, groups, report, configuration) in a directory for '
    '`dptclean report`.':
        'Simpan hasil lengkap (data pemilih, pasangan, kelompok, laporan, konfigurasi) di sebuah '
        'folder untuk `dptclean report`.',
    'A groups output from an earlier run with the decision column filled (duplicate / '
    'not_duplicate / keep): rejected pairs never come back, confirmed ones stay, a kept record '
    'is kept, new groups are marked new. Repeatable (e.g. one file per desa); conflicts are '
    'reported.':
        'Berkas kelompok dari proses sebelumnya yang kolom keputusannya sudah diisi (ganda / bukan '
        'ganda / pertahankan): pasangan yang ditolak tidak muncul lagi, yang dikonfirmasi tetap, '
        'data yang dipertahankan tetap dipertahankan, kelompok baru ditandai baru. Boleh diulang '
        '(mis. satu berkas per desa); keputusan yang bertentangan dilaporkan.',
    'Secret key of the record fingerprints in the groups output (created on first use). '
    'Default: $DPTCLEAN_KEY_FILE, else ~/.config/dptclean/fingerprint.key. Operators who share '
    'decisions files share one key file.':
        'Kunci rahasia sidik data pemilih di berkas kelompok (dibuat saat pertama dipakai). Bawaan:'
        ' $DPTCLEAN_KEY_FILE, jika tidak ada ~/.config/dptclean/fingerprint.key. Operator yang '
        'berbagi berkas keputusan memakai satu berkas kunci yang sama.',
    'An already-cleaned list: compare the new records with it and among themselves, without '
    're-comparing the clean list with itself.':
        'Daftar yang sudah dibersihkan: bandingkan data baru dengannya dan di antara data baru '
        'sendiri, tanpa membandingkan ulang daftar bersih dengan dirinya sendiri.',
    "Match in this process, or on a Dask cluster (pip install 'dptclean[dask]'; same groups as "
    'local).':
        "Cocokkan di proses ini, atau di klaster Dask (pip install 'dptclean[dask]'; kelompok sama "
        'dengan local).',
    'With --engine dask: the scheduler, e.g. tcp://HOST:8786. Default: a local cluster on this '
    "machine's cores.":
        'Dengan --engine dask: alamat scheduler, mis. tcp://HOST:8786. Bawaan: klaster lokal di '
        'inti prosesor komputer ini.',
    'Matching configuration (TOML); defaults are built in (see `dptclean dedupe '
    '--print-config`).':
        'Konfigurasi pencocokan (TOML); bawaannya sudah tersedia (lihat `dptclean dedupe '
        '--print-config`).',
    'Print the matching configuration as TOML and exit.':
        'Cetak konfigurasi pencocokan sebagai TOML lalu keluar.',
    'Match probability a pair needs to be a duplicate (overrides the configuration).':
        'Probabilitas kecocokan yang dibutuhkan suatu pasangan untuk dianggap ganda (menggantikan '
        'konfigurasi).',
    'Learn the evidence weights from the list (default) or use the configured ones as they are '
    '(overrides the configuration).':
        'Pelajari bobot bukti dari daftar (bawaan) atau pakai bobot dari konfigurasi apa adanya '
        '(menggantikan konfigurasi).',
    'Learn the evidence weights from the list (default) or use the configured ones as they are '
    '(overrides the configuration), as for dedupe.':
        'Pelajari bobot bukti dari daftar (bawaan) atau pakai bobot dari konfigurasi apa adanya '
        '(menggantikan konfigurasi), seperti pada dedupe.',
    'What the DPK rate is a share of.':
        'Penyebut persentase DPK.',
    'Count and match records already marked TMS as active voters.':
        'Hitung dan cocokkan juga pemilih yang sudah ditandai TMS sebagai pemilih aktif.',
    'CSV outputs for Excel: full NIK/NKK (with --show-nik) written as ="3320..." so Excel keeps'
    ' them as text (not 3.32E+15). For people, prefer .xlsx.':
        'Keluaran CSV untuk Excel: NIK/NKK lengkap (dengan --show-nik) ditulis sebagai ="3320..." '
        'agar Excel menyimpannya sebagai teks (bukan 3.32E+15). Untuk dibaca orang, lebih baik '
        '.xlsx.',
    'Format of stdout: table (the summary) or json (the JSON report); with `-o -` the groups as'
    ' csv (the default), tsv or json.':
        'Format stdout: table (ringkasan) atau json (laporan JSON); dengan `-o -` kelompok ganda '
        'sebagai csv (bawaan), tsv atau json.',
    'Title of the printed report (default: Laporan Data Ganda dan DPK).':
        'Judul laporan cetak (bawaan: Laporan Data Ganda dan DPK).',
    'Area named under the title (default: the kabupaten and kecamatan in the data).':
        'Wilayah yang disebut di bawah judul (bawaan: kabupaten dan kecamatan dalam data).',
    "Election stage named under the title, e.g. 'Penetapan DPT'.":
        "Tahapan pemilu yang disebut di bawah judul, mis. 'Penetapan DPT'.",
    'Number of the Berita Acara the report is attached to.':
        'Nomor Berita Acara yang dilampiri laporan ini.',
    'A TOML file with judul, wilayah, tahapan and nomor_ba (options given on the command line '
    'win).':
        'Berkas TOML berisi judul, wilayah, tahapan dan nomor_ba (opsi di baris perintah lebih '
        'diutamakan).',
    'Render a saved dedupe result as HTML, XLSX, Markdown, JSON or in the terminal.':
        'Tampilkan hasil dedupe yang tersimpan sebagai HTML, XLSX, Markdown, JSON atau di terminal.',
    'RESULT_DIR is a directory written by `dptclean dedupe ... --save RESULT_DIR`; nothing is '
    'matched again. Every report states its evidence: the input files with size and SHA-256, '
    'the row accounting, the matching configuration and the tool version. NIK, NKK and birth '
    'dates are masked unless --show-nik is given. Times are in WIB (Asia/Jakarta). The title '
    'block (--judul, --wilayah, --tahapan, --nomor-ba) defaults to what `dedupe` saved.':
        'FOLDER_HASIL adalah folder yang ditulis oleh `dptclean dedupe ... --save FOLDER_HASIL`; '
        'tidak ada pencocokan ulang. Setiap laporan menyebut buktinya: berkas masukan beserta '
        'ukuran dan SHA-256, perhitungan baris, konfigurasi pencocokan dan versi dptclean. NIK, NKK'
        ' dan tanggal lahir disamarkan kecuali dengan --show-nik. Waktu dalam WIB (Asia/Jakarta). '
        'Blok judul (--judul, --wilayah, --tahapan, --nomor-ba) bawaannya seperti yang disimpan '
        '`dedupe`.',
    'Write the report to FILE; the format comes from the extension: .html (self-contained page '
    'with charts), .xlsx (workbook ready to print), .md or .json. Default: print it in the '
    'terminal.':
        'Tulis laporan ke BERKAS; formatnya menurut ekstensi: .html (satu halaman lengkap dengan '
        'grafik), .xlsx (workbook siap cetak), .md atau .json. Bawaan: tampilkan di terminal.',
    'Show full NIK, NKK and birth dates (masked by default).':
        'Tampilkan NIK, NKK dan tanggal lahir lengkap (bawaan: disamarkan).',
    'Add the time the report was made to a JSON report (human reports always state it; JSON '
    'stays byte-reproducible without this flag).':
        'Tambahkan waktu pembuatan laporan ke laporan JSON (laporan untuk orang selalu menyebutnya;'
        ' tanpa opsi ini JSON sama persis byte demi byte).',
    'Check a voter list against limits: exit 0 when all hold, 1 when any is exceeded.':
        'Periksa daftar pemilih terhadap batas: keluar dengan 0 bila semua terpenuhi, 1 bila ada '
        'yang terlampaui.',
    'Runs the same reading, normalising and matching as dedupe (and the validate rules for '
    '--max-invalid-nik and --max-finding) and prints one line per limit: the value, the limit '
    'and pass or FAIL. A value equal to its limit passes. Input on which a limit would pass '
    'blind (no records, every record TMS, a limit on a column the input lacks or has empty, '
    '--max-dpk-rate without a DPK list) is refused: input errors exit with 3, usage errors with'
    ' 2, so a CI job can tell bad data from a broken job.':
        'Menjalankan pembacaan, normalisasi dan pencocokan yang sama dengan dedupe (serta aturan '
        'validate untuk --max-invalid-nik dan --max-finding) dan mencetak satu baris per batas: '
        'nilai, batas dan lulus atau GAGAL. Nilai yang sama dengan batasnya lulus. Masukan yang '
        'membuat batas lulus tanpa benar-benar diperiksa (tidak ada data, semua pemilih TMS, batas '
        'pada kolom yang tidak ada atau kosong, --max-dpk-rate tanpa daftar DPK) ditolak: kesalahan'
        ' berkas masukan keluar dengan 3, kesalahan penggunaan perintah dengan 2, sehingga '
        'pekerjaan CI bisa membedakan data buruk dari pekerjaan yang rusak.',
    'A DPK list (counted for the DPK rate and matched against the DPT); repeatable.':
        'Daftar DPK (dihitung untuk persentase DPK dan dicocokkan dengan DPT); boleh diulang.',
    'Most redundant (ganda) records allowed, as a share of the active DPT, e.g. 0.5% (a rate is'
    ' always written with %).':
        'Paling banyak data ganda (kelebihan) yang diizinkan, sebagai bagian dari DPT aktif, mis. '
        '0.5% (persentase selalu ditulis dengan %).',
    'Most DPK records allowed, as a share of the DPT (or of DPT + DPK with --dpk-denominator '
    'dpt+dpk), e.g. 1%. Needs a DPK list.':
        'Paling banyak pemilih DPK yang diizinkan, sebagai bagian dari DPT (atau dari DPT + DPK '
        'dengan --dpk-denominator dpt+dpk), mis. 1%. Memerlukan daftar DPK.',
    'Most records allowed with an invalid NIK (finding NIK_INVALID). Refused when the input has'
    ' no NIK column or an empty one.':
        'Paling banyak pemilih dengan NIK tidak sah (temuan NIK_INVALID). Ditolak bila masukan '
        'tidak punya kolom NIK atau kolomnya kosong.',
    'Fewest active DPT records the dump must hold (a truncated dump fails). A dump with none is'
    ' refused (exit 3) even without it.':
        'Paling sedikit pemilih DPT aktif yang harus ada (berkas yang terpotong gagal). Berkas '
        'tanpa pemilih ditolak (kode 3) meski tanpa opsi ini.',
    'Most records allowed with a validate finding, e.g. --max-finding AGE_UNDER_17=0; '
    'repeatable (codes: `dptclean validate`). Age findings need --election-date.':
        'Paling banyak pemilih dengan suatu temuan validate, mis. --max-finding AGE_UNDER_17=0; '
        'boleh diulang (kode: `dptclean validate`). Temuan usia memerlukan --election-date.',
    'Matching configuration (TOML), as for dedupe.':
        'Konfigurasi pencocokan (TOML), seperti pada dedupe.',
    'Count the possible duplicates (perlu verifikasi faktual) in the duplicate rate too; by '
    'default only the sure ones count.':
        'Hitung juga data yang mungkin ganda (perlu verifikasi faktual) dalam persentase ganda; '
        'bawaannya hanya yang pasti.',
    'One line per limit, or JSON for machines.':
        'Satu baris per batas, atau JSON untuk mesin.',
    'Voters added, removed and changed between two versions of a list (OLD and NEW).':
        'Pemilih yang baru, hilang dan berubah antara dua versi daftar (LAMA dan BARU).',
    'Records are paired by their complete valid NIK, then, for missing, damaged, masked or '
    'corrected NIKs, by the duplicate matcher (matched_by: nik / fuzzy). Fields are compared on'
    ' normalised values, so formatting differences are not changes; what changed as written (a '
    'title added to a name, a reformatted date) is counted apart ("changed as written").':
        'Data dipasangkan lewat NIK lengkap yang sah, lalu, untuk NIK yang kosong, rusak, '
        'disamarkan atau dikoreksi, lewat pencocokan data ganda (matched_by: nik / fuzzy). Kolom '
        'dibandingkan setelah normalisasi, jadi beda penulisan bukan perubahan; yang berubah '
        'sebagaimana tertulis (gelar ditambahkan pada nama, format tanggal diubah) dihitung '
        'terpisah ("berubah sebagaimana tertulis").',
    'Write the added, removed and changed records (.csv, .xlsx or .parquet): where each is in '
    'both dumps and what changed. `-o -` prints them on stdout as CSV (or --format tsv/json).':
        'Tulis data yang baru, hilang dan berubah (.csv, .xlsx atau .parquet): letaknya di kedua '
        'berkas dan apa yang berubah. `-o -` mencetaknya ke layar (stdout) sebagai CSV (atau '
        '--format tsv/json).',
    'Also write the unchanged records to the -o file.':
        'Tulis juga data yang tetap ke berkas -o.',
    'Format of stdout: table (the summary) or json (the summary as JSON); with `-o -` the '
    'records as csv (the default), tsv or json.':
        'Format stdout: table (ringkasan) atau json (ringkasan sebagai JSON); dengan `-o -` data '
        'sebagai csv (bawaan), tsv atau json.',
    'Exit with code 1 when more than N records (or P% of OLD) were removed.':
        'Keluar dengan kode 1 bila lebih dari N pemilih (atau P% dari LAMA) hilang.',
    'Exit with code 1 when more than N records (or P% of OLD) were added.':
        'Keluar dengan kode 1 bila lebih dari N pemilih (atau P% dari LAMA) bertambah.',
    'Exit with code 1 when more than N records (or P% of OLD) changed.':
        'Keluar dengan kode 1 bila lebih dari N pemilih (atau P% dari LAMA) berubah.',
    'Pair records by NIK only (no fuzzy fallback for damaged or missing NIKs).':
        'Pasangkan data hanya lewat NIK (tanpa pencocokan nama untuk NIK yang rusak atau kosong).',
    'Matching configuration (TOML) of the fuzzy fallback.':
        'Konfigurasi pencocokan (TOML) untuk pencocokan nama.',
    'Show full NIK, NKK and birth dates in the -o file (masked by default).':
        'Tampilkan NIK, NKK dan tanggal lahir lengkap di berkas -o (bawaan: disamarkan).',
    'Split voter lists (or duplicate groups) into one work file per area.':
        'Pecah daftar pemilih (atau kelompok ganda) menjadi satu berkas kerja per wilayah.',
    'Provenance columns (source_file, sheet, row, record_no) are kept; rows without the area go'
    ' to _missing_<level>; every input row is in a file (in --groups mode a group shared by two'
    ' areas is in both). NIK, NKK and birth dates are masked unless --show-nik. The directory '
    'must be new, empty or one an earlier split wrote (its files are replaced).':
        'Kolom asal-usul (source_file, sheet, row, record_no) dipertahankan; baris tanpa wilayah '
        'masuk ke _missing_<tingkat>; setiap baris masukan ada di suatu berkas (dengan --groups, '
        'kelompok yang mencakup dua wilayah ada di keduanya). NIK, NKK dan tanggal lahir disamarkan'
        ' kecuali dengan --show-nik. Folder harus baru, kosong, atau hasil split sebelumnya '
        '(berkasnya diganti).',
    'The area each work file holds (a kelurahan file is named by its kecamatan too).':
        'Wilayah isi setiap berkas kerja (berkas kelurahan juga diberi nama kecamatannya).',
    'Directory for the work files and index.<format> (created if needed).':
        'Folder untuk berkas kerja dan index.<format> (dibuat bila belum ada).',
    'Format of the work files (--format is its old name: elsewhere --format is the format of '
    'stdout).':
        'Format berkas kerja (--format adalah nama lamanya: di perintah lain --format adalah format'
        ' stdout).',
    'FILE is a groups output of `dptclean dedupe -o` (CSV, XLSX or Parquet): its columns are '
    'kept as they are, and a group goes whole to every area one of its records is in.':
        'BERKAS adalah berkas kelompok dari `dptclean dedupe -o` (CSV, XLSX atau Parquet): kolomnya'
        ' dipertahankan apa adanya, dan satu kelompok masuk utuh ke setiap wilayah tempat salah '
        'satu pemilihnya berada.',
    'Write full NIK, NKK and birth dates in the work files (masked by default).':
        'Tulis NIK, NKK dan tanggal lahir lengkap di berkas kerja (bawaan: disamarkan).',
    'Write a synthetic DPT (and DPK) of Kabupaten Jepara to OUT_DIR, with truth files.':
        'Tulis DPT (dan DPK) sintetis Kabupaten Jepara ke FOLDER_KELUARAN, beserta berkas kunci '
        'jawaban.',
    'The data are synthetic: generic names, random NIKs. Planted duplicates and traps are '
    'labelled in OUT_DIR/truth/*.truth.csv, one row per record in the order dptclean reads '
    'them.':
        'Datanya sintetis: nama umum, NIK acak. Data ganda dan jebakan yang ditanam dicatat di '
        'FOLDER_KELUARAN/truth/*.truth.csv, satu baris per pemilih dalam urutan dptclean '
        'membacanya.',
    'Number of DPT records to write (planted copies included). Required.':
        'Jumlah data DPT yang ditulis (termasuk salinan yang ditanam). Wajib.',
    'Random seed; the same seed writes the same files.':
        'Benih acak; benih yang sama menulis berkas yang sama.',
    'File layout to write.':
        'Tata letak berkas yang ditulis.',
    'Also write a DPK (special voter list) file.':
        'Tulis juga berkas DPK (daftar pemilih khusus).',
    'Error model: a named world (default, clean, slip-7-16, slip-any-swaps, slip+name+move, '
    'placeholder-15, names-dense, birthplace-home, excel-damaged, masked-4, masked-6, '
    'masked-6-year, masked-4-slips, national-like) or a .toml/.json file of World fields (NIK '
    'slips and digit positions, name slips, moves, placeholder dates, name diversity, '
    "namesakes, masking ...; see --print-world). Default: the 'default' world.":
        'Model kesalahan: dunia bernama (default, clean, slip-7-16, slip-any-swaps, slip+name+move,'
        ' placeholder-15, names-dense, birthplace-home, excel-damaged, masked-4, masked-6, '
        'masked-6-year, masked-4-slips, national-like) atau berkas .toml/.json berisi kolom World '
        '(salah ketik NIK dan posisi angkanya, salah ketik nama, pindah, tanggal isian pengganti, '
        "keragaman nama, nama sama, penyamaran ...; lihat --print-world). Bawaan: dunia 'default'.",
    'Print the chosen world as TOML, every field with its meaning, and exit (a starting point '
    'for a --world file).':
        'Cetak dunia yang dipilih sebagai TOML, setiap kolom dengan artinya, lalu keluar (titik '
        'awal untuk berkas --world).',
    'Star the last 4 digits of NIK and NKK, as masked public copies do (same as a world with '
    'mask_digits = 4).':
        'Ganti 4 angka terakhir NIK dan NKK dengan bintang, seperti salinan publik yang disamarkan '
        '(sama dengan dunia dengan mask_digits = 4).',
    'Share of DPT records that are redundant copies of another record.':
        'Bagian data DPT yang merupakan salinan ganda data lain.',
    'DPK size as a share of the DPT (with --dpk).':
        'Ukuran DPK sebagai bagian dari DPT (dengan --dpk).',
    'How birth dates are written.':
        'Cara penulisan tanggal lahir.',
    'kpu-xlsx: one sheet per desa or per kecamatan.':
        'kpu-xlsx: satu lembar per desa atau per kecamatan.',
    'Show this message and exit.':
        'Tampilkan pesan ini lalu keluar.',
}


# click's own words: a whole usage-error message (after 'Error: ') -> its Bahasa template
_USAGE: list[tuple[re.Pattern[str], str]] = [(re.compile(p), t) for p, t in (
    (r"No such option '(?P<o>[^']*)'\.(?P<rest>.*)", "opsi '\\g<o>' tidak ada.\\g<rest>"),
    (r"No such command '(?P<c>[^']*)'\.(?P<rest>.*)", "perintah '\\g<c>' tidak ada.\\g<rest>"),
    (r"Missing argument '(?P<a>[^']*)'\.(?P<rest>.*)",
     "argumen '\\g<a>' belum diberikan.\\g<rest>"),
    (r"Missing option (?P<o>'.*')\.(?P<rest>.*)", "opsi \\g<o> wajib diisi.\\g<rest>"),
    (r"Argument '(?P<a>[^']*)' takes (?P<n>\d+) values\.",
     "argumen '\\g<a>' memerlukan \\g<n> nilai."),
    (r"Missing command\.", "perintah belum diberikan."),
    (r"missing argument (?P<a>\S+)", "argumen \\g<a> belum diberikan"),
    (r"missing option (?P<o>.+)", "opsi \\g<o> wajib diisi"),
    (r"Missing parameter: (?P<p>.*)", "parameter belum diberikan: \\g<p>"),
    (r"Got unexpected extra arguments? \((?P<a>.*)\)",
     "argumen berlebih yang tidak dikenal (\\g<a>)"),
    (r"Option '(?P<o>[^']*)' requires an argument\.", "opsi '\\g<o>' memerlukan nilai."),
    (r"Option '(?P<o>[^']*)' requires (?P<n>\d+) arguments\.",
     "opsi '\\g<o>' memerlukan \\g<n> nilai."),
    (r"Option '(?P<o>[^']*)' does not take a value\.", "opsi '\\g<o>' tidak menerima nilai."),
    (r"Invalid value for (?P<p>.*?): (?P<m>.*)", "nilai \\g<p> tidak sah: \\g<m>"),
    (r"Invalid value: (?P<m>.*)", "nilai tidak sah: \\g<m>"),
)]

# the reason inside 'Invalid value for ...: <reason>' (click's types and dptclean's callbacks)
_VALUE: list[tuple[re.Pattern[str], str]] = [(re.compile(p, re.S), t) for p, t in (
    (r"(?P<v>.*) is not one of (?P<c>.*)\.", "\\g<v> bukan salah satu dari \\g<c>."),
    (r"(?P<v>.*) is not (?P<c>'[^']*')\.", "\\g<v> bukan \\g<c>."),
    (r"(?P<v>.*) is not a valid integer\.", "\\g<v> bukan bilangan bulat."),
    (r"(?P<v>.*) is not a valid float\.", "\\g<v> bukan angka."),
    (r"(?P<v>.*) is not a valid float range\.", "\\g<v> bukan angka."),
    (r"(?P<v>.*) is not a valid boolean\..*", "\\g<v> bukan nilai ya/tidak."),
    (r"(?P<v>.*) is not in the range (?P<r>.*)\.", "\\g<v> di luar rentang \\g<r>."),
    (r"(?P<v>.*) does not match the formats? (?P<f>.*)\.",
     "\\g<v> tidak sesuai format \\g<f>."),
    (r"(?P<k>File|Path|Directory) (?P<f>'.*') does not exist\.",
     "\\g<k> \\g<f> tidak ditemukan."),
    (r"(?P<k>File|Path|Directory) (?P<f>'.*') is a file\.", "\\g<k> \\g<f> adalah berkas, bukan folder."),
    (r"(?P<k>File|Path|Directory) (?P<f>'.*') is a directory\.",
     "\\g<k> \\g<f> adalah folder, bukan berkas."),
    (r"(?P<k>File|Path|Directory) (?P<f>'.*') is not readable\.", "\\g<k> \\g<f> tidak dapat dibaca."),
    (r"(?P<k>File|Path|Directory) (?P<f>'.*') is not writable\.", "\\g<k> \\g<f> tidak dapat ditulisi."),
)]

_KINDS = {"File": "berkas", "Path": "jalur", "Directory": "folder"}

_SUGGEST = [(re.compile(r"\s*\(?Did you mean one of: (?P<p>.*)\?\)?$"),
             " (Mungkin maksud Anda salah satu dari: \\g<p>?)"),
            (re.compile(r"\s*\(?Did you mean (?P<p>.*)\?\)?$"), " Mungkin maksud Anda \\g<p>?")]

# metavars in usage lines and option lists
_METAVARS = {
    "FIELD=Header": "KOLOM=Judul", "OPTIONS": "OPSI", "COMMAND": "PERINTAH", "ARGS": "ARG",
    "FILE": "BERKAS", "NAME": "NAMA", "TEXT": "TEKS", "PATH": "JALUR", "DIRECTORY": "FOLDER",
    "CHAR": "KARAKTER", "COLS": "KOLOM", "RESULT_DIR": "FOLDER_HASIL",
    "OUT_DIR": "FOLDER_KELUARAN", "OLD": "LAMA", "NEW": "BARU", "INTEGER": "BILANGAN",
    "FLOAT RANGE": "ANGKA", "FLOAT": "ANGKA", "ADDR": "ALAMAT", "CODE=N": "KODE=N",
    "files": "BERKAS",
}
_METAVAR_RE = re.compile(r"(?<![\w=-])(" + "|".join(
    re.escape(k) for k in sorted(_METAVARS, key=len, reverse=True)) + r")(?![\w=])")

_EXTRAS = [(re.compile(r"\bdefault: "), "bawaan: "), (re.compile(r"\brequired\b"), "wajib"),
           (re.compile(r"\benv var: "), "variabel lingkungan: ")]


def _key(text: str) -> str:
    return " ".join(text.split())


def metavars(text: str) -> str:
    """Usage pieces and option names with their metavars in Bahasa (FILE... -> BERKAS...)."""
    return _METAVAR_RE.sub(lambda m: _METAVARS[m.group(1)], text)


def help_text(text: str) -> str:
    """A docstring or help text in Bahasa, paragraph by paragraph (English where a paragraph
    has no translation: the test keeps that from happening)."""
    paragraphs = inspect.cleandoc(text).partition("\f")[0].split("\n\n")
    return "\n\n".join(HELP.get(_key(p), p) for p in paragraphs)


def help_record(record: tuple[str, str]) -> tuple[str, str]:
    """One row of the option list in Bahasa: the metavars, the help and click's [extras]."""
    names, text = record
    extra = ""
    m = re.search(r"\s+\[[^\[\]]*\]$", text)
    if m and "  [" in text[m.start():m.start() + 3]:
        text, extra = text[:m.start()], text[m.start():]
        for pattern, word in _EXTRAS:
            extra = pattern.sub(word, extra)
    return metavars(names), (help_text(text) if text else text) + extra


def _value_reason(reason: str) -> str:
    for pattern, template in _VALUE:
        m = pattern.fullmatch(reason)
        if m:
            out = m.expand(template)
            kind = m.groupdict().get("k")
            return out.replace(kind, _KINDS[kind], 1) if kind else out
    from dptclean.messages import translate_text

    return translate_text(reason, "id")


def _fill(template: str, groups: dict[str, str | None]) -> str:
    return re.sub(r"\\g<(\w+)>", lambda g: groups[g.group(1)] or "", template)


def usage_message(text: str) -> str:
    """A click usage-error message in Bahasa (unchanged where no pattern knows it)."""
    for pattern, template in _SUGGEST:
        text = pattern.sub(template, text)
    for pattern, template in _USAGE:
        m = pattern.fullmatch(text)
        if not m:
            continue
        groups = m.groupdict()
        if "m" in groups:
            groups["m"] = _value_reason(groups["m"])
        for name in ("a", "p", "o"):
            if name in groups and groups[name]:
                groups[name] = metavars(groups[name])
        return _fill(template, groups)
    return text
