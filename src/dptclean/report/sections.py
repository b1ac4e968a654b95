"""The content every human-facing report shares, built once from a report dict and the records.

HTML, Markdown, XLSX and the terminal lay out the same sections: the summary figures, the
K1/K2/K3 mix, the figures by area, the duplicate groups with their reasons, the DPK records
already in the DPT, and the evidence (inputs, row accounting, configuration, version, time).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

import pandas as pd

from dptclean import schema
from dptclean.match.pipeline import NO_KEEP_REASON, VERIFY, MatchResult
from dptclean.report.i18n import Labels, fmt_int, fmt_num, fmt_pct
from dptclean.report.model import k1_differences
from dptclean.report.reasons import keep_reason, to_lang
from dptclean.report.tables import dpk_table, groups_table

AREA_LEVELS = (schema.KECAMATAN, schema.KELURAHAN, schema.TPS)
# record columns shown next to each group member, when the data has them
GROUP_RECORD_COLUMNS = (schema.NAMA, schema.NIK, schema.NKK, schema.TANGGAL_LAHIR,
                        schema.JENIS_KELAMIN, schema.ALAMAT, schema.KECAMATAN,
                        schema.KELURAHAN, schema.TPS, schema.LIST)


def possible_rows(report: dict[str, Any], L: Labels) -> list[tuple[str, str]]:
    """The possible duplicates ("perlu verifikasi faktual"), the same four figures as the JSON
    report's ``possible_duplicates``, apart from the duplicate figures (empty for a report made
    before confidence bands)."""
    p = report.get("possible_duplicates")
    if p is None:
        return []
    lang = L.lang
    return [(L("poss_groups"), fmt_int(p.get("groups", 0), lang)),
            (L("poss_records"), fmt_int(p.get("records", 0), lang)),
            (L("poss_redundant"), fmt_int(p.get("redundant", 0), lang)),
            (L("poss_rate"), fmt_pct(p.get("rate", 0.0), lang))]


def review_rows(report: dict[str, Any], L: Labels) -> list[tuple[str, str]]:
    """What the operator's decisions did to the matcher's groups (empty without decisions):
    groups hidden or changed, keep choices, conflicting decisions."""
    rv = report.get("review") or {}
    if not rv:
        return []
    lang = L.lang
    out = [(L("review_hidden"), fmt_int(rv.get("groups_hidden", 0), lang)),
           (L("review_changed"), fmt_int(rv.get("groups_changed", 0), lang)),
           (L("review_keep"), fmt_int(rv.get("keep_chosen", 0), lang)),
           (L("review_conflicts"), fmt_int(len(rv.get("conflicts") or []), lang))]
    for refs in rv.get("hidden") or []:
        out.append((L("review_hidden_group"), "; ".join(str(x) for x in _rows(list(refs), L))))
    return out


def accounting_text(report: dict[str, Any], L: Labels) -> str:
    """'2.748 baris dibaca = DPT 1.994 + TMS 6 + DPK 99 + DPK TMS 1 + dilewati 648', with a
    warning when the identity does not close ('' for a report without the accounting)."""
    rows = report.get("rows") or {}
    counted = rows.get("records")
    if "read" not in rows or not counted:
        return ""
    lang = L.lang
    skipped = sum(int(v) for v in (rows.get("skipped") or {}).values())
    parts = [f"{L(f'acc_{k}')} {fmt_int(counted.get(k, 0), lang)}"
             for k in ("dpt", "dpt_tms", "dpk", "dpk_tms")]
    parts.append(f"{L('acc_skipped')} {fmt_int(skipped, lang)}")
    text = f"{fmt_int(rows['read'], lang)} {L('acc_read')} = " + " + ".join(parts)
    if not rows.get("closes", True):
        text += " " + L("acc_open")
    return text


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
    conflicts: pd.DataFrame = field(default_factory=pd.DataFrame)  # NIK sama, orang berbeda
    extra: dict[str, Any] = field(default_factory=dict)
    header: dict[str, str] = field(default_factory=dict)   # judul, wilayah, tahapan, nomor_ba
    areas: dict[str, list[str]] = field(default_factory=dict)  # provinsi/kabupaten/kecamatan
    # stats["learned_weights"] of the run (None: the weights came from the configuration)
    learned: dict[str, Any] | None = None

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
        ]
        if r.get("groups_without_keep"):
            rows.append((L("groups_without_keep"), fmt_int(r["groups_without_keep"], lang)))
        rows += possible_rows(r, L)
        rows += [
            (L("dpk_records"), fmt_int(dpk["records"], lang)),
            (L("dpk_rate", den=self.dpk_denominator()), fmt_pct(dpk["rate"], lang)),
            (L("dpk_in_dpt"), fmt_int(dpk["in_dpt"], lang)),
            (L("nik_conflicts"), fmt_int(r.get("nik_conflicts", 0), lang)),
        ]
        rows += review_rows(r, L)
        line = accounting_text(r, L)
        if line:
            rows.append((L("rows"), line))
        m = r.get("matching") or {}
        if "candidate_pairs" in m:
            rows.append((L("pairs_compared"), fmt_int(m["candidate_pairs"], lang)))
        if "matched_pairs" in m:
            rows.append((L("pairs_matched"), fmt_int(m["matched_pairs"], lang)))
        return rows

    def group_parts(self) -> list[tuple[str, str, pd.DataFrame]]:
        """The groups listing in two parts, each (title, note, rows): the duplicate groups
        (a sure member), then, when there are any, the groups that need factual verification
        (no sure member), so a listing never mixes what the figures count apart."""
        L, g = self.L, self.groups
        if not len(g) or L("confidence") not in g.columns:
            return [(L("groups_title"), "", g)]
        sure = (g[L("confidence")] == L("conf_sure")).groupby(g[L("group")]).transform("any")
        parts = [(L("groups_title"), "", g[sure.to_numpy()])]
        if not sure.all():
            parts.append((L("poss_title"), L("poss_note"), g[~sure.to_numpy()]))
        return parts

    def dpk_denominator(self) -> str:
        return str(self.report["dpk"].get("denominator", "dpt")).upper().replace("+", " + ")

    def category_rows(self) -> list[dict[str, Any]]:
        cats = self.report.get("by_category") or {}
        return [{"code": k, "label": self._category_label(k, v), "short": self.L.get(k, k),
                 "groups": int(v.get("groups", 0)),
                 "records": int(v.get("records", 0)), "redundant": int(v.get("redundant", 0))}
                for k, v in cats.items()]

    def _category_label(self, code: str, v: dict[str, Any]) -> str:
        label = self.L.get(code, code)
        if code == "K1" and v.get("normalised_groups"):
            label += " — " + self.L("K1_split", a=fmt_int(v.get("as_written_groups", 0),
                                                           self.lang),
                                    b=fmt_int(v["normalised_groups"], self.lang))
        return label

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

    def row_accounting_numbers(self) -> list[tuple[str, int]]:
        """Rows read, where each went (DPT/DPK, active/TMS) and the rows skipped, by reason."""
        rows = self.report.get("rows") or {}
        L = self.L
        out: list[tuple[str, int]] = []
        if "read" in rows:
            out.append((L("rows_read"), int(rows["read"])))
        if "loaded" in rows:
            out.append((L("rows_loaded"), int(rows["loaded"])))
        counted = rows.get("records") or {}
        for key in ("dpt", "dpt_tms", "dpk", "dpk_tms"):
            if key in counted:
                out.append((L(f"rows_{key}"), int(counted[key])))
        for reason, n in (rows.get("skipped") or {}).items():
            label = self.L.get(f"skip_{reason}", reason)
            if self.lang != "id" and label != reason:   # with the code inspect prints
                label = f"{label} ({reason})"
            out.append((self.L("rows_skipped", reason=label), int(n)))
        return out

    def row_accounting(self) -> list[tuple[str, str]]:
        out = [(k, fmt_int(n, self.lang)) for k, n in self.row_accounting_numbers()]
        line = accounting_text(self.report, self.L)
        if line:
            out.append((self.L("rows"), line))
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
        if cfg:
            out.append((L("weights_source"), self.weights_summary()))
        return out

    def weights_summary(self) -> str:
        """Where the evidence weights came from: learned from this list (from how many
        labelled pairs, how many levels moved), or the configuration as it is."""
        L, lang = self.L, self.lang
        frame = self.weights_frame()
        if self.learned is None or not len(frame):
            return L("weights_fixed")
        pairs = max((float(v.get("labelled_pairs", 0))
                     for v in (self.learned.get("fields") or {}).values()), default=0.0)
        moved = int((frame[L("w_change")].abs() >= 0.5).sum())
        key = "weights_learned_em" if self.learned.get("method") == "em_masked" \
            else "weights_learned"
        return L(key, pairs=_count_text(pairs, lang), moved=fmt_int(moved, lang),
                 levels=fmt_int(len(frame), lang))

    def weights_cells(self) -> tuple[list[str], list[list[str]]]:
        """The weights table as text, for HTML, Markdown and the terminal."""
        frame = self.weights_frame()
        lang = self.lang
        rows = [[str(r[0]), str(r[1])] + [fmt_num(x, lang, sign=True) for x in r[2:5]]
                + [_count_text(r[5], lang), str(r[6])] for r in frame.itertuples(index=False)]
        return list(frame.columns), rows

    def weights_frame(self) -> pd.DataFrame:
        """One row per learned level: field, level, configured and learned weight (bits), the
        change, and the pairs the list labelled itself with (m) and the pairs for u."""
        L = self.L
        cols = [L("w_field"), L("w_level"), L("w_configured"), L("w_learned"), L("w_change"),
                L("w_pairs"), L("w_u_pairs")]
        rows = []
        for fld, v in ((self.learned or {}).get("fields") or {}).items():
            for level, x in (v.get("levels") or {}).items():
                if "configured" not in x or "learned" not in x:
                    continue
                conf, learned = float(x["configured"]), float(x["learned"])
                rows.append([L.get(fld, fld), level, round(conf, 4), round(learned, 4),
                             round(learned - conf, 1) + 0.0, round(float(x.get("pairs", 0)), 2),
                             f"{x['u_pairs']}/{x['u_of_pairs']}" if "u_pairs" in x else ""])
        return pd.DataFrame(rows, columns=cols)

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
        groups = localise_groups(raw, L, k1_differences(records, result.groups))
        dpk = localise_dpk(dpk_table(records, result, show_nik=show_nik), L)
        n_groups = int(result.groups["group_id"].nunique()) if len(result.groups) else 0
    else:
        groups = localise_groups(pd.DataFrame(), L)
        dpk = localise_dpk(pd.DataFrame(), L)
        n_groups = int(report.get("duplicates", {}).get("groups", 0))
    if header is None:
        header = dict(report.get("header") or {})
    learned = (result.stats or {}).get("learned_weights") if result is not None else None
    return ReportContent(lang=L.lang, L=L, report=report, show_nik=show_nik, learned=learned,
                         generated_at=generated_at, groups=groups, dpk=dpk, n_groups=n_groups,
                         source=source, header=header, areas=area_names(records, report),
                         conflicts=conflicts_frame(report, records, result, L,
                                                   show_nik=show_nik))


def conflicts_frame(report: dict[str, Any], records: pd.DataFrame | None,
                    result: MatchResult | None, L: Labels, *,
                    show_nik: bool = False) -> pd.DataFrame:
    """"NIK sama, orang berbeda": one row per pair, both records (where, name, NIK masked
    unless ``show_nik``), the score and why they were judged to be two people. Without the
    records, from the report's ``nik_conflict_list`` (where and why only)."""
    cols = [L("conflict_a"), L("nama_a"), L("conflict_b"), L("nama_b"), L("nik"), L("score"),
            L("reasons")]
    if records is not None and result is not None and len(result.nik_conflicts):
        from dptclean.report.privacy import mask_frame
        from dptclean.report.tables import row_ref

        c = result.nik_conflicts
        left, right = c["left"].astype("int64").tolist(), c["right"].astype("int64").tolist()

        def col(name: str, pos: list[int]) -> list[Any]:
            if name not in records.columns:
                return [None] * len(pos)
            data = records[[name]].iloc[pos]
            if not show_nik:
                data = mask_frame(data)
            return data[name].astype("string").astype(object).tolist()

        return pd.DataFrame({
            cols[0]: _rows(row_ref(records, left), L), cols[1]: col(schema.NAMA, left),
            cols[2]: _rows(row_ref(records, right), L), cols[3]: col(schema.NAMA, right),
            cols[4]: col(schema.NIK, left),
            cols[5]: pd.to_numeric(c["score"], errors="coerce").round(1).to_numpy(),
            cols[6]: [_why(r, L) for r in c["reasons"].tolist()]}, columns=cols)
    listed = report.get("nik_conflict_list") or []
    return pd.DataFrame([{cols[0]: _rows([x.get("a")], L)[0], cols[2]: _rows([x.get("b")], L)[0],
                          cols[5]: x.get("score"),
                          cols[6]: _why(x.get("reasons"), L)} for x in listed],
                        columns=[cols[0], cols[2], cols[5], cols[6]])


