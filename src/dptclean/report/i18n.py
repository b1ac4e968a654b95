"""Labels of the human-facing output: Bahasa Indonesia by default, English with ``--lang en``
(or ``DPTCLEAN_LANG=en``), and the one number format of each language.

Labels, terminal summaries, the review workbook and the readable match reasons
(:mod:`dptclean.report.reasons`) are translated; JSON keys, finding codes, CSV/Parquet column
names and values stay English (they are identifiers an operator and a script can search for).
Numbers: ``1.994`` and ``2,06%`` in Bahasa, ``1,994`` and ``2.06%`` in English, everywhere
through :func:`fmt_int` / :func:`fmt_pct` / :func:`fmt_num`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from dptclean.errors import ConfigError

LANGUAGES = ("id", "en")
DEFAULT_LANG = "id"
LANG_ENV = "DPTCLEAN_LANG"


def lang_from_env() -> str:
    """``DPTCLEAN_LANG`` when it names a language, else Bahasa Indonesia."""
    value = os.environ.get(LANG_ENV, "").strip().lower()
    return value if value in LANGUAGES else DEFAULT_LANG


def _swap(text: str) -> str:
    return text.translate(str.maketrans(",.", ".,"))


def fmt_int(n: Any, lang: str) -> str:
    """A count: ``1.994`` (id) or ``1,994`` (en); ``-`` for none."""
    if n is None:
        return "-"
    try:
        text = f"{int(n):,}"
    except (TypeError, ValueError):
        return "-"
    return _swap(text) if lang == "id" else text


def fmt_pct(rate: Any, lang: str, digits: int = 2) -> str:
    """A share as a percentage: ``2,06%`` (id) or ``2.06%`` (en); ``-`` for none."""
    if rate is None:
        return "-"
    text = f"{float(rate) * 100:,.{digits}f}%"
    return _swap(text) if lang == "id" else text


def fmt_num(x: Any, lang: str, digits: int = 1, sign: bool = False) -> str:
    """A decimal number: ``+20,1`` (id) or ``+20.1`` (en)."""
    if x is None:
        return "-"
    text = f"{float(x):{'+' if sign else ''},.{digits}f}"
    return _swap(text) if lang == "id" else text

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
    "dup_records": ("Pemilih dalam kelompok ganda", "Records in duplicate groups"),
    "dup_redundant": ("Data ganda (kelebihan)", "Redundant records (ganda)"),
    "dup_rate": ("Persentase ganda (dari DPT)", "Duplicate rate (of DPT)"),
    "dpk_records": ("Pemilih DPK", "DPK records"),
    "dpk_rate": ("Persentase DPK (dari {den})", "DPK rate (of {den})"),
    "dpk_in_dpt": ("DPK yang sudah ada di DPT", "DPK already in the DPT"),
    "nik_conflicts": ("NIK sama, orang berbeda", "Same NIK, different person"),
    # possible duplicates (issue 17 item 3): the evidence cannot settle them, counted apart
    # the evidence weights of the run (issue 17 item 1)
    "weights_source": ("Bobot bukti", "Evidence weights"),
    "weights_learned": ("dipelajari dari daftar ini (paling banyak {pairs} pasangan berlabel per "
                        "kolom; {moved} dari {levels} tingkat berubah 0,5 bit atau lebih); "
                        "konfigurasi tersimpan memuat bobot ini, sehingga --config mengulang "
                        "hasil ini persis",
                        "learned from this list (at most {pairs} labelled pairs per field; "
                        "{moved} of {levels} levels moved by 0.5 bit or more); the saved "
                        "configuration holds these weights, so --config repeats this result "
                        "exactly"),
    "weights_learned_em": ("dipelajari dari daftar ini dengan EM atas pasangan kandidat (NIK "
                           "disamarkan: tanpa pasangan berlabel; paling banyak {pairs} pasangan "
                           "harapan per kolom; {moved} dari {levels} tingkat berubah 0,5 bit atau "
                           "lebih); konfigurasi tersimpan memuat bobot ini, sehingga --config "
                           "mengulang hasil ini persis",
                           "learned from this list by EM over the candidate pairs (masked NIKs: "
                           "no labelled pairs; at most {pairs} expected pairs per field; {moved} "
                           "of {levels} levels moved by 0.5 bit or more); the saved "
                           "configuration holds these weights, so --config repeats this result "
                           "exactly"),
    "weights_fixed": ("dari konfigurasi apa adanya (tidak dipelajari dari daftar ini)",
                      "from the configuration as it is (not learned from this list)"),
    "weights_title": ("Bobot bukti yang dipelajari dari daftar ini",
                      "Evidence weights learned from this list"),
    "w_field": ("Kolom", "Field"),
    "w_level": ("Tingkat", "Level"),
    "w_configured": ("Bobot konfigurasi (bit)", "Configured weight (bits)"),
    "w_learned": ("Bobot dipelajari (bit)", "Learned weight (bits)"),
    "w_change": ("Perubahan (bit)", "Change (bits)"),
    "w_pairs": ("Pasangan berlabel (m)", "Labelled pairs (m)"),
    "w_u_pairs": ("Pasangan orang berbeda (u)", "Pairs of different people (u)"),
    "poss_groups": ("Kelompok perlu verifikasi faktual (mungkin ganda)",
                    "Groups needing factual verification (possible duplicates)"),
    "poss_records": ("Pemilih yang perlu verifikasi faktual",
                     "Records needing factual verification"),
    "poss_redundant": ("Mungkin ganda (kelebihan)", "Possible redundant records"),
    "poss_rate": ("Persentase mungkin ganda (dari DPT)", "Possible duplicate rate (of DPT)"),
    "kpi_dup_rate": ("Persentase ganda pasti (dari DPT)", "Sure duplicate rate (of DPT)"),
    "kpi_poss_rate": ("Mungkin ganda, perlu verifikasi faktual (dari DPT)",
                      "Possible duplicates, need factual verification (of DPT)"),
    "kpi_poss_note": ("{groups} kelompok, {records} pemilih; tidak termasuk persentase ganda",
                      "{groups} groups, {records} records; not in the duplicate rate"),
    "kpi_no_dpk": ("tidak ada pemilih DPK dalam masukan (daftar DPK diberikan dengan --dpk)",
                   "no DPK records in the input (a DPK list is given with --dpk)"),
    "poss_title": ("Perlu verifikasi faktual: mungkin ganda, tidak dihitung dalam persentase "
                   "ganda", "Need factual verification: possible duplicates, not counted in the "
                   "duplicate rate"),
    "poss_note": ("Bukti data tidak cukup untuk memastikan kelompok ini satu orang (mis. NIK "
                  "disamarkan, nama sama, kembar): periksa di lapangan sebelum mengusulkan TMS.",
                  "The data cannot settle whether these records are one person (e.g. masked "
                  "NIK, namesakes, twins): check in the field before proposing TMS."),
    "confidence": ("Keyakinan", "Confidence"),
    "conf_sure": ("pasti", "sure"),
    "conf_possible": ("mungkin: perlu verifikasi faktual", "possible: needs factual verification"),
    "conflicts_title": ("NIK sama, orang berbeda: periksa NIK kedua data di lapangan",
                        "Same NIK, different people: check both records' NIK in the field"),
    "conflict_a": ("Data A", "Record A"),
    "conflict_b": ("Data B", "Record B"),
    "nama_a": ("Nama A", "Name A"),
    "nama_b": ("Nama B", "Name B"),
    "sheet_conflicts": ("NIK sama orang beda", "Same NIK diff people"),
    # what review decisions did to the groups (issue 12 item 8)
    "review_hidden": ("Kelompok disembunyikan oleh keputusan operator",
                      "Groups hidden by review decisions"),
    "review_changed": ("Kelompok diubah oleh keputusan operator",
                       "Groups changed by review decisions"),
    "review_keep": ("Data dipilih untuk dipertahankan oleh operator",
                    "Records chosen to keep by an operator"),
    "review_conflicts": ("Keputusan yang bertentangan", "Conflicting decisions"),
    "review_hidden_group": ("Disembunyikan", "Hidden"),
    "pairs_compared": ("Pasangan dibandingkan", "Pairs compared"),
    "pairs_matched": ("Pasangan cocok", "Pairs matched"),
    "by_category": ("Jenis data ganda (K1/K2/K3)", "Duplicate categories (K1/K2/K3)"),
    "category": ("Kategori", "Category"),
    "groups": ("Kelompok", "Groups"),
    "records": ("Pemilih", "Records"),
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
    "verify": ("tanpa usulan: pilih yang dipertahankan",
               "no proposal: choose the record to keep"),
    "verify_short": ("pilih yang dipertahankan", "choose the one to keep"),
    "verify_field": ("verifikasi faktual", "verify in the field"),
    "possible_reason": ("mungkin ganda: data tidak cukup untuk memastikan; verifikasi faktual "
                        "di lapangan sebelum mengusulkan TMS",
                        "possible duplicate: the data cannot settle it; verify in the field "
                        "before proposing TMS"),
    "no_keep_reason": ("tidak ada aturan yang menentukan data yang dipertahankan (data "
                       "sama lengkapnya): verifikasi di lapangan lalu pilih",
                       "no rule decides which record to keep (the records are equally "
                       "complete): verify in the field and choose"),
    "groups_without_keep": ("Kelompok tanpa usulan data yang dipertahankan",
                            "Groups without a keep proposal"),
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
    "dpk_row": ("Data DPK", "DPK record"),
    "dpt_row": ("Data DPT", "DPT record"),
    "nama_dpk": ("Nama (DPK)", "Name (DPK)"),
    "nama_dpt": ("Nama (DPT)", "Name (DPT)"),
    "evidence": ("Bukti dan keterlacakan", "Evidence and traceability"),
    "inputs": ("Berkas masukan", "Input files"),
    "path": ("Berkas", "File"),
    "bytes": ("Ukuran (byte)", "Size (bytes)"),
    "sha256": ("SHA-256", "SHA-256"),
    "rows": ("Perhitungan baris", "Row accounting"),
    "rows_loaded": ("Baris data dibaca", "Records loaded"),
    "rows_skipped": ("Dilewati: {reason}", "Rows skipped: {reason}"),
    # the row accounting: rows read = DPT + TMS + DPK + DPK TMS + skipped (issue 12 item 5)
    "rows_read": ("Baris dibaca (semua)", "Rows read (all)"),
    "rows_dpt": ("Data pemilih DPT aktif", "DPT records, active"),
    "rows_dpt_tms": ("Data pemilih DPT sudah TMS", "DPT records already TMS"),
    "rows_dpk": ("Data pemilih DPK aktif", "DPK records, active"),
    "rows_dpk_tms": ("Data pemilih DPK sudah TMS", "DPK records already TMS"),
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
    "exclude_tms": ("Pemilih TMS dikecualikan", "TMS records excluded"),
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
    "method_note": ("Persentase ganda = data ganda (setiap kelompok berisi k pemilih "
                    "menyumbang k-1) / pemilih DPT aktif; yang mungkin ganda (perlu verifikasi "
                    "faktual) dihitung terpisah, tidak termasuk. Persentase DPK = pemilih DPK / "
                    "{den}.",
                    "Duplicate rate = redundant records (each group of k records contributes "
                    "k-1) / active DPT records; possible duplicates (needing factual "
                    "verification) are counted apart, not in it. DPK rate = DPK records / "
                    "{den}."),
    "sign_title": ("Pengesahan", "Sign-off"),
    "sign_prepared": ("Disiapkan oleh", "Prepared by"),
    "sign_checked": ("Diperiksa oleh", "Checked by"),
    "sign_name": ("Nama dan tanda tangan", "Name and signature"),
    "sheet_summary": ("Ringkasan", "Summary"),
    "sheet_groups": ("Kelompok ganda", "Duplicate groups"),
    "sheet_possible": ("Perlu verifikasi faktual", "Need factual verification"),
    "sheet_dpk": ("DPK di DPT", "DPK in DPT"),
    "sheet_config": ("Konfigurasi", "Configuration"),
    "sheet_weights": ("Bobot bukti", "Evidence weights"),
    "page": ("Halaman", "Page"),
    "rows_shown": ("{shown} dari {total} baris ditampilkan; daftar lengkap ada di laporan XLSX",
                   "{shown} of {total} rows shown; the XLSX report has them all"),
    "row_word": ("baris", "row"),
    "groups_first": ("Kelompok ganda: {shown} pertama dari {total}",
                     "Duplicate groups: the first {shown} of {total}"),
    "groups_first_all": ("Kelompok: {shown} pertama dari {total}",
                         "Groups: the first {shown} of {total}"),
    "groups_first_split": ("({sure} ganda, lalu {possible} perlu verifikasi faktual)",
                           "({sure} duplicate, then {possible} needing factual verification)"),
    # what a decisions file did (dedupe --decisions)
    "review_applied": ("Keputusan dibaca: {pairs} pasangan ({dup} ganda, {notdup} bukan ganda); "
                       "{missing} tidak ditemukan lagi di data",
                       "Decisions read: {pairs} pairs ({dup} duplicate, {notdup} not "
                       "duplicate); {missing} no longer found in the data"),
    "review_effect": ("Diterapkan: {removed} pasangan ditolak (bukan ganda) dipisahkan; "
                      "{kept} pasangan dikonfirmasi dipertahankan walau tidak ditemukan lagi",
                      "Applied: {removed} rejected pairs (not duplicate) kept apart; {kept} "
                      "confirmed pairs kept though the matcher no longer finds them"),
    "review_groups": ("Kelompok: {new} baru, {confirmed} dikonfirmasi, {partly} sebagian "
                      "diputuskan", "Groups: {new} new, {confirmed} confirmed, {partly} partly "
                      "decided"),
    # terminal output of the commands (the English text is what scripts saw before --lang)
    "wrote_findings": ("dptclean: {n} temuan ditulis ke {path}",
                       "dptclean: wrote {n} findings to {path}"),
    "fail_on_found": ("dptclean: ada temuan setingkat {level} atau lebih",
                      "dptclean: findings at or above {level} found"),
    "val_summary": ("[bold]{records}[/bold] pemilih; [bold]{with_findings}[/bold] dengan temuan "
                    "(kesalahan {error}, peringatan {warning}, info {info})",
                    "[bold]{records}[/bold] records; [bold]{with_findings}[/bold] with findings "
                    "(error {error}, warning {warning}, info {info})"),
    "findings": ("Temuan", "Findings"),
    "col_code": ("kode", "code"),
    "col_severity": ("tingkat", "severity"),
    "col_findings": ("temuan", "findings"),
    "col_records": ("pemilih", "records"),
    "col_description": ("uraian", "description"),
    "col_with_findings": ("dengan temuan", "with findings"),
    "sev_error": ("kesalahan", "error"),
    "sev_warning": ("peringatan", "warning"),
    "sev_info": ("info", "info"),
    "ins_list": ("daftar", "list"),
    "ins_header_row": ("baris judul kolom", "header row"),
    "ins_note": ("catatan", "note"),
    "ins_columns": ("kolom", "columns"),
    "ins_unmapped": ("tidak dipetakan (disimpan)", "unmapped (kept)"),
    "ins_title_values": ("dari baris judul", "from title rows"),
    "ins_records": ("data pemilih dibaca", "records loaded"),
    "ins_skipped": ("baris dilewati", "rows skipped"),
    "ins_none": ("tidak ada", "none"),
    "ins_header_from": ("dari lembar {sheet}", "from sheet {sheet}"),
    "ins_header_again": ("judul kolom berulang (dipetakan ulang)", "header again (re-mapped)"),
    "ins_status_lost": ("TIDAK DIBACA: {n} baris", "NOT READ: {n} rows"),
    "ins_status_hidden": ("tersembunyi ({state}): tidak dibaca", "hidden ({state}): not read"),
    "ins_status_read": ("dibaca", "read"),
    "ins_status_also_hidden": (", tersembunyi ({state})", ", hidden ({state})"),
    "ins_status_none": ("tidak ada data pemilih", "no records"),
    "ins_total": ("[bold]{records}[/bold] data pemilih dibaca dari {sheets} lembar; {skipped} "
                  "baris dilewati", "[bold]{records}[/bold] records loaded from {sheets} "
                  "sheet(s); {skipped} rows skipped"),
    "diff_added": ("baru", "added"),
    "diff_removed": ("hilang", "removed"),
    "diff_changed": ("berubah", "changed"),
    "diff_unchanged": ("tetap", "unchanged"),
    "diff_of_old": ("% dari LAMA", "% of OLD"),
    "diff_pairing": ("LAMA {old} pemilih, BARU {new}; dipasangkan lewat NIK {nik}, lewat "
                     "pencocokan nama {fuzzy}", "OLD {old} records, NEW {new}; paired by NIK "
                     "{nik}, by the fuzzy matcher {fuzzy}"),
    "diff_fields": ("kolom yang berubah: ", "changed fields: "),
    "diff_dup_nik": ("{side}: {niks} NIK muncul lebih dari sekali ({records} baris); "
                     "dipasangkan satu lawan satu", "{side}: {niks} NIK(s) occur more than "
                     "once ({records} records); paired one to one"),
    "diff_as_written": ("berubah sebagaimana tertulis (tidak dihitung berubah: sama setelah "
                        "normalisasi, mis. gelar atau format tanggal): {n} pemilih; ",
                        "changed as written (not counted as changed: the same after "
                        "normalising, e.g. a title or a date format): {n} records; "),
    "diff_sheet": ("Perubahan", "data"),
    "wrote_diff": ("perubahan", "the changes"),
    "diff_old": ("LAMA", "OLD"),
    "diff_new": ("BARU", "NEW"),
    "diff_limit": ("dptclean: batas terlampaui: ", "dptclean: limit exceeded: "),
    "split_title": ("{n} berkas kerja di {dir}", "{n} work file(s) in {dir}"),
    "split_total": ("[bold]{rows}[/bold] baris ditulis dari {input} baris masukan; indeks: "
                    "index.{fmt}", "[bold]{rows}[/bold] rows written from {input} input rows; "
                    "index: index.{fmt}"),
    "norm_records": ("[bold]{n}[/bold] pemilih", "[bold]{n}[/bold] records"),
    "norm_none": ("(kosong)", "(none)"),
    "norm_wrote": ("dptclean: {n} pemilih dengan {cols} kolom hasil normalisasi ditulis ke "
                   "{path}", "dptclean: wrote {n} records with {cols} normalised columns to "
                   "{path}"),
    "norm_wrote_dataset": ("dptclean: {n} pemilih ditulis sebagai dataset Parquet di {path} "
                           "(per {by})", "dptclean: wrote {n} records as a Parquet dataset in "
                           "{path} (by {by})"),
    "norm_nothing": ("dptclean: tidak ada yang ditulis; gunakan -o BERKAS (.parquet, .csv atau "
                     ".xlsx) untuk menyimpan data yang sudah dinormalisasi",
                     "dptclean: nothing written; use -o FILE (.parquet, .csv or .xlsx) to save "
                     "the normalised records"),
    "norm_ambiguous": ("dptclean: {n} tanggal lahir bisa dibaca hari-bulan atau bulan-hari "
                       "({files}); dibaca hari dulu dan ditandai ambigu; gunakan --date-order "
                       "untuk memutuskan", "dptclean: {n} birth dates could be day-month or "
                       "month-day ({files}); they were read day first and marked ambiguous; "
                       "use --date-order to decide"),
    "check_header": ("pemeriksaan|nilai|batas|hasil", "check|value|limit|result"),
    "check_min_records": ("pemilih DPT aktif", "min_records"),
    "check_duplicate_rate": ("persentase ganda", "duplicate_rate"),
    "check_with_possible": ("(pasti + mungkin)", "(sure + possible)"),
    "check_dpk_rate": ("persentase DPK", "dpk_rate"),
    "check_invalid_nik": ("NIK tidak sah", "invalid_nik"),
    "check_finding": ("temuan {code}", "finding:{code}"),
    "check_pass": ("lulus", "pass"),
    "check_fail": ("GAGAL", "FAIL"),
    "check_failed": ("dptclean check: {failed} dari {n} batas terlampaui",
                     "dptclean check: {failed} of {n} limits exceeded"),
    "check_passed": ("dptclean check: semua batas terpenuhi ({n} diperiksa)",
                     "dptclean check: every limit holds ({n} checked)"),
    "check_possible": ("dptclean check: catatan: {groups} kelompok mungkin ganda ({records} "
                       "pemilih, {rate}) perlu verifikasi faktual dan tidak dihitung dalam "
                       "persentase ganda (--include-possible menghitungnya)",
                       "dptclean check: note: {groups} possible duplicate groups ({records} "
                       "records, {rate}) need factual verification and are not counted in the "
                       "duplicate rate (--include-possible counts them)"),
    "report_wrote": ("dptclean: laporan {fmt} ditulis ke {path}",
                     "dptclean: wrote the {fmt} report to {path}"),
    "output_wrote": ("dptclean: {what} ditulis ke {path}", "dptclean: wrote {what} to {path}"),
    "wrote_output": ("kelompok ganda", "the duplicate groups"),
    "wrote_dpk_output": ("data DPK yang sudah ada di DPT", "the DPK records in the DPT"),
    "wrote_pairs_output": ("pasangan yang terhubung", "the linked pairs"),
    "wrote_report_path": ("laporan JSON", "the JSON report"),
    "wrote_save_dir": ("hasil lengkap (untuk dptclean report)",
                       "the result (for dptclean report)"),
    # dptclean synth
    "synth_records": ("{n} pemilih", "{n} records"),
    "synth_planted": ("ditanam: {copies} salinan ganda ({rate}) dalam {groups} kelompok, {traps} "
                      "data jebakan", "planted: {copies} redundant copies ({rate}) in {groups} "
                      "groups, {traps} trap records"),
    "synth_dpk": (", {n} data DPK juga ada di DPT", ", {n} DPK records also in the DPT"),
    "synth_world": ("; dunia {name}", "; world {name}"),
    # why the readers skipped rows (the reason codes of `dptclean inspect`)
    "skip_blank": ("baris kosong", "blank rows"),
    "skip_title": ("baris judul", "title rows"),
    "skip_header": ("baris judul kolom", "header rows"),
    "skip_column_numbers": ("baris nomor kolom", "column-number rows"),
    "skip_footer": ("baris jumlah/penutup", "footer rows"),
    "skip_section": ("baris subjudul", "section rows"),
    "skip_header_repeat": ("judul kolom berulang", "repeated header rows"),
    "skip_text_only": ("baris berisi teks saja (bukan data pemilih)", "text-only rows (not records)"),
    "skip_ragged": ("baris tidak lengkap", "ragged rows"),
}


# what each `validate` finding code means, in Bahasa (the English text is the rule's own)
FINDINGS_ID: dict[str, str] = {
    "NAME_EMPTY": "nama kosong",
    "NAME_HAS_DIGITS": "nama berisi angka",
    "NIK_MISSING": "NIK kosong",
    "NIK_INVALID": "NIK tidak sah",
    "NIK_NUMBER_DAMAGED": "NIK tersimpan sebagai angka: angka terakhirnya hilang (kunci "
                          "sebagian)",
    "NIK_MASKED": "NIK disamarkan (kunci sebagian)",
    "NIK_REGION_UNKNOWN": "kode kecamatan pada NIK tidak ada di tabel wilayah (kode lama atau "
                          "baru?)",
    "NIK_SEX_MISMATCH": "JENIS KELAMIN berbeda dengan jenis kelamin dalam NIK",
    "NIK_DOB_MISMATCH": "TANGGAL LAHIR berbeda dengan tanggal lahir dalam NIK",
    "NKK_MISSING": "NKK kosong",
    "NKK_INVALID": "NKK tidak sah",
    "NKK_NUMBER_DAMAGED": "NKK tersimpan sebagai angka: angka terakhirnya hilang",
    "NKK_MASKED": "NKK disamarkan",
    "DOB_MISSING": "tanggal lahir kosong",
    "DOB_INVALID": "tanggal lahir tidak terbaca atau tidak mungkin",
    "DOB_AMBIGUOUS": "hari dan bulan tidak bisa dibedakan dan berkas tidak menentukan urutannya "
                     "(dibaca hari dulu; gunakan --date-order)",
    "DOB_PLACEHOLDER": "tanggal lahir isian pengganti (31 Des, 1 Jul atau 1 Jan): bukti lemah "
                       "dalam pencocokan",
    "AGE_UNDER_17": "belum 17 tahun pada hari pemungutan suara dan belum kawin",
    "AGE_UNDER_17_MARRIED": "belum 17 tahun pada hari pemungutan suara tetapi sudah kawin "
                            "(memenuhi syarat)",
    "AGE_OVER_110": "lebih dari 110 tahun pada hari pemungutan suara",
    "AGE_USIA_MISMATCH": "USIA tidak sesuai dengan TANGGAL LAHIR",
    "SEX_MISSING": "JENIS KELAMIN kosong",
    "SEX_UNKNOWN": "JENIS KELAMIN bukan L atau P",
    "TMS_MARKED": "ditandai tidak memenuhi syarat (TMS) di KETERANGAN",
}


# normalised status values (CSV/Parquet keep the codes) as an operator reads them
STATUS_ID: dict[str, str] = {
    "valid": "sah", "missing": "kosong", "masked": "disamarkan",
    "number_damaged": "rusak jadi angka (Excel)", "invalid:non_digit": "tidak sah: bukan angka",
    "invalid:length": "tidak sah: panjang salah", "invalid:repeated": "tidak sah: angka berulang",
    "invalid:province": "tidak sah: kode provinsi", "invalid:month": "tidak sah: bulan",
    "invalid:day": "tidak sah: tanggal", "invalid:serial": "tidak sah: nomor urut 0000",
    "ok": "baik", "placeholder": "isian pengganti", "invalid": "tidak sah",
    "ambiguous": "ambigu (hari/bulan)", "True": "ya", "False": "tidak",
}


def status_text(value: str, lang: str) -> str:
    """A status code for the terminal: ``sah (valid)`` in Bahasa, the code in English."""
    if lang == "id" and value in STATUS_ID:
        return f"{STATUS_ID[value]} ({value})"
    return value


def finding_description(code: str, english: str, lang: str) -> str:
    """A finding's description in ``lang`` (the rule's English text for an unknown code)."""
    return FINDINGS_ID.get(code, english) if lang == "id" else english


def labels(lang: str = DEFAULT_LANG) -> Labels:
    """The label set for ``lang`` ("id" or "en")."""
    if lang not in LANGUAGES:
        raise ConfigError(key="unknown_language",
                          params={"lang": lang, "allowed": ", ".join(LANGUAGES)})
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
