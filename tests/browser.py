"""Chromium (Debian's, through Playwright) confined to one origin: every other request is
aborted and recorded, and console errors and uncaught exceptions are collected."""

from __future__ import annotations

import functools
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

import pytest

from loopback import serving

CHROMIUM = "/usr/bin/chromium"  # Debian's; never `playwright install`
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


@dataclass
class Watch:
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@contextmanager
def served_folder(folder: Path | str):
    """A static site served on 127.0.0.1 as any static host would; yields its origin."""
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *a: None
    with serving(handler) as server:
        yield f"http://127.0.0.1:{server.server_address[1]}"


@contextmanager
def browser_page(origin: str):
    """A page that may load only from `origin`; yields (page, watch)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    watch = Watch()
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        try:
            context = browser.new_context(viewport={"width": 1000, "height": 800})

            def route(rt):
                if rt.request.url.startswith(origin + "/"):
                    rt.continue_()
                else:
                    watch.blocked.append(rt.request.url)
                    rt.abort()

            context.route("**/*", route)
            page = context.new_page()
            page.on("console", lambda m: watch.errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: watch.errors.append(str(e)))

            def dialog(d):
                watch.dialogs.append(d.message)
                d.dismiss()

            page.on("dialog", dialog)
            yield page, watch
        finally:
            browser.close()
