"""Content negotiation: the Accept header parsed with its q-values (RFC 9110, section 12.5.1)."""

from __future__ import annotations


def parse_accept(header: str | None) -> list[tuple[str, str, float]]:
    """(type, subtype, q) of each media range; a missing header accepts everything."""
    if not header or not header.strip():
        return [("*", "*", 1.0)]
    ranges = []
    for part in header.split(","):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if "/" not in media:
            continue
        main, sub = media.split("/", 1)
        q = 1.0
        for param in pieces[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value.strip())))
                except ValueError:
                    q = 0.0
        ranges.append((main.strip(), sub.strip(), q))
    return ranges


def quality(offer: str, ranges: list[tuple[str, str, float]]) -> float:
    """The q the client gives `offer`: that of the most specific range matching it."""
    main, sub = offer.split("/", 1)
    best, specificity = 0.0, -1
    for r_main, r_sub, q in ranges:
        if r_main == main and r_sub == sub:
            level = 2
        elif r_main == main and r_sub == "*":
            level = 1
        elif r_main == "*" and r_sub == "*":
            level = 0
        else:
            continue
        if level > specificity:
            best, specificity = q, level
    return best


def negotiate(header: str | None, offers: list[str]) -> str | None:
    """The offer the client prefers (ties go to the server's order), or None: answer 406."""
    ranges = parse_accept(header)
    scored = [(quality(offer, ranges), -i, offer) for i, offer in enumerate(offers)]
    q, _, offer = max(scored)
    return offer if q > 0 else None
