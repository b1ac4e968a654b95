"""The content every human-facing report shares, built once from a report dict and the records.

HTML, Markdown, XLSX and the terminal lay out the same sections: the summary figures, the
K1/K2/K3 mix, the figures by area, the duplicate groups with their reasons, the DPK records
already in the DPT, and the evidence (inputs, row accounting, configuration, version, time).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

import pandas as pd

from dptclean import schema
from dptclean.match.pipeline import MatchResult
from dptclean.report.i18n import Labels
from dptclean.report.tables import dpk_table, groups_table

AREA_LEVELS = (schema.KECAMATAN, schema.KELURAHAN, schema.TPS)
# record columns shown next to each group member, when the data has them
GROUP_RECORD_COLUMNS = (schema.NAMA, schema.NIK, schema.NKK, schema.TANGGAL_LAHIR,
                        schema.JENIS_KELAMIN, schema.ALAMAT, schema.KECAMATAN,
                        schema.KELURAHAN, schema.TPS, schema.LIST)


def fmt_int(n: Any, lang: str) -> str:
    if n is None:
        return "-"
    text = f"{int(n):,}"
    return text.replace(",", ".") if lang == "id" else text


def fmt_pct(rate: Any, lang: str, digits: int = 2) -> str:
    if rate is None:
        return "-"
    text = f"{float(rate) * 100:.{digits}f}%"
    return text.replace(".", ",") if lang == "id" else text


# Western Indonesia Time (Asia/Jakarta): UTC+7 all year (Indonesia has no daylight saving), so a
# fixed offset is exact and needs no tz database (Windows has none without the tzdata package).
WIB = timezone(timedelta(hours=7), "WIB")


def now_utc() -> str:
    """The time a human report is made, to the second, in UTC."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")


def now_wib(now: datetime | None = None) -> str:
    """The time a report is made, to the second, in WIB (the time on the Berita Acara)."""
    moment = now if now is not None else datetime.now(timezone.utc)
    return moment.astimezone(WIB).strftime("%Y-%m-%d %H:%M:%S WIB")


def now_wib_iso(now: datetime | None = None) -> str:
    """The same moment as ISO 8601 with its +07:00 offset (for the JSON report)."""
    moment = now if now is not None else datetime.now(timezone.utc)
    return moment.astimezone(WIB).isoformat(timespec="seconds")


# Labels of the title block (kept here, beside the layout that uses them).
_HEADER_LABELS = {
    "wilayah": ("Wilayah", "Area"),
    "tahapan": ("Tahapan", "Stage"),
    "nomor_ba": ("Nomor Berita Acara", "Minutes (BA) number"),
    "provinsi": ("Provinsi", "Province"),
    "kabupaten": ("Kabupaten/Kota", "Regency/city"),
    "kecamatan": ("Kecamatan", "Kecamatan"),
    "n_kecamatan": ("{n} kecamatan", "{n} kecamatan"),
}
MAX_AREA_NAMES = 6   # the title names up to this many kecamatan, then counts them


def header_label(key: str, lang: str, **fmt: object) -> str:
    text = _HEADER_LABELS[key][0 if lang == "id" else 1]
    return text.format(**fmt) if fmt else text


def area_names(records: pd.DataFrame | None, report: dict[str, Any]) -> dict[str, list[str]]:
    """The provinsi, kabupaten and kecamatan the data covers (upper case, sorted).

    From the records when there are any; otherwise the kecamatan of the report's figures.
    """
    out: dict[str, list[str]] = {}
    for level in (schema.PROVINSI, schema.KABUPATEN, schema.KECAMATAN):
        if records is not None and level in records.columns:
            values = records[level].astype("string").str.strip().str.upper().dropna()
            names = sorted(v for v in values.unique().tolist() if v)
        else:
            names = sorted((report.get("by_area") or {}).get(level) or {})
            names = [n for n in names if n != "(TIDAK DIKETAHUI)"]
        if names:
            out[level] = names
    return out


