"""Synthetic graphs in the Ittifak ontology, for testing and measuring at scale.

Real archives and treaty series are far larger than the first paper: `generate` writes a graph of
made-up states, persons, posts, agreements, signatures, events and archival sources that follows
docs/modelling.md and conforms to shapes/, so every command can be run (and timed) on 10k to 10M
triples. The output is streamed line by line, never held in memory, and is the same for the same
seed and size. Names are invented from syllables and carry Turkish letters, so Turkish-aware
matching is exercised too.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import TextIO

from ittifak.core.errors import InputError
from ittifak.core.output import atomic_path
from ittifak.core.text import slug

ITT = "https://w3id.org/ittifak/ontology#"
ID = "https://w3id.org/ittifak/id/"
PREFIXES: dict[str, str] = {
    "itt": ITT,
    **{k: f"{ID}{k}/" for k in ("state", "person", "office", "post", "organisation", "delegation",
                                 "agreement", "signature", "event", "place", "doc", "fond", "work",
                                 "passage", "domain", "status")},
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
}
FORMATS = {".nt": "nt", ".ttl": "turtle"}

STATES = 200
ORGANISATIONS = 24
ARCHIVES = 3
FONDS_PER_ARCHIVE = 4
FIRST_YEAR, LAST_YEAR = 1946, 2023
WORK = "work:synthetic-treaty-series"

# (slug, Turkish label, English label, where it sits: "state" or "ministry")
OFFICES = (
    ("president", "Cumhurbaşkanı", "President", "state"),
    ("prime-minister", "Başbakan", "Prime Minister", "state"),
    ("minister-of-foreign-affairs", "Dışişleri Bakanı", "Minister of Foreign Affairs", "ministry"),
    ("deputy-minister-of-foreign-affairs", "Dışişleri Bakan Yardımcısı",
     "Deputy Minister of Foreign Affairs", "ministry"),
    ("ambassador", "Büyükelçi", "Ambassador", "ministry"),
)
# (domain slug of ontology/vocabularies.ttl, Turkish, English)
DOMAINS = (
    ("trade", "ticaret", "trade"), ("economy", "ekonomi", "economic"), ("energy", "enerji", "energy"),
    ("transport", "ulaştırma", "transport"), ("culture", "kültür", "cultural"),
    ("education", "eğitim", "educational"), ("health", "sağlık", "health"),
    ("science", "bilim", "scientific"), ("tourism", "turizm", "tourism"),
    ("agriculture", "tarım", "agricultural"), ("defence", "savunma", "defence"),
    ("communications", "haberleşme", "communications"), ("finance", "finans", "financial"),
    ("environment", "çevre", "environmental"), ("industry", "sanayi", "industrial"),
)
# (class, Turkish noun, English noun, share): bilateral agreements dominate, as in treaty series
KINDS = (
    ("Agreement", "Anlaşması", "Agreement", 0.55), ("Protocol", "Protokolü", "Protocol", 0.2),
    ("MemorandumOfUnderstanding", "Mutabakat Muhtırası", "Memorandum of Understanding", 0.15),
    ("Treaty", "Antlaşması", "Treaty", 0.1),
)
EVENT_KINDS = (("Visit", "ziyareti", "visit"), ("Meeting", "toplantısı", "meeting"),
               ("Summit", "zirvesi", "summit"))
_SYLLABLES = ("ka", "ra", "şa", "lı", "me", "ğu", "tü", "ro", "ça", "vi", "no", "sö", "ze", "ba",
              "dı", "gü", "la", "ye", "mi", "şe", "ko", "ta", "nü", "fa", "çi", "po", "ha", "ı", "el")
_GIVEN = ("Ayşe", "Mehmet", "Gülşen", "İlhan", "Çağrı", "Şükrü", "Özlem", "Ümit", "Ilgın", "Doğan",
          "Nazlı", "Oğuz", "Sıla", "Ertuğrul", "Hüseyin", "Gönül", "Işık", "Tuğçe", "Ömer", "Zeynep")
_FAMILY_ENDINGS = ("oğlu", "ov", "lı", "er", "gül", "ay", "çı", "ski", "es", "ini")


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def tr(text: str) -> str:
    return f'"{_esc(text)}"@tr'


def en(text: str) -> str:
    return f'"{_esc(text)}"@en'


def typed(value: str, datatype: str) -> str:
    return f'"{value}"^^xsd:{datatype}'


def _tr_title(text: str) -> str:
    """Capitalise by Turkish rules: i → İ, ı → I."""
    head = {"i": "İ", "ı": "I"}.get(text[:1], text[:1].upper())
    return head + text[1:]


def _en_name(name_tr: str) -> str:
    """The English spelling of an invented Turkish-letter name: the letters folded to ASCII."""
    table = str.maketrans("ıİşŞğĞçÇöÖüÜ", "iIsSgGcCoOuU")
    return name_tr.translate(table)


@dataclass
class Stats:
    """What a run wrote."""

    triples: int = 0
    agreements: int = 0
    signatures: int = 0
    persons: int = 0
    events: int = 0
    documents: int = 0


class _Writer:
    """Streams subject blocks as Turtle (prefixed names) or N-Triples (full IRIs)."""

    def __init__(self, out: TextIO, fmt: str) -> None:
        self.out = out
        self.fmt = fmt
        self.stats = Stats()
        self._ns = {p: ns for p, ns in PREFIXES.items()}
        if fmt == "turtle":
            out.write("# Synthetic Ittifak graph (ittifak generate): invented actors and agreements.\n")
            out.writelines(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())
            out.write("\n")

    def _nt(self, term: str) -> str:
        if term[0] == '"':
            if term.endswith('"') or term[-3:-2] == "@":
                return term
            head, _, datatype = term.rpartition("^^")
            return f"{head}^^{self._nt(datatype)}"
        if term == "a":
            return "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
        prefix, _, local = term.partition(":")
        return f"<{self._ns[prefix]}{local}>"

    def block(self, subject: str, pairs: list[tuple[str, str]]) -> None:
        self.stats.triples += len(pairs)
        if self.fmt == "turtle":
            body = " ;\n    ".join(f"{p} {o}" for p, o in pairs)
            self.out.write(f"{subject} {body} .\n")
        else:
            s = self._nt(subject)
            self.out.write("".join(f"{s} {self._nt(p)} {self._nt(o)} .\n" for p, o in pairs))


class _Generator:
    def __init__(self, writer: _Writer, agreements: int, seed: int) -> None:
        self.w = writer
        self.n = agreements
        self.seed = seed
        self.rng = random.Random(seed)
        self.passages_emitted: set[int] = set()
        self.passage_count = max(40, agreements // 2)
        self.tenures: dict[tuple[int, int], list[tuple[str, str]]] = {}
        self.persons_emitted: set[tuple[int, int, int]] = set()
        self.states: list[tuple[str, str, str]] = []  # (curie, tr name, en name)
        self.capitals: list[str] = []
        self.ministries: list[str] = []
        self.organisations: list[str] = []
        self.fonds: list[tuple[str, str, str, str]] = []  # (curie, archive curie, code, archive short)

    # -- provenance ------------------------------------------------------------------------

    def passage(self) -> str:
        """A passage of the synthetic treaty series, declared on first use."""
        i = self.rng.randrange(self.passage_count)
        first = 1 + 10 * i
        last = first + i % 9
        iri = f"passage:synthetic-treaty-series-L{first}-{last}"
        if i not in self.passages_emitted:
            self.passages_emitted.add(i)
            self.w.block(iri, [("a", "itt:Passage"), ("itt:lineStart", typed(str(first), "integer")),
                               ("itt:lineEnd", typed(str(last), "integer")), ("itt:inWork", WORK)])
        return iri

    def provenance(self, source: str = WORK) -> list[tuple[str, str]]:
        return [("itt:citedSource", source), ("itt:statedIn", self.passage())]

    # -- names -----------------------------------------------------------------------------

    def _word(self, rng: random.Random, syllables: int) -> str:
        return "".join(rng.choice(_SYLLABLES) for _ in range(syllables))

    def _unique_names(self, count: int, syllables: tuple[int, int]) -> list[str]:
        seen: set[str] = set()
        names: list[str] = []
        while len(names) < count:
            name = _tr_title(self._word(self.rng, self.rng.randint(*syllables)))
            if slug(name) not in seen and len(slug(name)) > 2:
                seen.add(slug(name))
                names.append(name)
        return names

    # -- fixed part: sources, states, organisations, offices -------------------------------

    def header(self) -> None:
        w = self.w
        w.block(WORK, [("a", "itt:SecondaryWork"), ("rdfs:label", tr("Sentetik antlaşmalar dizisi")),
                       ("rdfs:label", en("Synthetic treaty series")), ("itt:author", '"Ittifak"'),
                       ("itt:date", typed("2024", "gYear")), ("itt:citationLabel", '"Ittifak, 2024"')])
        for slug_, label_tr, label_en, _ in OFFICES:
            w.block(f"office:{slug_}", [("a", "itt:Office"), ("rdfs:label", tr(label_tr)),
                                        ("rdfs:label", en(label_en))])
        names = self._unique_names(STATES + ORGANISATIONS + ARCHIVES, (2, 4))
        state_names, org_names, archive_names = (names[:STATES], names[STATES:STATES + ORGANISATIONS],
                                                 names[STATES + ORGANISATIONS:])
        for i, name in enumerate(state_names):
            name_en = _en_name(name)
            state = f"state:{slug(name_en)}"
            self.states.append((state, name, name_en))
            w.block(state, [("a", "itt:State"), ("rdfs:label", tr(name)), ("rdfs:label", en(name_en)),
                            ("skos:altLabel", tr(f"{name} Cumhuriyeti")),
                            ("skos:altLabel", en(f"Republic of {name_en}")), *self.provenance()])
            city_tr = f"{name} Şehri" if i % 2 else f"{_tr_title(self._word(self.rng, 2))}kent"
            city_en = _en_name(city_tr)
            capital = f"place:{slug(city_en)}-{slug(name_en)}"
            self.capitals.append(capital)
            w.block(capital, [("a", "itt:City"), ("rdfs:label", tr(city_tr)), ("rdfs:label", en(city_en)),
                              ("itt:inPolity", state), *self.provenance()])
            ministry = f"organisation:{slug(name_en)}-ministry-of-foreign-affairs"
            self.ministries.append(ministry)
            w.block(ministry, [("a", "itt:Ministry"), ("rdfs:label", tr(f"{name} Dışişleri Bakanlığı")),
                               ("rdfs:label", en(f"{name_en} Ministry of Foreign Affairs")),
                               ("itt:inPolity", state), ("itt:location", capital), *self.provenance()])
        for name in org_names:
            name_en = _en_name(name)
            org = f"organisation:{slug(name_en)}-council"
            self.organisations.append(org)
            w.block(org, [("a", "itt:InternationalOrganisation"),
                          ("rdfs:label", tr(f"{name} İş Birliği Konseyi")),
                          ("rdfs:label", en(f"{name_en} Cooperation Council")), *self.provenance()])
        for a, name in enumerate(archive_names):
            name_en = _en_name(name)
            short = slug(name_en)[:3] + str(a)
            archive = f"organisation:{short}-archive"
            state = self.states[a][0]
            w.block(archive, [("a", "itt:Archive"), ("rdfs:label", tr(f"{name} Devlet Arşivi")),
                              ("rdfs:label", en(f"{name_en} State Archive")), ("itt:inPolity", state),
                              *self.provenance()])
            for f in range(FONDS_PER_ARCHIVE):
                code = f"{30 + a}-{10 + f}-{1 + f % 3}"
                fond = f"fond:{short}-{code}"
                self.fonds.append((fond, archive, code, short))
                w.block(fond, [("a", "itt:Fond"), ("rdfs:label", tr(f"{name} Devlet Arşivi, {code} fonu")),
                               ("rdfs:label", en(f"{name_en} State Archive, fond {code}")),
                               ("itt:fondCode", f'"{code}"'), ("itt:heldBy", archive)])

    # -- persons and posts, made on first use ----------------------------------------------

    def _timeline(self, state: int, office: int) -> list[tuple[str, str]]:
        """The tenures of one office of one state: consecutive (start, end) dates, 1940 on."""
        key = (state, office)
        if key not in self.tenures:
            rng = random.Random(self.seed * 7919 + state * 31 + office)
            spans, year, month = [], FIRST_YEAR - 6, 1 + rng.randrange(12)
            while year <= LAST_YEAR:
                years = rng.randint(1, 7)
                end_year, end_month = year + years, 1 + rng.randrange(12)
                start = f"{year:04d}-{month:02d}-01"
                end = f"{end_year:04d}-{end_month:02d}-{28 if end_month == 2 else 30:02d}"
                if end <= start:
                    end_year += 1
                    end = f"{end_year:04d}-{end_month:02d}-{28 if end_month == 2 else 30:02d}"
                spans.append((start, end))
                year, month = end_year + (end_month == 12), end_month % 12 + 1
            self.tenures[key] = spans
        return self.tenures[key]

    def post_at(self, state: int, office: int, date: str) -> tuple[str, str]:
        """(person, post) of whoever held `office` of `state` on `date`; declared on first use."""
        spans = self._timeline(state, office)
        k = next(i for i, (start, end) in enumerate(spans) if start <= date <= end)
        start, end = spans[k]
        rng = random.Random(self.seed * 104729 + state * 1009 + office * 101 + k)
        given = rng.choice(_GIVEN)
        family = _tr_title(self._word(rng, rng.randint(1, 2))) + rng.choice(_FAMILY_ENDINGS)
        name = f"{given} {family}"
        person = f"person:{slug(name)}-{state:03d}{office}{k:02d}"
        office_slug, office_tr, office_en, where = OFFICES[office]
        post = f"post:{person.split(':', 1)[1]}--{office_slug}"
        if (state, office, k) not in self.persons_emitted:
            self.persons_emitted.add((state, office, k))
            self.w.stats.persons += 1
            state_iri, state_tr, state_en = self.states[state]
            self.w.block(person, [("a", "itt:Person"), ("rdfs:label", tr(name)),
                                  ("rdfs:label", en(_en_name(name))), *self.provenance()])
            body = state_iri if where == "state" else self.ministries[state]
            self.w.block(post, [("a", "itt:PostHolding"),
                                ("rdfs:label", tr(f"{name}, {state_tr} {office_tr}")),
                                ("rdfs:label", en(f"{_en_name(name)}, {office_en} of {state_en}")),
                                ("itt:holder", person), ("itt:hasOffice", f"office:{office_slug}"),
                                ("itt:inOrganisation", body), ("itt:forPolity", state_iri),
                                ("itt:startDate", typed(start, "date")), ("itt:endDate", typed(end, "date")),
                                *self.provenance()])
        return person, post

    # -- agreements ------------------------------------------------------------------------

    def document(self, i: int, date: str) -> str:
        fond, archive, code, short = self.fonds[i % len(self.fonds)]
        file_code = f"{100 + i // 1000}-{i % 1000}-{1 + i % 7}"
        doc = f"doc:{short}-{code}-{file_code}"
        day = f"{date[8:10]}.{date[5:7]}.{date[0:4]}"
        label = f"{short.upper()}. {code}/{file_code}, {day}"
        self.w.stats.documents += 1
        self.w.block(doc, [("a", "itt:ArchivalDocument"), ("rdfs:label", tr(label)), ("rdfs:label", en(label)),
                           ("itt:heldBy", archive), ("itt:inFond", fond), ("itt:fondCode", f'"{code}"'),
                           ("itt:fileCode", f'"{file_code}"'), ("itt:date", typed(date, "date")),
                           ("itt:citationLabel", f'"{label}"'), ("itt:statedIn", self.passage())])
        return doc

    def agreement(self, i: int) -> None:
        rng, w = self.rng, self.w
        year = rng.randint(FIRST_YEAR, LAST_YEAR)
        date = f"{year:04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        size = rng.choices((2, 3, 4, 5), weights=(70, 15, 10, 5))[0]
        parties = sorted(rng.sample(range(STATES), size))
        kind, kind_tr, kind_en = rng.choices([k[:3] for k in KINDS], weights=[k[3] for k in KINDS])[0]
        domains = rng.sample(range(len(DOMAINS)), rng.choice((1, 1, 2)))
        d_slug, d_tr, d_en = DOMAINS[domains[0]]
        names_tr = [self.states[p][1] for p in parties]
        names_en = [self.states[p][2] for p in parties]
        iri = f"agreement:{year}-{slug(names_en[0])}-{slug(names_en[1])}-{d_slug}-{i}"
        if size == 2:
            label_tr = f"{names_tr[0]} ile {names_tr[1]} Arasında {_tr_title(d_tr)} İş Birliği {kind_tr}"
            label_en = f"{names_en[0]}–{names_en[1]} {kind_en} on {d_en.capitalize()} Cooperation"
        else:
            label_tr = f"{_tr_title(d_tr)} İş Birliğine İlişkin Çok Taraflı {kind_tr} ({names_tr[0]} ve diğerleri)"
            label_en = f"Multilateral {kind_en} on {d_en.capitalize()} Cooperation ({names_en[0]} and others)"
        label_tr, label_en = f"{label_tr} ({year}, no. {i})", f"{label_en} ({year}, no. {i})"
        doc = self.document(i, date)
        signatures = []
        for p in parties:
            office = rng.choices((0, 1, 2, 4), weights=(15, 20, 50, 15))[0]
            person, post = self.post_at(p, office, date)
            sig = f"signature:{iri.split(':', 1)[1]}--{person.split(':', 1)[1]}"
            signatures.append((sig, person))
            state_iri, _, state_en = self.states[p]
            w.block(sig, [("a", "itt:Signature"), ("rdfs:label", tr(f"{label_tr}: {names_tr[parties.index(p)]} imzası")),
                          ("rdfs:label", en(f"{label_en}: signature for {state_en}")),
                          ("itt:signatory", person), ("itt:signedFor", state_iri), ("itt:signedAsPost", post),
                          *self.provenance(doc)])
            w.stats.signatures += 1
        pairs = [("a", f"itt:{kind}"), ("rdfs:label", tr(label_tr)), ("rdfs:label", en(label_en)),
                 *(("itt:party", self.states[p][0]) for p in parties),
                 *(("itt:hasSignature", s) for s, _ in signatures),
                 ("itt:signedOn", typed(date, "date")), ("itt:signedAt", self.capitals[parties[0]]),
                 *(("itt:domain", f"domain:{DOMAINS[d][0]}") for d in domains),
                 ("itt:status", "status:carried-out"),
                 ("itt:description", tr(f"Taraflar {d_tr} alanında iş birliği yapmayı kararlaştırdı.")),
                 ("itt:description", en(f"The parties agreed to cooperate in {d_en} matters."))]
        if rng.random() < 0.4:
            pairs.append(("itt:articleCount", typed(str(rng.randint(3, 40)), "integer")))
            pairs.append(("itt:duration", typed(f"P{rng.choice((2, 5, 10))}Y", "duration")))
        if i and rng.random() < 0.05:
            pairs.append(("itt:restsOn", self._earlier[rng.randrange(len(self._earlier))]))
        pairs += self.provenance(doc)
        w.block(iri, pairs)
        w.stats.agreements += 1
        if len(self._earlier) < 5000:
            self._earlier.append(iri)
        if rng.random() < 0.5:
            self.event(i, iri, parties, signatures, date, label_tr, label_en, doc)

    def event(self, i: int, agreement: str, parties: list[int], signatures: list[tuple[str, str]],
              date: str, label_tr: str, label_en: str, doc: str) -> None:
        rng = self.rng
        kind, kind_tr, kind_en = EVENT_KINDS[0 if len(parties) == 2 else rng.randrange(1, 3)]
        host = parties[0]
        iri = f"event:{date}-{kind_en}-{i}"
        pairs = [("a", f"itt:{kind}"), ("rdfs:label", tr(f"{self.states[host][1]} {kind_tr} (no. {i})")),
                 ("rdfs:label", en(f"{kind_en.capitalize()} in {self.states[host][2]} (no. {i})")),
                 ("itt:date", typed(date, "date")), ("itt:atPlace", self.capitals[host]),
                 *(("itt:participant", self.states[p][0]) for p in parties),
                 *(("itt:participant", person) for _, person in signatures),
                 ("itt:outcome", agreement), ("itt:status", "status:carried-out"),
                 ("itt:description", tr(f"{label_tr} bu {kind_tr.split()[0]} sırasında imzalandı.")),
                 ("itt:description", en(f"{label_en} was signed during this {kind_en}."))]
        if rng.random() < 0.3:
            pairs.append(("itt:participant", self.organisations[rng.randrange(len(self.organisations))]))
        pairs += self.provenance(doc)
        self.w.block(iri, pairs)
        self.w.stats.events += 1

    def run(self) -> Stats:
        self._earlier: list[str] = []
        self.header()
        for i in range(self.n):
            self.agreement(i)
        return self.w.stats


def output_format(path: Path | str) -> str:
    """`nt` or `turtle`, from the file's extension."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise InputError(f"{path}: write .nt (N-Triples) or .ttl (Turtle), not {suffix or 'no extension'!r}")
    return FORMATS[suffix]


