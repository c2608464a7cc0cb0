"""The map of places: every resource with WGS84 coordinates (geo:lat, geo:long) as a point over
country outlines, drawn as plain SVG by the template (no script, no tile server).

The outlines are Natural Earth's 1:110m countries as TopoJSON, vendored unchanged from the npm
package world-atlas 2.0.2 (src/ittifak/vendor/world-atlas-countries-110m.json; ISC licence,
Natural Earth itself is in the public domain). This module decodes the topology, keeps the
countries that reach into the window around the points and projects them equirectangularly,
the longitude scaled by the cosine of the window's middle latitude so shapes keep their look.
Places without coordinates are listed under the map.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ittifak.core.text import match_key
from ittifak.core.vocab import ITT
from ittifak.portal.model import Linker, Portal

OUTLINES = Path(__file__).parent.parent / "vendor" / "world-atlas-countries-110m.json"
WIDTH = 960          # pixels of the drawing's width; its height follows the window
MARGIN = 0.15        # of the points' extent, added on each side
MIN_SPAN = 8.0       # degrees: a window never narrower (one point, or points close together)

Ring = list[tuple[float, float]]  # (longitude, latitude)


@lru_cache(maxsize=1)
def countries() -> list[tuple[str, list[Ring]]]:
    """(name, rings) of every country of the vendored topology, arcs decoded and dequantized."""
    topology = json.loads(OUTLINES.read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:  # delta-encoded, quantized
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indexes: list[int]) -> Ring:
        out: Ring = []
        for i in indexes:
            points = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(points[1:] if out else points)  # each arc starts where the last ended
        return out

    found = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = geometry.get("arcs") or []
        if geometry.get("type") == "Polygon":
            polygons = [polygons]
        rings = [ring(r) for polygon in polygons for r in polygon]
        found.append((geometry.get("properties", {}).get("name", ""), rings))
    return found


@dataclass
class Point:
    iri: str
    href: str | None
    labels: dict[str, str]
    lat: float
    long: float
    x: float = 0.0
    y: float = 0.0
    label_x: float = 0.0
    label_y: float = 0.0
    anchor: str = "start"
    labelled: bool = True   # False when no place beside the point was free (its title still names it)


@dataclass
class Window:
    """The part of the world drawn: longitudes west..east, latitudes south..north."""

    west: float
    east: float
    south: float
    north: float

    @property
    def aspect(self) -> float:
        return math.cos(math.radians((self.south + self.north) / 2))

    @property
    def height(self) -> float:
        return round(WIDTH * (self.north - self.south) / ((self.east - self.west) * self.aspect), 1)

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        x = (lon - self.west) / (self.east - self.west) * WIDTH
        y = (self.north - lat) / (self.north - self.south) * self.height
        return round(x, 1), round(y, 1)

    def touches(self, rings: list[Ring]) -> bool:
        return any(self.west <= lon <= self.east and self.south <= lat <= self.north
                   for r in rings for lon, lat in r) or any(
            min(lon for lon, _ in r) <= self.west and max(lon for lon, _ in r) >= self.east and
            min(lat for _, lat in r) <= self.south and max(lat for _, lat in r) >= self.north for r in rings)


def window(points: list[Point]) -> Window:
    """The window around the points, with a margin, at least MIN_SPAN degrees each way."""
    lats, longs = [p.lat for p in points], [p.long for p in points]

    def spread(low: float, high: float, limit: float) -> tuple[float, float]:
        # the points' extent within the limits, widened, then slid (not cut) to fit inside them: a
        # place at 89° N or 180° E gets a whole window, not an empty or inverted one
        low, high = max(-limit, min(low, limit)), max(-limit, min(high, limit))
        span = max(high - low, MIN_SPAN / (1 + 2 * MARGIN))
        middle = (low + high) / 2
        half = min(span * (1 + 2 * MARGIN) / 2, limit)
        start, end = middle - half, middle + half
        if start < -limit:
            start, end = -limit, end + (-limit - start)
        if end > limit:
            start, end = start - (end - limit), limit
        return max(-limit, start), end

    west, east = spread(min(longs), max(longs), 180)
    south, north = spread(min(lats), max(lats), 85)
    return Window(west, east, south, north)


def _path(rings: list[Ring], view: Window) -> str:
    """An SVG path of the rings; a step across the antimeridian starts a new line, not a stroke."""
    parts = []
    for r in rings:
        last = None
        for lon, lat in r:
            x, y = view.project(lon, lat)
            jump = last is None or abs(lon - last) > 180
            parts.append(f"{'M' if jump else 'L'}{x:g},{y:g}")
            last = lon
        parts.append("Z")
    return "".join(parts)


CHAR, LINE = 7.0, 14.0  # pixels of a character and a line of the 12px labels, about
RADIUS = 5.0            # pixels of a point (the template's circle)


def place_labels(points: list[Point], height: float) -> None:
    """Put each label right, left, above or below its point, the first that covers no point and
    no label placed before it and stays in the drawing; a point with none free stays unlabelled."""
    taken = [(p.x - RADIUS, p.y - RADIUS, p.x + RADIUS, p.y + RADIUS) for p in points]
    for p in sorted(points, key=lambda q: (q.y, q.x)):
        width = CHAR * max(len(text) for text in p.labels.values())
        for dx, dy, anchor in ((8, 4, "start"), (-8, 4, "end"), (0, -9, "middle"), (0, 18, "middle")):
            x, y = p.x + dx, p.y + dy
            left = {"start": x, "end": x - width, "middle": x - width / 2}[anchor]
            box = (left, y - LINE + 3, left + width, y + 3)
            inside = box[0] >= 0 and box[2] <= WIDTH and box[1] >= 0 and box[3] <= height
            if inside and not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in taken):
                p.label_x, p.label_y, p.anchor = round(x, 1), round(y, 1), anchor
                taken.append(box)
                break
        else:
            p.labelled = False


def drawing(portal: Portal, link: Linker) -> dict:
    """What the template draws: the points, the outlines in their window, the places without
    coordinates; an empty drawing when nothing has coordinates."""
    points = []
    for iri, (lat, long) in portal.coordinates.items():
        if portal.local_path(iri):
            points.append(Point(iri, link.resource(iri), portal.label(iri), lat, long))
    points.sort(key=lambda p: (match_key(p.labels["tr"]), p.iri))
    place = str(ITT.Place)
    unplaced = sorted(((iri, link.resource(iri), portal.label(iri)) for iri in portal.types
                       if portal.local_path(iri) and iri not in portal.coordinates and portal.is_a(iri, place)),
                      key=lambda x: (match_key(x[2]["tr"]), x[0]))
    if not points:
        return {"points": [], "outlines": [], "unplaced": unplaced, "width": WIDTH, "height": 0}
    view = window(points)
    for p in points:  # a place beyond 85° (the window's limit) drawn at the window's edge
        p.x, p.y = view.project(p.long, max(view.south, min(p.lat, view.north)))
    place_labels(points, view.height)
    outlines = [(name, _path(rings, view)) for name, rings in countries() if view.touches(rings)]
    return {"points": points, "outlines": outlines, "unplaced": unplaced, "width": WIDTH,
            "height": view.height, "window": view, "radius": RADIUS}