@dataclass
class ReportContent:
    """Everything a renderer lays out, labels already in the report language."""

    lang: str
    L: Labels
    report: dict[str, Any]
    show_nik: bool
    generated_at: str | None
    groups: pd.DataFrame            # localised view, one row per record in a group
    dpk: pd.DataFrame               # localised view of the DPK records already in the DPT
    n_groups: int
    source: str | None = None       # the result directory the report was rendered from
    extra: dict[str, Any] = field(default_factory=dict)
    header: dict[str, str] = field(default_factory=dict)   # judul, wilayah, tahapan, nomor_ba
    areas: dict[str, list[str]] = field(default_factory=dict)  # provinsi/kabupaten/kecamatan

    # --- the title block ------------------------------------------------------------------
    def title(self) -> str:
        return self.header.get("judul") or self.L("title")

    def area_text(self) -> str:
        """'Kabupaten/Kota JEPARA (JAWA TENGAH) · Kecamatan KALINYAMATAN, MAYONG, WELAHAN'."""
        if self.header.get("wilayah"):
            return self.header["wilayah"]
        lang, parts = self.lang, []
        kab = self.areas.get(schema.KABUPATEN, [])
        prov = self.areas.get(schema.PROVINSI, [])
        if kab:
            text = f"{header_label('kabupaten', lang)} {', '.join(kab)}"
            parts.append(text + (f" ({', '.join(prov)})" if prov else ""))
        elif prov:
            parts.append(f"{header_label('provinsi', lang)} {', '.join(prov)}")
        kec = self.areas.get(schema.KECAMATAN, [])
        if 0 < len(kec) <= MAX_AREA_NAMES:
            parts.append(f"{header_label('kecamatan', lang)} {', '.join(kec)}")
        elif kec:
            parts.append(header_label("n_kecamatan", lang, n=fmt_int(len(kec), lang)))
        return " · ".join(parts)

    def header_rows(self) -> list[tuple[str, str]]:
        """The lines under the title: area, stage and BA number (those that are known)."""
        rows = []
        area = self.area_text()
        if area:
            rows.append((header_label("wilayah", self.lang), area))
        for key in ("tahapan", "nomor_ba"):
            if self.header.get(key):
                rows.append((header_label(key, self.lang), self.header[key]))
        return rows

    # --- the sections ---------------------------------------------------------------------
    def summary_rows(self) -> list[tuple[str, str]]:
        r, L, lang = self.report, self.L, self.lang
        d, dup, dpk = r["dpt"], r["duplicates"], r["dpk"]
        rows = [(L("dpt_records"), fmt_int(d["records"], lang))]
        if d.get("tms_excluded"):
            rows.append((L("tms_excluded"), fmt_int(d["tms_excluded"], lang)))
        rows += [
            (L("dup_groups"), fmt_int(dup["groups"], lang)),
            (L("dup_records"), fmt_int(dup["records"], lang)),
            (L("dup_redundant"), fmt_int(dup["redundant"], lang)),
            (L("dup_rate"), fmt_pct(dup["rate"], lang)),
            (L("dpk_records"), fmt_int(dpk["records"], lang)),
            (L("dpk_rate", den=self.dpk_denominator()), fmt_pct(dpk["rate"], lang)),
            (L("dpk_in_dpt"), fmt_int(dpk["in_dpt"], lang)),
            (L("nik_conflicts"), fmt_int(r.get("nik_conflicts", 0), lang)),
        ]
        m = r.get("matching") or {}
        if "candidate_pairs" in m:
            rows.append((L("pairs_compared"), fmt_int(m["candidate_pairs"], lang)))
        if "matched_pairs" in m:
            rows.append((L("pairs_matched"), fmt_int(m["matched_pairs"], lang)))
        return rows

    def dpk_denominator(self) -> str:
        return str(self.report["dpk"].get("denominator", "dpt")).upper().replace("+", " + ")

    def category_rows(self) -> list[dict[str, Any]]:
        cats = self.report.get("by_category") or {}
        return [{"code": k, "label": self.L.get(k, k), "groups": int(v.get("groups", 0)),
                 "records": int(v.get("records", 0)), "redundant": int(v.get("redundant", 0))}
                for k, v in cats.items()]

    def area_levels(self) -> list[str]:
        by_area = self.report.get("by_area") or {}
        return [lvl for lvl in AREA_LEVELS if by_area.get(lvl)]

    def area_frame(self, level: str) -> pd.DataFrame:
        """One row per area: raw numbers (rates as fractions), localised column names."""
        L = self.L
        rows = (self.report.get("by_area") or {}).get(level) or {}
        return pd.DataFrame(
            [{L("area"): name, L("dpt"): v["records"], L("in_groups"): v["duplicate_records"],
              L("ganda"): v["redundant"], L("rate"): v["rate"], L("dpk"): v["dpk_records"],
              L("dpk_pct"): v["dpk_rate"]} for name, v in rows.items()],
            columns=[L("area"), L("dpt"), L("in_groups"), L("ganda"), L("rate"), L("dpk"),
                     L("dpk_pct")])

    def rate_columns(self) -> tuple[str, str]:
        return self.L("rate"), self.L("dpk_pct")

    def input_rows(self) -> list[dict[str, Any]]:
        return [dict(i) for i in self.report.get("inputs") or []]

    def row_accounting(self) -> list[tuple[str, str]]:
        rows = self.report.get("rows") or {}
        out = []
        if "loaded" in rows:
            out.append((self.L("rows_loaded"), fmt_int(rows["loaded"], self.lang)))
        for reason, n in (rows.get("skipped") or {}).items():
            label = f"{self.L.get(f'skip_{reason}', reason)} ({reason})"
            out.append((self.L("rows_skipped", reason=label), fmt_int(n, self.lang)))
        return out

    def config_rows(self) -> list[tuple[str, str]]:
        cfg = self.report.get("config") or {}
        L = self.L
        out = []
        if "threshold" in cfg:
            out.append((L("threshold"), str(cfg["threshold"])))
        if "expected_duplicate_rate" in cfg:
            out.append((L("expected_rate"), str(cfg["expected_duplicate_rate"])))
        if "exclude_tms" in cfg:
            out.append((L("exclude_tms"), L("yes") if cfg["exclude_tms"] else L("no")))
        if cfg.get("blocking"):
            out.append((L("blocking"), ", ".join(b.get("name", "?") for b in cfg["blocking"])))
        return out

    def config_toml(self) -> str:
        from dptclean.match.config import MatchConfig

        cfg = self.report.get("config")
        if not cfg:
            return ""
        try:
            return MatchConfig.from_dict(cfg).to_toml()
        except Exception:  # noqa: BLE001 - an old report's config still shows as JSON
            import json

            return json.dumps(cfg, indent=2, sort_keys=True)

    def evidence_rows(self) -> list[tuple[str, str]]:
        rows = [(self.L("tool"), str(self.report.get("version", "?")))]
        if self.source:
            rows.append((self.L("result_dir"), self.source))
        if self.generated_at:
            rows.append((self.L("generated"), self.generated_at))
        return rows

    def privacy_note(self) -> str:
        return self.L("shown_note") if self.show_nik else self.L("masked_note")

    def method_note(self) -> str:
        return self.L("method_note", den=self.dpk_denominator())


