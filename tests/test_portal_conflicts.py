"""Source conflicts on resource pages, beside the fact they concern: served and static, both
languages, in Chromium.

The paper writes that Turkey and the USSR signed their cultural and scientific exchange agreement
on "31 Haziran 1990" (paper lines 849-851), a day that does not exist; data/conflicts.ttl records
it as conflict:exchange-agreement-impossible-date about that agreement's itt:signedOn, with two
readings, the second (June 1990) adopted.
"""

from __future__ import annotations

import httpx
import pytest

from browser import browser_page, served_folder
from conftest import paper_lines
from ittifak.portal.model import Linker, Portal
from ittifak.portal.site import write_site
from portal_server import HOSTILE, running

AGREEMENT = "/id/agreement/1990-turkey-ussr-cultural-scientific-exchange"
CONFLICT = "exchange-agreement-impossible-date"


def _check_paper_conflict(page, url: str) -> None:
    page.goto(url)
    box = page.locator("aside.conflict", has=page.locator(f"a[href$='conflict/{CONFLICT}'], "
                                                          f"a[href$='conflict/{CONFLICT}.html']"))
    assert box.count() == 1
    readings = box.locator("li.reading")
    assert readings.count() == 2
    assert "31 Haziran 1990" in readings.nth(0).inner_text()  # the reading as the paper writes it
    assert box.get_by_text("satır 849–851").first.is_visible()  # its passage, in Turkish by default
    page.click("#lang-switch")
    assert box.get_by_text("lines 849–851").first.is_visible()
    assert box.get_by_text("Reading 1: 31 June 1990").is_visible()
    href = box.locator("li.reading a").first.get_attribute("href")
    assert "passage/paper-L849-851" in href


def test_the_paper_conflict_shows_with_its_readings_and_passages(base):
    assert "31 Haziran 1990" in paper_lines(849, 851)
    with browser_page(base) as (page, watch):
        _check_paper_conflict(page, base + AGREEMENT)
        assert watch.blocked == [] and watch.errors == []
        # data/conflicts.ttl names itt:signedOn as the disputed property and reading 2 as adopted:
        # the conflict stands in the "signed on" row, and reading 2 is marked
        row = page.locator("table.facts tr.disputed")
        assert row.locator("th").inner_text() == "signed on"
        assert row.locator("aside.conflict").count() == 1
        assert "June 1990" in row.locator("li.reading.adopted").inner_text()
        assert page.locator("div.conflicts").count() == 0


def test_the_static_site_shows_it_too(portal, tmp_path):
    out = tmp_path / "site"
    write_site(portal, out)
    with served_folder(out) as origin, browser_page(origin) as (page, watch):
        _check_paper_conflict(page, origin + AGREEMENT + ".html")
        page.click("aside.conflict li.reading a >> nth=0")
        assert page.url.endswith("passage/paper-L849-851.html")
        assert watch.blocked == [] and watch.errors == []


@pytest.fixture
def disputed_project(tmp_path):
    """A project whose conflict names the property it disputes, with a hostile reading."""
    from click.testing import CliRunner

    from ittifak.cli import main
    from ittifak.project import Project

    folder = tmp_path / "p"
    result = CliRunner().invoke(main, ["init", str(folder), "--title", "Disputes", "--from", "1920", "--to", "1925",
                                       "--base", "https://example.org/d/"])
    assert result.exit_code == 0, result.output
    prefixes = (folder / "data" / "_prefixes.ttl").read_text(encoding="utf-8")
    hostile = HOSTILE.replace('"', '\\"')
    (folder / "data" / "d.ttl").write_text(prefixes + f"""
@prefix c: <https://example.org/d/conflict/> .
@prefix pa: <https://example.org/d/passage/> .
agreement:a a itt:Agreement ; rdfs:label "Anlaşma A"@tr , "Agreement A"@en ;
    itt:signedOn "1921-03-16"^^xsd:date ; itt:description "A treaty."@en .
pa:L5-6 a itt:Passage ; itt:lineStart 5 ; itt:lineEnd 6 .
c:date a itt:SourceConflict ; rdfs:label "İmza tarihi"@tr , "Date of signing"@en ;
    itt:conflictAbout agreement:a ; itt:disputedProperty itt:signedOn ;
    itt:hasReading c:date--1 , c:date--2 .
c:date--1 a itt:Reading ; rdfs:label "Okuma 1"@tr , "Reading 1"@en ; itt:readingValue "16 Mart 1921" ;
    itt:statedIn pa:L5-6 .
c:date--2 a itt:Reading ; rdfs:label "Okuma 2"@tr , "Reading 2"@en ; itt:readingValue "{hostile}" ;
    itt:statedIn pa:L5-6 .
""", encoding="utf-8")
    return Project(folder)


def test_a_conflict_that_names_its_property_stands_beside_that_fact(disputed_project):
    with running(disputed_project) as url, browser_page(url) as (page, watch):
        page.goto(url + "/id/agreement/a")
        row = page.locator("table.facts tr.disputed")
        assert row.count() == 1
        assert "16 Mart 1921" in row.inner_text() and "Okuma 1" in row.inner_text()
        assert row.locator("th").inner_text() == "imza tarihi"  # itt:signedOn's Turkish label
        assert page.locator("div.conflicts").count() == 0
        assert HOSTILE in row.inner_text()  # shown as text, run as nothing
        assert page.locator("img").count() == 0
        assert watch.blocked == [] and watch.errors == [] and watch.dialogs == []
        raw = httpx.get(url + "/id/agreement/a").text
        assert HOSTILE not in raw
    portal = Portal(disputed_project)
    view = portal.view(portal.iri_for("agreement/a"), Linker(portal.uri_space))
    assert [c.props for f in view.facts for c in f.conflicts] == [["https://w3id.org/ittifak/ontology#signedOn"]]
