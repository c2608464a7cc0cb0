"""`ittifak site`: the portal as static files, checked on disk and in Chromium over a loopback
static server (Python's http.server, as any static host would serve it).

TİKA (data/organisations.ttl:226-235): "TİKA"@tr / "TIKA"@en, altLabel "EKETİB" (paper lines
724-726), founded "1992-01-27".
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from browser import browser_page, served_folder
from ittifak.cli import main
from ittifak.portal import pages
from ittifak.portal.model import Portal
from ittifak.portal.site import VENDOR, write_site
from portal_server import HOSTILE, make_hostile_project

TIKA = URIRef("https://w3id.org/ittifak/id/organisation/tika")
MINISEARCH_SHA256 = "03c27931eb603af1d3358579e9885eafdb6a2f5fa9929557b3e77d7e99d06d03"  # 7.2.0 dist/umd/index.js


@pytest.fixture(scope="module")
def portal():
    return Portal()


@pytest.fixture(scope="module")
def site(portal, tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "site"
    write_site(portal, out)
    return out


@pytest.fixture(scope="module")
def served(site):
    with served_folder(site) as origin:
        yield origin


def test_one_page_per_resource_with_turtle_and_json_ld_beside_it(site, portal):
    page = (site / "id" / "organisation" / "tika.html").read_text(encoding="utf-8")
    assert "EKETİB" in page and "27 Ocak 1992" in page and "lines 724–732" in page
    g = Graph().parse(site / "id" / "organisation" / "tika.ttl", format="turtle")
    assert (TIKA, SKOS.altLabel, Literal("EKETİB", lang="tr")) in g
    j = Graph().parse(site / "id" / "organisation" / "tika.jsonld", format="json-ld")
    assert (TIKA, RDFS.label, Literal("TİKA", lang="tr")) in j
    pages_written = list((site / "id").rglob("*.html"))
    assert len(pages_written) == len(portal.resources())
    assert (site / "class" / "Person.html").is_file() and (site / "ontology.ttl").is_file()


def _links(page: Path) -> list[str]:
    return re.findall(r'(?:href|src)="([^"]+)"', page.read_text(encoding="utf-8"))


def test_every_relative_link_points_to_a_file_of_the_site(site):
    pages_ = [site / "index.html", site / "search.html", site / "class" / "Agreement.html",
              site / "id" / "organisation" / "tika.html", site / "id" / "agreement" / "1992-trade-economic-cooperation.html"]
    checked = 0
    for page in pages_:
        for link in _links(page):
            if link.startswith(("http://", "https://")):
                continue
            assert not link.startswith("/"), f"{page}: {link} is not relative"
            target = (page.parent / link.split("#")[0]).resolve()
            assert target.is_file(), f"{page}: {link}"
            checked += 1
    assert checked > 50


def test_the_search_index_holds_folded_names(site):
    index = json.loads((site / "search.json").read_text(encoding="utf-8"))
    tika = next(e for e in index if e["id"] == "id/organisation/tika.html")
    assert tika["tr"] == "TİKA" and "eketib" in tika["names"].split(" | ")


def test_minisearch_is_the_vendored_release():
    assert hashlib.sha256((VENDOR / "minisearch.js").read_bytes()).hexdigest() == MINISEARCH_SHA256


@pytest.mark.parametrize("typed", ["tika", "TİKA", "EKETİB", "eketib"])
def test_search_in_the_browser_is_turkish_aware(served, typed):
    with browser_page(served) as (page, watch):
        page.goto(served + "/search.html")
        page.wait_for_selector("html[data-search-ready='true']")
        page.fill("#q", typed)
        first = page.locator("#results a").first
        first.wait_for()
        assert first.inner_text().startswith("TİKA")
        first.click()
        page.wait_for_url("**/id/organisation/tika.html")
        assert page.locator("h1").first.inner_text().strip() == "TİKA"
        assert watch.blocked == [] and watch.errors == []


def test_the_site_is_replaced_whole_and_a_failed_run_keeps_the_old_one(portal, tmp_path, monkeypatch):
    out = tmp_path / "site"
    out.mkdir()
    (out / "stale.html").write_text("old", encoding="utf-8")
    write_site(portal, out)
    assert not (out / "stale.html").exists() and (out / "index.html").is_file()
    before = (out / "index.html").read_text(encoding="utf-8")

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(pages, "resource_page", broken)
    with pytest.raises(RuntimeError):
        write_site(portal, out)
    assert (out / "index.html").read_text(encoding="utf-8") == before
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no staging folder left behind


def test_the_command_writes_the_site(tmp_path):
    project = Path(__file__).parent / "projects" / "invented-treaties"
    result = CliRunner().invoke(main, ["--project", str(project), "site", "--out", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    assert "pages to" in result.output
    assert (tmp_path / "s" / "index.html").is_file() and (tmp_path / "s" / "search.json").is_file()


def test_a_hostile_label_stays_text_on_the_static_site_and_in_its_search(tmp_path):
    out = tmp_path / "site"
    write_site(Portal(make_hostile_project(tmp_path / "project")), out)
    page = (out / "id" / "organisation" / "evil.html").read_text(encoding="utf-8")
    assert HOSTILE not in page and "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    with served_folder(out) as origin, browser_page(origin) as (browser, watch):
        browser.goto(origin + "/id/organisation/evil.html")
        assert browser.locator("h1").first.inner_text().strip() == HOSTILE
        browser.goto(origin + "/search.html")
        browser.wait_for_selector("html[data-search-ready='true']")
        browser.fill("#q", "onerror")
        browser.locator("#results a").first.wait_for()
        assert browser.locator("#results a").first.inner_text().startswith(HOSTILE)
        assert browser.locator("img").count() == 0
        assert watch.dialogs == [] and watch.blocked == [] and watch.errors == []