def build_content(report: dict[str, Any], records: pd.DataFrame | None = None,
                  result: MatchResult | None = None, *, lang: str = "id",
                  show_nik: bool = False, generated_at: str | None = None,
                  original_columns: list[str] | None = None,
                  source: str | None = None, labels: Labels | None = None,
                  header: dict[str, str] | None = None) -> ReportContent:
    """Collect a report's sections; without records and result the groups tables are empty."""
    from dptclean.report.i18n import labels as get_labels

    L = labels or get_labels(lang)
    if records is not None and result is not None:
        raw = groups_table(records, result, show_nik=show_nik, original_columns=original_columns)
        groups = localise_groups(raw, L)
        dpk = localise_dpk(dpk_table(records, result, show_nik=show_nik), L)
        n_groups = int(result.groups["group_id"].nunique()) if len(result.groups) else 0
    else:
        groups = localise_groups(pd.DataFrame(), L)
        dpk = localise_dpk(pd.DataFrame(), L)
        n_groups = int(report.get("duplicates", {}).get("groups", 0))
    if header is None:
        header = dict(report.get("header") or {})
    return ReportContent(lang=L.lang, L=L, report=report, show_nik=show_nik,
                         generated_at=generated_at, groups=groups, dpk=dpk, n_groups=n_groups,
                         source=source, header=header, areas=area_names(records, report))


