"""The map of places: points at their WGS84 coordinates over vendored Natural Earth outlines, each
linking to its page, labels in the page's language, places without coordinates listed; served and
static, in Chromium with every outside request blocked.

The invented project (tests/projects/invented-treaties) places its two invented cities at two real
GeoNames records (data/treaties.ttl): Bacakent at 41.40173 N 27.35746 E, Guikent at 40.35398 N 45.12386 E.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import httpx
import pytest

from browser import browser_page, served_folder
from conftest import REPO, paper_lines
from ittifak.portal import pages, placemap
from ittifak.portal.model import Linker, Portal
from ittifak.portal.site import write_site
from ittifak.project import Project
from portal_server import HOSTILE, running

INVENTED = Path(__file__).resolve().parent / "projects" / "invented-treaties"
# world-atlas 2.0.2 (npm), file countries-110m.json, unchanged
OUTLINES_SHA256 = "2516c915867c7baf18ddec727aec46c315541a07cfb3d79a6559b05d5e94eee8"


def test_the_outlines_are_the_vendored_natural_earth_file_decoded():
    assert hashlib.sha256(placemap.OUTLINES.read_bytes()).hexdigest() == OUTLINES_SHA256
    found = dict(placemap.countries())
    assert len(found) > 170
    turkey = [point for ring in found["Turkey"] for point in ring]
    longs, lats = [p[0] for p in turkey], [p[1] for p in turkey]
    assert 25 < min(longs) < 27 and 44 < max(longs) < 45.5 and 35.5 < min(lats) < 36.5 and 41.5 < max(lats) < 42.5


def _check_map(page, url: str, suffix: str) -> None:
    page.goto(url)
    points = page.locator("svg#placemap a.place")
    assert points.count() == 2
    assert page.locator("svg#placemap path.country").count() >= 3  # the outlines around the points
    by_name = {points.nth(i).get_attribute("data-iri").rsplit("/", 1)[1]: points.nth(i) for i in range(2)}
    west, east = by_name["bacakent-guhanuvi"], by_name["guikent-ronogu"]
    box_w, box_e = west.locator("circle").bounding_box(), east.locator("circle").bounding_box()
    assert box_w["x"] < box_e["x"] and box_w["y"] < box_e["y"]  # 27.36 E west of 45.12 E; 41.40 N north of 40.35 N
    drawn = page.locator("svg#placemap")
    assert drawn.get_by_text("Ğuıkent", exact=True).is_visible()  # Turkish first
    assert not drawn.get_by_text("Guikent", exact=True).is_visible()
    page.click("#lang-switch")
    assert drawn.get_by_text("Guikent", exact=True).is_visible()
    assert not drawn.get_by_text("Ğuıkent", exact=True).is_visible()
    unplaced = page.locator("ul.unplaced li").all_inner_texts()
    assert "Guhanuvi" in unplaced and "Guikent" not in unplaced  # a polity is a place, without coordinates
    east.locator("circle").click()
    assert page.url.endswith("/id/place/guikent-ronogu" + suffix)
    page.wait_for_load_state("load")
    assert page.locator("h1 .l-en").text_content() == "Guikent" and page.locator("h1 .l-en").is_visible()


def test_the_served_map_draws_the_points_and_links_them(tmp_path):
    with running(Project(INVENTED)) as url, browser_page(url) as (page, watch):
        _check_map(page, url + "/map", "")
        assert watch.blocked == [] and watch.errors == [] and watch.dialogs == []


def test_the_static_map_works_the_same(tmp_path):
    out = tmp_path / "site"
    write_site(Portal(Project(INVENTED)), out)
    with served_folder(out) as origin, browser_page(origin) as (page, watch):
        _check_map(page, origin + "/map.html", ".html")
        assert watch.blocked == [] and watch.errors == []


@pytest.fixture
def odd_places(tmp_path) -> Project:
    """The invented project plus a hostile place with coordinates, one out of range and one with two
    latitudes (neither can be drawn)."""
    folder = tmp_path / "odd"
    shutil.copytree(INVENTED, folder)
    label = HOSTILE.replace('"', '\\"')
    (folder / "data" / "odd.ttl").write_text(f"""
