"""The actor network in the portal: the interactive map (ittifak.network.webmap) and the figure,
served at /network and written to network/ of the static site; the map draws in
Chromium under its own policy with nothing loaded from outside and no console error."""

from __future__ import annotations

import re

import httpx
import pytest

from browser import browser_page, served_folder
from ittifak.portal.model import Portal
from ittifak.portal.site import write_site


def _map_draws(origin: str, path: str) -> None:
    with browser_page(origin) as (page, watch):
        page.goto(origin + path)
        page.wait_for_selector("body[data-ready='true']", timeout=60_000)
        assert page.evaluate("window.ittifakReady") is True
        assert watch.blocked == [] and watch.errors == [] and watch.dialogs == []


def test_the_served_index_links_the_map_and_the_figure(base):
    page = httpx.get(base + "/network", timeout=120)
    assert page.status_code == 200
    links = sorted(set(re.findall(r'(?:href|src)="(/network/[^"]+)"', page.text)))
    assert links == ["/network/actors.html", "/network/actors.svg"]
    for href in links:
        r = httpx.get(base + href, timeout=60)
        assert r.status_code == 200 and r.content, href
    svg = httpx.get(base + "/network/actors.svg")
    assert svg.headers["content-type"] == "image/svg+xml" and b"<svg" in svg.content


def test_the_served_map_carries_its_own_policy_and_draws(base):
    r = httpx.get(base + "/network/actors.html", timeout=60)
    policy = r.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "'sha256-" in policy and "unsafe-eval" not in policy
    _map_draws(base, "/network/actors.html")


@pytest.mark.parametrize("name", ["nothing.html", "..%2Fapp.py", "%2E%2E", "actors.gexf"])
def test_only_the_written_files_are_served(base, name):
    assert httpx.get(f"{base}/network/{name}").status_code == 404


def test_the_static_site_holds_the_map(portal, tmp_path):
    out = tmp_path / "site"
    write_site(portal, out)
    assert sorted(p.name for p in (out / "network").iterdir()) == ["actors.caption.txt", "actors.html", "actors.svg"]
    index = (out / "network.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'href="([^"]+)"', index)
    assert "network/actors.html" in hrefs
    for href in hrefs:
        if not href.startswith(("http://", "https://")):
            assert (out / href.split("#")[0]).is_file(), href
    with served_folder(out) as origin:
        _map_draws(origin, "/network/actors.html")


def test_a_project_without_an_actor_network_says_so(tmp_path):
    from click.testing import CliRunner

    from ittifak.cli import main
    from ittifak.project import Project

    result = CliRunner().invoke(main, ["init", str(tmp_path / "p"), "--title", "Empty", "--from", "1920",
                                       "--to", "1925", "--base", "https://example.org/empty/"])
    assert result.exit_code == 0, result.output
    out = tmp_path / "site"
    write_site(Portal(Project(tmp_path / "p")), out)
    assert "no actor network to draw" in (out / "network.html").read_text(encoding="utf-8")
    assert not (out / "network").exists() or not any((out / "network").iterdir())