def write_synthetic(out: Path | str, agreements: int, seed: int = 1) -> Stats:
    """Write a synthetic graph of `agreements` agreements to `out` (.nt or .ttl), atomically."""
    if agreements < 1:
        raise InputError(f"the number of agreements must be 1 or more, not {agreements}")
    fmt = output_format(out)
    with atomic_path(out) as tmp, open(tmp, "w", encoding="utf-8", buffering=1 << 20) as handle:
        stats = _Generator(_Writer(handle, fmt), agreements, seed).run()
    return stats


# Triples written for some sizes (seed 1): persons and posts saturate as agreements grow, so the
# size is interpolated between these, and extended at the last slope beyond them.
MEASURED = ((1, 4470), (30, 7225), (300, 32519), (3000, 262163), (10000, 748593), (30000, 1953329))


def agreements_for(triples: int) -> int:
    """How many agreements give about `triples` triples."""
    points = MEASURED
    if triples <= points[0][1]:
        return 1
    for (n0, t0), (n1, t1) in pairwise(points):
        if triples <= t1:
            return max(1, round(n0 + (triples - t0) * (n1 - n0) / (t1 - t0)))
    (n0, t0), (n1, t1) = points[-2], points[-1]
    return round(n1 + (triples - t1) * (n1 - n0) / (t1 - t0))
