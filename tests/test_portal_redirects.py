"""The `.htaccess` that `ittifak site` writes: read back by a small mod_rewrite reader (only the
directives the generator writes), each Accept type sends a sample IRI to the right file of the
site, and the rules follow dataset.ttl's uriSpace, not a fixed host."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from ittifak.portal.model import Portal
from ittifak.portal.redirects import htaccess
from ittifak.portal.site import write_site
from ittifak.project import Project

TURTLE = "text/turtle"
JSONLD = "application/ld+json"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def apply(rules: str, url: str, accept: str) -> tuple[int, str] | None:
    """What the rules do with a request: (status, location), or None when the file is served as it is."""
    path = urlsplit(url).path
    base, conditions = "/", []
    for line in rules.splitlines():
        words = line.split()
        if not words or words[0].startswith("#") or words[0] == "RewriteEngine":
            continue
        if words[0] == "RewriteBase":
            base = words[1]
            continue
        if words[0] == "RewriteCond":
            assert words[1] == "%{HTTP_ACCEPT}" and words[3] == "[NC]", line
            conditions.append(words[2])
            continue
        assert words[0] == "RewriteRule" and len(words) == 4, line
        pattern, target, flags = words[1:]
        held = all(re.search(c, accept, re.IGNORECASE) for c in conditions)
        conditions = []
        assert path.startswith(base)
        found = re.search(pattern, path[len(base):])
        if held and found:
            if target == "-":
                return None
            assert flags == "[R=303,L]", line
            location = target.replace("$1", found.group(1)) if found.groups() else target
            return 303, location if "://" in location else base + location
    return None


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "site"
    write_site(Portal(), out)
    return out


@pytest.mark.parametrize("accept, file", [
    (TURTLE, "id/organisation/tika.ttl"),
    (JSONLD, "id/organisation/tika.jsonld"),
    ("application/ld+json;q=1.0, */*;q=0.1", "id/organisation/tika.jsonld"),
    (BROWSER, "id/organisation/tika.html"),
    ("", "id/organisation/tika.html"),
])
def test_each_accept_type_is_sent_to_its_file(site, accept, file):
    rules = (site / ".htaccess").read_text(encoding="utf-8")
    assert apply(rules, "https://w3id.org/ittifak/id/organisation/tika", accept) == (303, "/ittifak/" + file)
    assert (site / file).is_file()


@pytest.mark.parametrize("accept, file", [(TURTLE, "ontology.ttl"), (BROWSER, "ontology.html")])
def test_the_ontology_is_negotiated_too(site, accept, file):
    rules = (site / ".htaccess").read_text(encoding="utf-8")
    assert apply(rules, "https://w3id.org/ittifak/ontology", accept) == (303, "/ittifak/" + file)
    assert (site / file).is_file()


def test_a_file_is_served_as_it_is_so_no_redirect_loops(site):
    rules = (site / ".htaccess").read_text(encoding="utf-8")
    for file in ("id/organisation/tika.html", "id/organisation/tika.ttl", "ontology.ttl"):
        assert apply(rules, "https://w3id.org/ittifak/" + file, TURTLE) is None


def test_the_rules_come_from_the_projects_uri_space(tmp_path):
    project = Project(Path(__file__).parent / "projects" / "invented-treaties")
    rules = htaccess(project.dataset.uri_space)
    assert "RewriteBase /invented/" in rules and "w3id" not in rules
    iri = project.dataset.uri_space + "agreement/x"
    assert apply(rules, iri, TURTLE) == (303, "/invented/id/agreement/x.ttl")


def test_a_target_host_makes_the_redirects_absolute():
    rules = htaccess("https://w3id.org/ittifak/id/", "https://example.github.io/ittifak/")
    assert apply(rules, "https://w3id.org/ittifak/id/state/turkey", JSONLD) == (
        303, "https://example.github.io/ittifak/id/state/turkey.jsonld")
    with pytest.raises(ValueError):
        htaccess("https://w3id.org/ittifak/id/", "https://evil.example/ [R=302]\nRewriteRule x")
    with pytest.raises(ValueError):
        htaccess("https://w3id.org")