def where_of(table: pd.DataFrame) -> pd.Series:
    """'file [sheet] row N' from a groups table's provenance columns."""
    if not len(table):
        return pd.Series([], dtype=object)
    src = table[schema.SOURCE_FILE].astype("string").fillna("") \
        if schema.SOURCE_FILE in table else pd.Series("", index=table.index)
    src = src.str.replace(r"^.*[\\/]", "", regex=True)
    sheet = table[schema.SHEET].astype("string") if schema.SHEET in table else None
    if sheet is not None:
        src = src + sheet.map(lambda s: f" [{s}]" if isinstance(s, str) and s else "",
                              na_action=None).fillna("").astype("string")
    row = table[schema.ROW].astype("string").fillna("?") if schema.ROW in table else "?"
    return (src + " row " + row).astype(object)


def localise_groups(raw: pd.DataFrame, L: Labels) -> pd.DataFrame:
    """The groups table for people: decision, evidence, where to find it, the record's data."""
    base = [("group", "group_id"), ("category", "category"), ("action", "action"),
            ("score", "score"), ("where", None)]
    cols = [L(k) for k, _ in base] + [L.get(c, c) for c in GROUP_RECORD_COLUMNS] + \
        [L("reasons"), L("keep_reason")]
    if not len(raw):
        return pd.DataFrame(columns=list(dict.fromkeys(cols)))
    out = pd.DataFrame({
        L("group"): raw["group_id"].astype("int64").to_numpy(),
        L("category"): raw["category"].astype(object).to_numpy(),
        L("action"): raw["action"].map({"keep": L("keep"), "remove": L("remove")})
        .fillna(raw["action"]).to_numpy(),
        L("score"): pd.to_numeric(raw["score"], errors="coerce").round(1).to_numpy(),
        L("where"): where_of(raw).to_numpy(),
    })
    for c in GROUP_RECORD_COLUMNS:
        if c in raw.columns:
            out[L.get(c, c)] = raw[c].astype("string").astype(object).to_numpy()
    out[L("reasons")] = raw["reasons"].astype(object).to_numpy()
    out[L("keep_reason")] = raw["keep_reason"].astype(object).to_numpy()
    return out


def localise_dpk(raw: pd.DataFrame, L: Labels) -> pd.DataFrame:
    names = {"dpk_row": L("dpk_row"), "nama_dpk": L("nama_dpk"), "dpt_row": L("dpt_row"),
             "nama_dpt": L("nama_dpt"), "score": L("score"), "reasons": L("reasons")}
    if not len(raw):
        return pd.DataFrame(columns=list(names.values()))
    out = raw.rename(columns=names)
    for col in (L("dpk_row"), L("dpt_row")):   # the file name is enough: inputs list paths
        out[col] = out[col].astype("string").str.replace(r"^[^\[]*[\\/]", "", regex=True) \
            .astype(object)
    out[L("score")] = pd.to_numeric(out[L("score")], errors="coerce").round(1)
    return out
