"""The map of places with places at the poles and the antimeridian: a window of positive height
with every point inside it (a place at 89° N divided by zero, one at 90° N gave a negative height)."""

from __future__ import annotations

import pytest

from ittifak.portal.placemap import Point, window

EDGES = [[(89.0, 0.0)], [(90.0, 0.0)], [(-90.0, -180.0)], [(84.0, 179.9)], [(0.0, 180.0)],
         [(-90.0, -180.0), (90.0, 180.0)], [(85.0, 10.0), (89.5, 12.0)]]


@pytest.mark.parametrize("places", EDGES, ids=str)
def test_window_at_the_edges_of_the_world(places):
    points = [Point(f"p{i}", "#", {"tr": "a", "en": "a"}, lat, lon) for i, (lat, lon) in enumerate(places)]
    view = window(points)
    assert -180 <= view.west < view.east <= 180 and -85 <= view.south < view.north <= 85
    assert view.height > 0
    for p in points:
        x, y = view.project(p.long, max(view.south, min(p.lat, view.north)))
        assert 0 <= x <= 960 and 0 <= y <= view.height