@prefix itt: <https://w3id.org/ittifak/ontology#> .
@prefix geo: <http://www.w3.org/2003/01/geo/wgs84_pos#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix place: <https://example.org/invented/id/place/> .
place:evil a itt:City ; rdfs:label "{label}"@tr , "{label}"@en ; geo:lat 40.0 ; geo:long 33.0 .
place:nowhere a itt:City ; rdfs:label "Nowhere"@en ; geo:lat 123.0 ; geo:long 33.0 .
place:twice a itt:City ; rdfs:label "Twice"@en ; geo:lat 40.0 , 41.0 ; geo:long 33.0 .
""", encoding="utf-8")
    return Project(folder)


def test_hostile_and_undrawable_places(odd_places):
    portal = Portal(odd_places)
    drawing = placemap.drawing(portal, Linker(portal.uri_space))
    assert sorted(p.iri.rsplit("/", 1)[1] for p in drawing["points"]) == ["bacakent-guhanuvi", "evil", "guikent-ronogu"]
    assert {"nowhere", "twice"} <= {iri.rsplit("/", 1)[1] for iri, _, _ in drawing["unplaced"]}
    with running(odd_places) as url, browser_page(url) as (page, watch):
        page.goto(url + "/map")
        label = page.locator("svg#placemap a.place[data-iri$='/evil'] text.l-tr")
        assert label.text_content() == HOSTILE and label.is_visible()
        assert page.locator("img").count() == 0
        assert watch.blocked == [] and watch.errors == [] and watch.dialogs == []
        assert HOSTILE not in httpx.get(url + "/map").text


def test_a_project_without_coordinates_says_so(tmp_path):
    folder = tmp_path / "bare"
    shutil.copytree(INVENTED, folder)
    path = folder / "data" / "treaties.ttl"
    path.write_text("\n".join(line for line in path.read_text(encoding="utf-8").splitlines()
                              if "geo:lat" not in line and "geo:long" not in line), encoding="utf-8")
    portal = Portal(Project(folder))
    page = pages.map_page(portal, Linker(portal.uri_space))
    assert "No place in this dataset has coordinates." in page and "placemap" not in page.split("<main>")[1]


def test_the_papers_map_draws_its_places(base, portal):
    """The paper's places with coordinates from GeoNames (data/links/geonames.ttl, one geo:lat and
    geo:long each): Baku, where the Turkish consulate general worked (paper lines 218-220), east
    of Ankara, where the Aras bridge protocol was signed (paper line 242)."""
    assert "Bakü" in paper_lines(218, 220) and "Ankara" in paper_lines(242)
    links = (REPO / "data" / "links" / "geonames.ttl").read_text(encoding="utf-8")
    with_coordinates = len(re.findall(r"^place:\S+ geo:lat ", links, re.MULTILINE))
    with browser_page(base) as (page, watch):
        page.goto(base + "/map")
        points = page.locator("svg#placemap a.place")
        assert points.count() == with_coordinates > 0
        baku = page.locator("svg#placemap a.place[href='/id/place/baku'] circle").bounding_box()
        ankara = page.locator("svg#placemap a.place[href='/id/place/ankara'] circle").bounding_box()
        assert ankara["x"] < baku["x"]
        hrefs = sorted({points.nth(i).get_attribute("href") for i in range(points.count())})
        assert all(h.startswith("/id/place/") for h in hrefs)
        assert all(httpx.get(base + h, timeout=30).status_code == 200 for h in hrefs)
        unplaced = page.locator("ul.unplaced li a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
        assert "/id/place/black-sea" in unplaced and "/id/place/baku" not in unplaced  # a body of water
        assert watch.blocked == [] and watch.errors == []
    place = portal.view(portal.iri_for("place/baku"), Linker(portal.uri_space))
    assert any(f.prop.endswith("wgs84_pos#lat") for f in place.facts)  # its page shows the coordinates


def test_labels_of_close_places_do_not_overlap(tmp_path):
    folder = tmp_path / "close"
    shutil.copytree(INVENTED, folder)
    near = "\n".join(f'place:near-{i} a itt:City ; rdfs:label "Yakın yer {i}"@tr , "Nearby place {i}"@en ; '
                     f"geo:lat {40 + i * 0.05:.2f} ; geo:long {33 + i * 0.04:.2f} ." for i in range(6))
    (folder / "data" / "near.ttl").write_text(f"""
@prefix itt: <https://w3id.org/ittifak/ontology#> .
@prefix geo: <http://www.w3.org/2003/01/geo/wgs84_pos#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix place: <https://example.org/invented/id/place/> .
{near}
""", encoding="utf-8")
    with running(Project(folder)) as url, browser_page(url) as (page, watch):
        page.goto(url + "/map")
        assert page.locator("svg#placemap a.place").count() == 8
        boxes = page.eval_on_selector_all("svg#placemap text", """els => els
            .filter(e => getComputedStyle(e).display !== 'none')
            .map(e => { const b = e.getBBox(); return [b.x, b.y, b.x + b.width, b.y + b.height]; })""")
        assert len(boxes) >= 4  # most of them labelled, Turkish labels shown
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)
        listed = page.locator("details.on-map li a").count()
        assert listed == 8  # every point, labelled or not, is listed with its link
        assert watch.blocked == [] and watch.errors == []
