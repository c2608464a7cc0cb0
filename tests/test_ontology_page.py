"""The ontology's documentation pages: titled with the ontology's own title and IRI, one page per
language, every value from the ontology escaped, checked in Chromium."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from browser import CHROMIUM, FLAGS
from conftest import LAYOUT, REPO
from ittifak.release.publish import ontology_html

HOSTILE = '<img src=x onerror="document.title=\'pwned\'"><script>document.title="pwned"</script>'


class _Headings(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inside: str | None = None
        self.found: dict[str, list[str]] = {"title": [], "h1": []}

    def handle_starttag(self, tag, attrs):
        if tag in self.found:
            self.inside = tag
            self.found[tag].append("")

    def handle_endtag(self, tag):
        self.inside = None if tag == self.inside else self.inside

    def handle_data(self, data):
        if self.inside:
            self.found[self.inside][-1] += data


def _headings(html: str) -> dict[str, list[str]]:
    parser = _Headings()
    parser.feed(html)
    return parser.found


def test_each_language_has_a_page_titled_with_the_ontologys_title():
    pages = ontology_html(LAYOUT)
    assert set(pages) == {"ontology.html", "ontology.tr.html"}
    en, tr = _headings(pages["ontology.html"]), _headings(pages["ontology.tr.html"])
    # ontology/ittifak.ttl: dcterms:title "Ittifak ontology"@en, "Ittifak ontolojisi"@tr
    assert en == {"title": ["Ittifak ontology"], "h1": ["Ittifak ontology"]}
    assert tr == {"title": ["Ittifak ontolojisi"], "h1": ["Ittifak ontolojisi"]}
    assert "https://w3id.org/ittifak/ontology" in pages["ontology.html"]
    assert "/id/conflict-type/scheme</a></dd>" not in pages["ontology.html"]  # the IRI shown is the ontology's
    # labels of the two languages stand apart, never run together ("KişiPerson")
    assert "KişiPerson" not in pages["ontology.html"] and "AktörActor" not in pages["ontology.tr.html"]
    assert ">Kişi <span" in pages["ontology.tr.html"] and ">Person <span" in pages["ontology.html"]


@pytest.fixture
def hostile_project(tmp_path) -> Path:
    project = tmp_path / "project"
    (project / "ontology").mkdir(parents=True)
    (project / "data").mkdir()
    shutil.copy(REPO / "dataset.ttl", project / "dataset.ttl")
    for path in LAYOUT.ontology_files():
        shutil.copy(path, project / "ontology" / path.name)
    with open(project / "ontology" / "ittifak.ttl", "a", encoding="utf-8") as handle:
        handle.write(f'\nitt:Agent rdfs:comment """{HOSTILE}"""@en .\n')
    return project


def test_markup_in_the_ontology_shows_as_text_and_runs_nothing(hostile_project, tmp_path):
    from ittifak.core.layout import Layout

    pages = ontology_html(Layout.find(hostile_project))
    page = tmp_path / "ontology.html"
    page.write_text(pages["ontology.html"], encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        ctx = browser.new_context()
        refused: list[str] = []
        ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
                  else (refused.append(r.request.url), r.abort()))
        pg = ctx.new_page()
        pg.goto(page.as_uri())
        pg.wait_for_timeout(300)
        title = pg.title()
        shown = pg.inner_text("#itt-Agent")
        images = pg.evaluate("document.querySelectorAll('main img, main script').length")
        browser.close()
    assert title == "Ittifak ontology"
    assert HOSTILE.replace('"', '"') in shown  # the markup is there, as text
    assert images == 0 and refused == []
