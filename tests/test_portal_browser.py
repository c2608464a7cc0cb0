"""The served pages in Chromium: both languages render and switch, every link on a page resolves,
no request leaves the site, no console error, and a hostile label stays text.

TİKA's page (data/organisations.ttl:226-235): "TİKA"@tr / "TIKA"@en, founded "1992-01-27",
read from the paper's lines 724-732 (passage paper-L724-732).
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import httpx
import pytest

from browser import browser_page
from portal_server import HOSTILE, make_hostile_project, running


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory):
    return make_hostile_project(tmp_path_factory.mktemp("hostile") / "project")


def visible_text(page, selector: str) -> str:
    return page.locator(selector).first.inner_text().strip()


def test_a_resource_page_renders_in_both_languages_and_switches(base):
    with browser_page(base) as (page, watch):
        page.goto(base + "/id/organisation/tika")
        assert visible_text(page, "h1") == "TİKA"
        assert page.get_by_text("27 Ocak 1992", exact=True).is_visible()
        assert not page.get_by_text("27 January 1992", exact=True).is_visible()
        assert page.get_by_text("satır 724–732").is_visible()
        page.click("#lang-switch")
        assert visible_text(page, "h1") == "TIKA"
        assert page.get_by_text("27 January 1992", exact=True).is_visible()
        assert page.get_by_text("lines 724–732").is_visible()
        assert not page.get_by_text("27 Ocak 1992", exact=True).is_visible()
        page.goto(base + "/id/state/turkey")  # the choice is kept across pages
        assert page.evaluate("document.documentElement.dataset.lang") == "en"
        assert watch.blocked == [] and watch.errors == [] and watch.dialogs == []


@pytest.mark.parametrize("path", ["/", "/id/organisation/tika", "/class/Agreement", "/ontology",
                                  "/sparql", "/queries"])
def test_every_link_on_a_page_resolves_and_nothing_leaves_the_site(base, path):
    with browser_page(base) as (page, watch):
        page.goto(base + path)
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        assert watch.blocked == [] and watch.errors == []
    local = sorted({h.split("#")[0] for h in hrefs if h.startswith(base)})
    assert local, "the page links nowhere"
    for href in local[:60]:
        assert httpx.get(href, timeout=30).status_code == 200, href
    outside = [h for h in hrefs if not h.startswith(base)]
    assert all(urlsplit(h).scheme in ("http", "https") for h in outside)  # no javascript: links


def test_a_named_query_page_runs_in_the_browser(base):
    with browser_page(base) as (page, watch):
        page.goto(base + "/queries/agreements?year=1992")
        assert page.locator("table.results tbody tr").count() >= 2
        page.click("table.results a[href='/id/agreement/1992-trade-economic-cooperation']")
        assert urljoin(base, "/id/agreement/1992-trade-economic-cooperation") == page.url
        assert page.get_by_text("2 Kasım 1992", exact=True).is_visible()
        assert watch.blocked == [] and watch.errors == []


def test_a_hostile_label_shows_as_text(hostile_project):
    with running(hostile_project) as url:
        raw = httpx.get(url + "/id/organisation/evil").text
        assert HOSTILE not in raw and "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in raw
        preview = httpx.get(url + "/reconcile/preview", params={"id": "organisation/evil"}).text
        assert HOSTILE not in preview
        with browser_page(url) as (page, watch):
            for path in ("/id/organisation/evil", "/id/person/someone", "/class/Organisation",
                         "/reconcile/preview?id=organisation/evil"):
                page.goto(url + path)
                assert page.locator("img").count() == 0, path
            page.goto(url + "/id/organisation/evil")
            assert visible_text(page, "h1") == HOSTILE
            assert page.get_by_text("<b>bold</b> & {{ 7*7 }}").count() == 1
            assert watch.dialogs == [] and watch.blocked == [] and watch.errors == []
