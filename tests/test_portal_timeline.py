"""The timeline (`/timeline` served, `timeline.html` static): partial dates drawn as spans, in
Chromium with no console error and no request leaving the site, and hostile labels kept as text.

The trade and economic cooperation agreement of 2 November 1992 (data/agreements.ttl) is a day;
an item dated "1992" is the whole year, 366 days, so its bar is 366 times as wide (less rounding).
"""

from __future__ import annotations

from datetime import date

import pytest

from browser import browser_page, served_folder
from ittifak.portal import pages, timeline
from ittifak.portal.model import XSD, Linker, Portal
from ittifak.portal.site import write_site
from portal_server import HOSTILE, make_hostile_project, running

AGREEMENT = "https://w3id.org/ittifak/id/agreement/1992-trade-economic-cooperation"


@pytest.mark.parametrize("value, datatype, start, end", [
    ("1992", "gYear", date(1992, 1, 1), date(1993, 1, 1)),
    ("1992-11", "gYearMonth", date(1992, 11, 1), date(1992, 12, 1)),
    ("1992-12", "gYearMonth", date(1992, 12, 1), date(1993, 1, 1)),
    ("1992-11-02", "date", date(1992, 11, 2), date(1992, 11, 3)),
])
def test_a_partial_date_is_the_span_it_names(value, datatype, start, end):
    assert timeline.span(value, str(XSD) + datatype) == (start, end)


@pytest.mark.parametrize("value, datatype", [("1990-06-31", "date"), ("1992-13", "gYearMonth"), ("1992", "date"),
                                             ("x", "gYear")])
def test_an_impossible_date_is_left_off_the_drawing(value, datatype):
    assert timeline.span(value, str(XSD) + datatype) is None


def test_items_are_drawn_at_their_precision(portal):
    found = timeline.items(portal, Linker(portal.uri_space))
    drawing = timeline.layout(found, portal.dataset.years)
    assert drawing["items"] and drawing["outside"]  # 1917 … 1995 are listed, not drawn
    by_iri = {i.iri: i for i in drawing["items"]}
    day = by_iri[AGREEMENT]
    assert (day.start, day.end) == (date(1992, 11, 2), date(1992, 11, 3)) and day.kind == "agreement"
    year = next(i for i in drawing["items"] if (i.end - i.start).days == 366)  # one dated "1992"
    month = next(i for i in drawing["items"] if (i.start.day, (i.end - i.start).days) == (1, 30))
    assert year.width > 10 * month.width > 10 * 3
    kinds = {i.kind for i in found}
    assert {"event", "agreement", "decision"} <= kinds
    assert all(timeline.LEFT <= i.x <= timeline.LEFT + timeline.WIDTH for i in drawing["items"])


def _check_in_browser(origin: str, path: str, agreement_href: str) -> None:
    with browser_page(origin) as (page, watch):
        page.goto(origin + path)
        bars = page.locator("svg#timeline rect")
        assert bars.count() >= 30
        link = page.locator(f"svg#timeline a[href='{agreement_href}']")
        assert link.locator("text.l-tr").is_visible() and not link.locator("text.l-en").is_visible()
        box = link.locator("rect").bounding_box()
        assert box and box["width"] >= 3
        assert page.get_by_text("2 Kasım 1992", exact=True).first.is_visible()
        page.click("#lang-switch")
        assert link.locator("text.l-en").is_visible()
        link.locator("text.l-en").click()
        page.wait_for_load_state()
        assert page.get_by_text("2 November 1992", exact=True).first.is_visible()
        assert watch.blocked == [] and watch.errors == [] and watch.dialogs == []


def test_the_served_timeline_in_chromium(portal):
    with running(portal=portal) as url:
        _check_in_browser(url, "/timeline", "/id/agreement/1992-trade-economic-cooperation")


def test_the_static_timeline_in_chromium(portal, tmp_path):
    write_site(portal, tmp_path / "site")
    with served_folder(tmp_path / "site") as origin:
        _check_in_browser(origin, "/timeline.html", "id/agreement/1992-trade-economic-cooperation.html")


def test_a_hostile_label_stays_text_on_the_timeline(tmp_path):
    project = make_hostile_project(tmp_path / "project")
    prefixes = (project.root / "data" / "_prefixes.ttl").read_text(encoding="utf-8")
    label = HOSTILE.replace('"', '\\"')
    (project.root / "data" / "hostile-event.ttl").write_text(prefixes + f"""
event:evil a itt:Event ; rdfs:label "{label}"@tr , "{label}"@en ;
    itt:date "1921-03"^^xsd:gYearMonth .
""", encoding="utf-8")
    portal = Portal(project)
    body = pages.timeline_page(portal, Linker(portal.uri_space))
    assert HOSTILE not in body and "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in body
    with running(portal=portal) as url, browser_page(url) as (page, watch):
        page.goto(url + "/timeline")
        assert page.locator("svg#timeline text.l-tr").first.text_content() == HOSTILE
        assert page.locator("img").count() == 0
        assert watch.dialogs == [] and watch.blocked == [] and watch.errors == []