def _count_text(x: float, lang: str) -> str:
    """A count of pairs: whole (``12``), or an expected count from EM (``0,8``)."""
    return fmt_int(int(x), lang) if float(x).is_integer() else fmt_num(x, lang)


def _rows(where: list[Any], L: Labels) -> list[Any]:
    """'file [sheet] row N' with 'baris N' in a Bahasa report."""
    if L.lang != "id":
        return where
    return [re.sub(r" row (\d+)$", r" baris \1", w) if isinstance(w, str) else w for w in where]


def _why(reasons: object, L: Labels) -> object:
    """A NIK conflict's technical reason in words for a Bahasa report (English keeps it)."""
    if L.lang != "id":
        return reasons
    from dptclean.report.reasons import from_technical

    return from_technical(reasons, "id")


def where_of(table: pd.DataFrame, L: Labels | None = None) -> pd.Series:
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
    word = L("row_word") if L is not None else "row"
    return (src + f" {word} " + row).astype(object)


def k1_label(fields: list[str], L: Labels) -> str:
    """'K1' for a group identical as written; otherwise what was normalised."""
    if not fields:
        return "K1"
    return L("K1_normalised", fields=", ".join(L(f"k1n_{f}") for f in fields))


def localise_groups(raw: pd.DataFrame, L: Labels,
                    k1_diff: dict[Any, list[str]] | None = None) -> pd.DataFrame:
    """The groups table for people: decision, evidence, where to find it, the record's data.
    ``k1_diff`` (group -> fields not identical as written) labels K1 groups honestly."""
    base = [("group", "group_id"), ("category", "category"), ("confidence", "confidence"),
            ("action", "action"), ("score", "score"), ("where", None)]
    cols = [L(k) for k, _ in base] + [L.get(c, c) for c in GROUP_RECORD_COLUMNS] + \
        [L("reasons"), L("keep_reason")]
    if not len(raw):
        return pd.DataFrame(columns=list(dict.fromkeys(cols)))
    out = pd.DataFrame({
        L("group"): raw["group_id"].astype("int64").to_numpy(),
        L("category"): [k1_label(k1_diff.get(g, []), L) if c == "K1" and k1_diff else c
                         for g, c in zip(raw["group_id"].tolist(), raw["category"].tolist())],
        L("confidence"): (raw["confidence"] if "confidence" in raw.columns
                          else pd.Series("sure", index=raw.index))
        .map({"sure": L("conf_sure"), "possible": L("conf_possible")}).to_numpy(),
        L("action"): raw["action"].map({"keep": L("keep"), "remove": L("remove"),
                                        VERIFY: L("verify")})
        .fillna(raw["action"]).to_numpy(),
        L("score"): pd.to_numeric(raw["score"], errors="coerce").round(1).to_numpy(),
        L("where"): where_of(raw, L).to_numpy(),
    })
    for c in GROUP_RECORD_COLUMNS:
        if c in raw.columns:
            out[L.get(c, c)] = raw[c].astype("string").astype(object).to_numpy()
    out[L("reasons")] = raw["reasons"].map(lambda t: to_lang(t, L.lang)).astype(object).to_numpy()
    out[L("keep_reason")] = raw["keep_reason"].map(
        lambda t: L("no_keep_reason") if t == NO_KEEP_REASON else keep_reason(t, L.lang)) \
        .astype(object).to_numpy()
    return out


def localise_dpk(raw: pd.DataFrame, L: Labels) -> pd.DataFrame:
    names = {"dpk_row": L("dpk_row"), "nama_dpk": L("nama_dpk"), "dpt_row": L("dpt_row"),
             "nama_dpt": L("nama_dpt"), "score": L("score"), "reasons": L("reasons")}
    if not len(raw):
        return pd.DataFrame(columns=list(names.values()))
    out = raw.rename(columns=names)
    for col in (L("dpk_row"), L("dpt_row")):   # the file name is enough: inputs list paths
        out[col] = out[col].astype("string").str.replace(r"^[^\[]*[\\/]", "", regex=True) \
            .str.replace(r" row (\d+)$", f" {L('row_word')} \\1", regex=True).astype(object)
    out[L("score")] = pd.to_numeric(out[L("score")], errors="coerce").round(1)
    out[L("reasons")] = out[L("reasons")].map(lambda t: to_lang(t, L.lang))
    return out.drop(columns=["reasons_technical"], errors="ignore")
