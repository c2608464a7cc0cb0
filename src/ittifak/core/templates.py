"""Text from template files (Jinja2): web pages, starter files. Never markup in Python strings.

HTML templates are autoescaped; RDF templates write values through the `turtle` filter, which
gives an escaped Turtle literal, so no value from data can break out of its place.
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from rdflib import Literal


def turtle_literal(value: object, lang: str | None = None) -> str:
    """A value as a Turtle literal, escaped by rdflib (`"Ab\\"c"@en`)."""
    return Literal(str(value), lang=lang).n3()


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=PackageLoader("ittifak", "templates"), undefined=StrictUndefined,
                      autoescape=select_autoescape(["html", "html.j2"]), keep_trailing_newline=True)
    env.filters["turtle"] = turtle_literal
    return env


def render_template(name: str, **values: object) -> str:
    return environment().get_template(name).render(**values)
