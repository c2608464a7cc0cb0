"""The ontology's page in the portal is the release's page (one renderer, one template), one per
language, titled with the ontology's own title and IRI; checked served, static and in Chromium."""

from __future__ import annotations

import re

import httpx

from browser import browser_page
from conftest import LAYOUT
from ittifak.portal import pages
from ittifak.portal.model import Linker
from ittifak.release.publish import ontology_html

# ontology/ittifak.ttl: dcterms:title "Ittifak ontology"@en, "Ittifak ontolojisi"@tr
TITLES = {"ontology.html": "Ittifak ontology", "ontology.tr.html": "Ittifak ontolojisi"}
IRI = "https://w3id.org/ittifak/ontology"


def _main(page: str) -> str:
    return re.search(r"<main>.*</main>", page, re.DOTALL).group(0)


def test_the_portal_and_the_release_render_the_same_pages(portal):
    release = ontology_html(LAYOUT)
    for static in (False, True):
        ours = pages.ontology_pages(portal, Linker(portal.uri_space, static=static), static=static)
        assert set(ours) == set(release) == set(TITLES)
        for name, page in ours.items():
            assert _main(page) == _main(release[name])
            assert f"<title>{TITLES[name]}</title>" in page and f"<h1>{TITLES[name]}</h1>" in page
            assert f'<a href="{IRI}">{IRI}</a>' in page


def test_the_served_ontology_negotiates_language_and_format(base):
    assert "<h1>Ittifak ontology</h1>" in httpx.get(base + "/ontology").text
    turkish = httpx.get(base + "/ontology", headers={"Accept-Language": "tr-TR,tr;q=0.9,en;q=0.5"})
    assert "<h1>Ittifak ontolojisi</h1>" in turkish.text and turkish.headers["content-language"] == "tr"
    assert "Accept-Language" in turkish.headers["vary"]
    assert "<h1>Ittifak ontolojisi</h1>" in httpx.get(base + "/ontology.tr.html").text
    assert httpx.get(base + "/ontology.ttl").headers["content-type"].startswith("text/turtle")
    assert httpx.get(base + "/ontology", headers={"Accept": "text/turtle"}).text == \
        httpx.get(base + "/ontology.ttl").text


def test_the_ontology_page_in_chromium(base):
    with browser_page(base) as (page, watch):
        page.goto(base + "/id/organisation/tika")
        page.click(".types a >> nth=0")  # the class of TİKA, on the ontology's page
        anchor = page.url.split("#", 1)[1]
        assert page.locator(f"[id='{anchor}']").count() == 1 and page.title() == "Ittifak ontology"
        assert page.locator(f"[id='{anchor}'] h3").inner_text().startswith("Public agency") or \
            page.locator(f"[id='{anchor}'] .curie").inner_text() == anchor.replace("-", ":", 1)
        page.click("text=Türkçe")
        assert page.title() == "Ittifak ontolojisi"
        labels = page.locator("section.term h3").all_inner_texts()
        assert any(t.startswith("Kişi ") for t in labels)  # labels per language, never run together
        assert not any("KişiPerson" in t for t in labels)
        page.click("header nav a >> nth=0")  # back to the portal's home
        assert page.url == base + "/"
        assert watch.blocked == [] and watch.errors == []
