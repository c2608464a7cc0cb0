"""The `.htaccess` of the static site: w3id.org-style redirects from the dataset's IRIs to files.

The rules are generated from dataset.ttl's `void:uriSpace`, never written by hand. For the
uriSpace `https://w3id.org/ittifak/id/` they answer, in the folder `/ittifak/` of the host,
`/ittifak/id/{path}` with a 303 to `id/{path}.ttl` when Accept names Turtle, `id/{path}.jsonld`
when it names JSON-LD, and `id/{path}.html` otherwise; `/ittifak/ontology` likewise. The Accept
header is matched as text, in that order (mod_rewrite cannot weigh q-values), and a request for
a file (`.html`, `.ttl`, `.jsonld`) is left alone. `target` is where the site lives when it is
not beside the rules (w3id.org's own repository redirects to another host): an absolute URL.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

#: (Accept pattern as mod_rewrite matches it, file extension), tried in order; HTML is the default.
ACCEPT_RULES = [(r"text/turtle", "ttl"), (r"application/ld\+json", "jsonld")]
EXTENSIONS = ("html", "ttl", "jsonld")


def rewrite_base(uri_space: str) -> tuple[str, str]:
    """(RewriteBase, the uriSpace's last segment): `https://w3id.org/ittifak/id/` → ("/ittifak/", "id")."""
    path = urlsplit(uri_space).path
    if not path.endswith("/") or path == "/":
        raise ValueError(f"the uriSpace {uri_space!r} must end with a folder: https://host/folder/")
    parent, _, segment = path.rstrip("/").rpartition("/")
    return parent + "/", segment


def htaccess(uri_space: str, target: str = "") -> str:
    """The Apache mod_rewrite rules for the uriSpace; `target` ("" or an absolute URL ending in /)."""
    base, segment = rewrite_base(uri_space)
    if target and not re.fullmatch(r"https?://[^\s\"'<>]+/", target):
        raise ValueError(f"the target {target!r} must be an absolute http(s) URL ending with /")
    ids = f"^{re.escape(segment)}/(.+)$"
    lines = [
        f"# Written by `ittifak site` from dataset.ttl's void:uriSpace <{uri_space}>.",
        "# Each IRI answers 303 to its page, Turtle or JSON-LD as the Accept header asks.",
        "RewriteEngine on",
        f"RewriteBase {base}",
        f"RewriteRule ^{re.escape(segment)}/.+\\.({'|'.join(EXTENSIONS)})$ - [L]",
        "RewriteRule ^ontology\\.(html|ttl)$ - [L]",
    ]
    for pattern, ext in ACCEPT_RULES:
        lines += [f"RewriteCond %{{HTTP_ACCEPT}} {pattern} [NC]",
                  f"RewriteRule {ids} {target}id/$1.{ext} [R=303,L]"]
    lines.append(f"RewriteRule {ids} {target}id/$1.html [R=303,L]")
    lines += ["RewriteCond %{HTTP_ACCEPT} text/turtle [NC]",
              f"RewriteRule ^ontology$ {target}ontology.ttl [R=303,L]",
              f"RewriteRule ^ontology$ {target}ontology.html [R=303,L]"]
    return "\n".join(lines) + "\n"
