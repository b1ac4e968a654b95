"""Labels of the human-facing reports: Bahasa Indonesia by default, English with ``--lang en``.

Only labels are translated; JSON keys, finding codes and the match reasons stay as the
library writes them (they are identifiers an operator can search for).
"""

from __future__ import annotations

from collections.abc import Mapping

from dptclean.errors import ConfigError

LANGUAGES = ("id", "en")
DEFAULT_LANG = "id"

_LABELS: dict[str, tuple[str, str]] = {
    # key: (Bahasa Indonesia, English)
    "title": ("Laporan Data Ganda dan DPK", "Duplicate Voter and DPK Report"),
    "subtitle": ("Hasil pencocokan dptclean: daftar pemilih ganda, DPK yang sudah ada di DPT, "
                 "dan buktinya", "dptclean matching result: duplicate voters, DPK records "
                 "already in the DPT, and the evidence"),
    "summary": ("Ringkasan", "Summary"),
    "item": ("Uraian", "Item"),
    "value": ("Nilai", "Value"),
    "dpt_records": ("Pemilih DPT (aktif)", "DPT records (active)"),
    "tms_excluded": ("Sudah TMS (tidak dihitung)", "Already TMS (not counted)"),
    "dup_groups": ("Kelompok ganda", "Duplicate groups"),
    "dup_records": ("Rekaman dalam kelompok ganda", "Records in duplicate groups"),
    "dup_redundant": ("Rekaman ganda (kelebihan)", "Redundant records (ganda)"),
    "dup_rate": ("Persentase ganda (dari DPT)", "Duplicate rate (of DPT)"),
    "dpk_records": ("Pemilih DPK", "DPK records"),
    "dpk_rate": ("Persentase DPK (dari {den})", "DPK rate (of {den})"),
    "dpk_in_dpt": ("DPK yang sudah ada di DPT", "DPK already in the DPT"),
    "nik_conflicts": ("NIK sama, orang berbeda", "Same NIK, different person"),
    "dup_possible": ("Mungkin ganda, perlu verifikasi faktual (rekaman)",
                     "Possible duplicates, need factual verification (records)"),
    "conflicts_title": ("NIK sama, orang berbeda: periksa NIK kedua rekaman di lapangan",
                        "Same NIK, different people: check both records' NIK in the field"),
    "conflict_a": ("Rekaman A", "Record A"),
    "conflict_b": ("Rekaman B", "Record B"),
    "nama_a": ("Nama A", "Name A"),
    "nama_b": ("Nama B", "Name B"),
    "sheet_conflicts": ("NIK sama orang beda", "Same NIK diff people"),
    # what review decisions did to the groups (issue 12 item 8)
    "review_hidden": ("Kelompok disembunyikan oleh keputusan operator",
                      "Groups hidden by review decisions"),
    "review_changed": ("Kelompok diubah oleh keputusan operator",
                       "Groups changed by review decisions"),
    "review_keep": ("Rekaman dipilih untuk dipertahankan oleh operator",
                    "Records chosen to keep by an operator"),
    "review_conflicts": ("Keputusan yang bertentangan", "Conflicting decisions"),
    "review_hidden_group": ("Disembunyikan", "Hidden"),
    "pairs_compared": ("Pasangan dibandingkan", "Pairs compared"),
    "pairs_matched": ("Pasangan cocok", "Pairs matched"),
    "by_category": ("Jenis data ganda (K1/K2/K3)", "Duplicate categories (K1/K2/K3)"),
    "category": ("Kategori", "Category"),
    "groups": ("Kelompok", "Groups"),
    "records": ("Rekaman", "Records"),
    "redundant": ("Ganda", "Redundant"),
    "K1": ("K1: identik (NIK, nama, tempat dan tanggal lahir, jenis kelamin sama)",
           "K1: identical (same NIK, name, birth place and date, sex)"),
    "K1_split": ("{a} identik persis seperti tertulis, {b} identik setelah normalisasi",
                 "{a} identical as written, {b} identical after normalisation"),
    "K1_normalised": ("K1 setelah normalisasi: {fields}", "K1 after normalisation: {fields}"),
    "k1n_nik": ("NIK (format/rusak oleh Excel)", "NIK (format/damaged by Excel)"),
    "k1n_nama": ("nama (gelar/ejaan/tanda baca)", "name (title/spelling/punctuation)"),
    "k1n_tempat_lahir": ("tempat lahir (penulisan, mis. KAB. JEPARA/JEPARA)",
                         "birth place (written otherwise, e.g. KAB. JEPARA/JEPARA)"),
    "k1n_tanggal_lahir": ("tanggal lahir (format penulisan)", "birth date (format)"),
    "k1n_jenis_kelamin": ("jenis kelamin (kode ditulis lain/kosong)",
                          "sex (code written otherwise/empty)"),
    "K2": ("K2: NIK sama, nama berbeda", "K2: same NIK, different name"),
    "K3": ("K3: nama/identitas mirip", "K3: similar name / identity"),
    "by_area": ("Per wilayah", "By area"),
    "kecamatan": ("Kecamatan", "Kecamatan (district)"),
    "kelurahan": ("Kelurahan/Desa", "Kelurahan/Desa (village)"),
    "tps": ("TPS", "TPS (polling station)"),
    "area": ("Wilayah", "Area"),
    "dpt": ("DPT", "DPT"),
    "ganda": ("Ganda", "Redundant"),
    "in_groups": ("Dalam kelompok", "In groups"),
    "rate": ("% ganda", "Duplicate %"),
    "dpk": ("DPK", "DPK"),
    "dpk_pct": ("% DPK", "DPK %"),
    "chart_dup": ("Persentase ganda per {level}", "Duplicate rate by {level}"),
    "chart_dpk": ("Persentase DPK per {level}", "DPK rate by {level}"),
    "chart_top": ("{shown} dari {total} wilayah dengan persentase tertinggi",
                  "the {shown} of {total} areas with the highest rate"),
    "chart_all": ("semua {total} wilayah", "all {total} areas"),
    "groups_title": ("Daftar kelompok ganda dan alasannya", "Duplicate groups and their reasons"),
    "groups_shown": ("{shown} dari {total} kelompok ditampilkan; daftar lengkap ada di laporan "
                     "XLSX", "{shown} of {total} groups shown; the XLSX report has them all"),
    "no_groups": ("Tidak ada data ganda yang ditemukan.", "No duplicates were found."),
    "group": ("Kelompok", "Group"),
    "action": ("Tindakan", "Action"),
    "keep": ("pertahankan", "keep"),
    "remove": ("usulkan TMS ganda", "propose TMS (ganda)"),
    "verify": ("perlu verifikasi faktual: pilih yang dipertahankan",
               "needs a field check: choose the record to keep"),
    "no_keep_reason": ("tidak ada aturan yang menentukan rekaman yang dipertahankan (rekaman "
                       "sama lengkapnya): verifikasi di lapangan lalu pilih",
                       "no rule decides which record to keep (the records are equally "
                       "complete): verify in the field and choose"),
    "groups_without_keep": ("Kelompok tanpa usulan (perlu verifikasi faktual)",
                            "Groups without a keep proposal (need a field check)"),
    "score": ("Skor", "Score"),
    "reasons": ("Alasan", "Reasons"),
    "keep_reason": ("Dasar pilihan", "Why this decision"),
    "where": ("Lokasi di berkas", "Where in the file"),
    "linked_to": ("Terhubung dengan", "Linked to"),
    "list": ("Daftar", "List"),
    "nama": ("Nama", "Name"),
    "nik": ("NIK", "NIK"),
    "nkk": ("NKK", "NKK"),
    "tanggal_lahir": ("Tanggal lahir", "Birth date"),
    "tempat_lahir": ("Tempat lahir", "Birth place"),
    "jenis_kelamin": ("L/P", "Sex"),
    "alamat": ("Alamat", "Address"),
    "dpk_matches": ("DPK yang sudah ada di DPT", "DPK records already in the DPT"),
    "dpk_row": ("Rekaman DPK", "DPK record"),
    "dpt_row": ("Rekaman DPT", "DPT record"),
    "nama_dpk": ("Nama (DPK)", "Name (DPK)"),
    "nama_dpt": ("Nama (DPT)", "Name (DPT)"),
    "evidence": ("Bukti dan keterlacakan", "Evidence and traceability"),
    "inputs": ("Berkas masukan", "Input files"),
    "path": ("Berkas", "File"),
    "bytes": ("Ukuran (byte)", "Size (bytes)"),
    "sha256": ("SHA-256", "SHA-256"),
    "rows": ("Perhitungan baris", "Row accounting"),
    "rows_loaded": ("Rekaman dibaca", "Records loaded"),
    "rows_skipped": ("Baris dilewati: {reason}", "Rows skipped: {reason}"),
    # the row accounting: rows read = DPT + TMS + DPK + DPK TMS + skipped (issue 12 item 5)
    "rows_read": ("Baris dibaca (semua)", "Rows read (all)"),
    "rows_dpt": ("Rekaman DPT aktif", "DPT records, active"),
    "rows_dpt_tms": ("Rekaman DPT sudah TMS", "DPT records already TMS"),
    "rows_dpk": ("Rekaman DPK aktif", "DPK records, active"),
    "rows_dpk_tms": ("Rekaman DPK sudah TMS", "DPK records already TMS"),
    "acc_read": ("baris dibaca", "rows read"),
    "acc_dpt": ("DPT", "DPT"),
    "acc_dpt_tms": ("DPT TMS", "DPT TMS"),
    "acc_dpk": ("DPK", "DPK"),
    "acc_dpk_tms": ("DPK TMS", "DPK TMS"),
    "acc_skipped": ("dilewati", "skipped"),
    "acc_open": ("(TIDAK SEIMBANG: jangan gunakan angka ini, laporkan sebagai bug)",
                 "(DOES NOT ADD UP: do not use these figures, report it as a bug)"),
    "config": ("Konfigurasi pencocokan", "Matching configuration"),
    "threshold": ("Ambang probabilitas", "Probability threshold"),
    "expected_rate": ("Perkiraan awal persentase ganda", "Expected duplicate rate (prior)"),
    "exclude_tms": ("Rekaman TMS dikecualikan", "TMS records excluded"),
    "blocking": ("Aturan blok", "Blocking rules"),
    "config_full": ("Konfigurasi lengkap (TOML, untuk dedupe --config)",
                    "Full configuration (TOML, for dedupe --config)"),
    "tool": ("Versi dptclean", "dptclean version"),
    "generated": ("Dibuat pada", "Generated at"),
    "result_dir": ("Direktori hasil", "Result directory"),
    "yes": ("ya", "yes"),
    "no": ("tidak", "no"),
    "masked_note": ("NIK, NKK dan tanggal lahir disamarkan (UU 27/2022 tentang Pelindungan Data "
                    "Pribadi); gunakan --show-nik untuk nilai lengkap.",
                    "NIK, NKK and birth dates are masked (UU 27/2022 on personal data "
                    "protection); use --show-nik for full values."),
    "shown_note": ("PERHATIAN: laporan ini memuat NIK, NKK dan tanggal lahir lengkap (data "
                   "pribadi, UU 27/2022).", "WARNING: this report shows full NIK, NKK and birth "
                   "dates (personal data, UU 27/2022)."),
    "method_note": ("Persentase ganda = rekaman ganda (setiap kelompok berisi k rekaman "
                    "menyumbang k-1) / rekaman DPT aktif. Persentase DPK = rekaman DPK / {den}.",
                    "Duplicate rate = redundant records (each group of k records contributes "
                    "k-1) / active DPT records. DPK rate = DPK records / {den}."),
    "sign_title": ("Pengesahan", "Sign-off"),
    "sign_prepared": ("Disiapkan oleh", "Prepared by"),
    "sign_checked": ("Diperiksa oleh", "Checked by"),
    "sign_name": ("Nama dan tanda tangan", "Name and signature"),
    "sheet_summary": ("Ringkasan", "Summary"),
    "sheet_groups": ("Kelompok ganda", "Duplicate groups"),
    "sheet_dpk": ("DPK di DPT", "DPK in DPT"),
    "sheet_config": ("Konfigurasi", "Configuration"),
    "page": ("Halaman", "Page"),
    "rows_shown": ("{shown} dari {total} baris ditampilkan; daftar lengkap ada di laporan XLSX",
                   "{shown} of {total} rows shown; the XLSX report has them all"),
    # why the readers skipped rows (the reason codes of `dptclean inspect`)
    "skip_blank": ("baris kosong", "blank rows"),
    "skip_title": ("baris judul", "title rows"),
    "skip_header": ("baris header", "header rows"),
    "skip_column_numbers": ("baris nomor kolom", "column-number rows"),
    "skip_footer": ("baris jumlah/penutup", "footer rows"),
    "skip_section": ("baris subjudul", "section rows"),
    "skip_header_repeat": ("header berulang", "repeated header rows"),
    "skip_text_only": ("baris teks saja (bukan rekaman)", "text-only rows (not records)"),
    "skip_ragged": ("baris tidak lengkap", "ragged rows"),
}


def labels(lang: str = DEFAULT_LANG) -> Labels:
    """The label set for ``lang`` ("id" or "en")."""
    if lang not in LANGUAGES:
        raise ConfigError(f"unknown report language {lang!r}; use one of "
                          + ", ".join(LANGUAGES))
    return Labels(lang)


class Labels:
    """``L("dup_rate")`` or ``L("dpk_rate", den="DPT")``: a label in one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._i = LANGUAGES.index(lang)

    def __call__(self, key: str, **fmt: object) -> str:
        text = _LABELS[key][self._i]
        return text.format(**fmt) if fmt else text

    def get(self, key: str, default: str) -> str:
        return _LABELS[key][self._i] if key in _LABELS else default

    def level(self, level: str) -> str:
        return self.get(level, level)


def all_keys() -> Mapping[str, tuple[str, str]]:
    """Every label in both languages (tests check none is missing)."""
    return dict(_LABELS)
