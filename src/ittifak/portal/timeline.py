"""The timeline: events, agreements, laws and decisions as spans at the precision of their dates.

A date is a span, not a point: "1992" (xsd:gYear) is the whole year, "1992-11" (xsd:gYearMonth)
the month, "1992-11-02" (xsd:date) the day. A resource with `itt:startDate`/`itt:endDate` runs
from the start of the one to the end of the other; otherwise its `itt:signedOn`, else its
`itt:date`. Where the data gives two readings of a date (a source conflict), the span covers both.

The drawing is plain SVG written by the template (no script, no inline style): one row per item,
a bar from start to end, a label in each language. Everything from the data goes through the
template's escaping.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from ittifak.core.vocab import ITT
from ittifak.portal.model import LANGS, XSD, Linker, Portal, format_date

#: The classes on the timeline, in the order of their colours (a class name is a CSS class).
KINDS = [("event", str(ITT.Event)), ("agreement", str(ITT.Agreement)),
         ("decision", str(ITT.CouncilOfMinistersDecision)), ("instrument", str(ITT.Instrument))]
_LEXICAL = {XSD + "gYear": re.compile(r"(\d{4})"), XSD + "gYearMonth": re.compile(r"(\d{4})-(\d{2})"),
            XSD + "date": re.compile(r"(\d{4})-(\d{2})-(\d{2})")}

WIDTH, ROW, TOP, LEFT, CHAR = 960, 22, 30, 10, 6.5  # pixels of the drawing


def span(value: str, datatype: str) -> tuple[date, date] | None:
    """The days a date covers, [start, end): "1992" → 1992-01-01 to 1993-01-01."""
    pattern = _LEXICAL.get(datatype)
    found = pattern.fullmatch(value.strip()) if pattern else None
    if not found:
        return None
    parts = [int(p) for p in found.groups()]
    try:
        if len(parts) == 1:
            return date(parts[0], 1, 1), date(parts[0] + 1, 1, 1)
        if len(parts) == 2:
            year, month = parts
            return date(year, month, 1), date(year + month // 12, month % 12 + 1, 1)
        start = date(*parts)
        return start, date.fromordinal(start.toordinal() + 1)
    except ValueError:  # month 13, 31 June: shown on the page as written, not on the timeline
        return None


@dataclass
class Item:
    iri: str
    href: str | None
    labels: dict[str, str]
    kind: str                      # a key of KINDS
    kind_labels: dict[str, str]
    when: dict[str, str]           # the dates as written, per language
    start: date
    end: date
    # where the drawing puts it
    x: float = 0.0
    width: float = 0.0
    y: float = 0.0
    label_x: float = 0.0
    anchor: str = "start"


DATES_QUERY = f"""SELECT ?s ?p ?o WHERE {{
  VALUES ?p {{ <{ITT.startDate}> <{ITT.endDate}> <{ITT.signedOn}> <{ITT.date}> }}
  ?s ?p ?o FILTER(isIRI(?s) && isLiteral(?o))
}}"""

Dated = tuple[str, tuple[date, date], dict[str, str]]  # as written, days covered, per language


def _all_dates(portal: Portal) -> dict[tuple[str, str], list[Dated]]:
    """(resource, property) → its dates that are real days, months or years, in one query."""
    found: dict[tuple[str, str], list[Dated]] = defaultdict(list)
    for row in portal.reader.select(DATES_QUERY):
        literal = row["o"]
        dt = literal.datatype.value
        covered = span(literal.value, dt)
        if covered:
            texts = {lang: format_date(literal.value, dt, lang) or literal.value for lang in LANGS}
            found[(row["s"].value, row["p"].value)].append((literal.value, covered, texts))
    return {key: sorted(value) for key, value in found.items()}


def items(portal: Portal, link: Linker) -> list[Item]:
    """Every dated event, agreement, law and decision of the uriSpace, sorted by start."""
    dates = _all_dates(portal)

    def _dates(iri: str, prop) -> list[Dated]:
        return dates.get((iri, str(prop)), [])

    found = []
    for iri, types in portal.types.items():
        if not portal.local_path(iri):
            continue
        classes = set().union(*(portal.ancestors(t) for t in types)) if types else set()
        kind = next((k for k, cls in KINDS if cls in classes), None)
        if kind is None:
            continue
        starts, ends = _dates(iri, ITT.startDate), _dates(iri, ITT.endDate)
        if starts:
            readings = starts + ends
            joined = {lang: " – ".join(["/".join(r[2][lang] for r in starts),
                                       "/".join(r[2][lang] for r in ends)]).rstrip(" –") for lang in LANGS}
        else:
            readings = _dates(iri, ITT.signedOn) or _dates(iri, ITT.date)
            joined = {lang: " / ".join(r[2][lang] for r in readings) for lang in LANGS}
        if not readings:
            continue
        start = min(r[1][0] for r in readings)
        end = max(r[1][1] for r in readings)
        kind_iri = next(cls for k, cls in KINDS if k == kind)
        found.append(Item(iri, link.resource(iri), portal.label(iri), kind,
                          portal.label(types[0] if len(types) == 1 else kind_iri), joined, start, end))
    found.sort(key=lambda i: (i.start, i.end, i.labels["en"].lower(), i.iri))
    return found


def layout(found: list[Item], years: tuple[int, int] | None = None) -> dict:
    """Places the items (one row each) and the year lines; returns what the template draws.

    With `years` (the dataset's temporal coverage, from dataset.ttl) the drawing covers those
    years and holds the items that overlap them; the others are in `outside` (the page lists
    them). Without it, the drawing covers every item.
    """
    if years:
        first, last = date(years[0], 1, 1), date(years[1] + 1, 1, 1)
        drawn = [i for i in found if i.end > first and i.start < last]
    else:
        drawn = found
    if not drawn:
        return {"items": [], "outside": found, "years": [], "months": [], "width": WIDTH + 2 * LEFT,
                "height": TOP, "row": ROW}
    if not years:
        first = date(min(i.start for i in drawn).year, 1, 1)
        end = max(i.end for i in drawn)
        last = date(end.year if end == date(end.year, 1, 1) else end.year + 1, 1, 1)
    scale = WIDTH / (last - first).days

    def x(day: date) -> float:
        day = min(max(day, first), last)  # a span reaching outside is drawn to the edge
        return round(LEFT + (day - first).days * scale, 1)

    for row, item in enumerate(drawn):
        item.x = x(item.start)
        item.width = max(3.0, round(x(item.end) - item.x, 1))
        item.y = TOP + row * ROW
        text = CHAR * max(len(label) for label in item.labels.values())  # about, at 11px
        if item.x + item.width + 4 + text > LEFT + WIDTH and item.x - 4 - text >= 0:
            item.label_x, item.anchor = item.x - 4, "end"  # left of the bar, where it fits there only
        else:
            item.label_x, item.anchor = item.x + item.width + 4, "start"
    year_lines = [(year, x(date(year, 1, 1))) for year in range(first.year, last.year)]
    months = [x(date(year, month, 1)) for year in range(first.year, last.year) for month in range(2, 13)] \
        if last.year - first.year <= 10 else []
    return {"items": drawn, "outside": [i for i in found if i not in drawn], "years": year_lines,
            "months": months, "width": WIDTH + 2 * LEFT, "height": TOP + len(drawn) * ROW + 8, "row": ROW}
