"""Where a figure's labels go: beside their node, never over another label or node, over as few
ties as possible.

Each label gets candidate boxes around its node (eight directions, in rings further out; beyond
the first ring a leader line joins label and node). Labels are placed most important first, each
on its cheapest free candidate, then every label is placed again knowing all the others, a few
times, which undoes the greedy order's worst choices. A label with no free candidate is dropped
and reported. All lengths are points on the printed page.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

import numpy as np

RINGS = (1.2, 4.0, 8.0, 13.0, 19.0, 26.0, 34.0, 44.0, 56.0)  # gap between node and label, points; beyond the first, a leader line
DIRECTIONS = ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1))
EDGE_COST = 20.0  # one tie under a label costs as much as moving it six or seven rings out
GAP = 1.0  # clear space kept between two labels, and between a label and a node


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box, gap: float = 0.0) -> bool:
        return (self.x0 < other.x1 + gap and other.x0 < self.x1 + gap
                and self.y0 < other.y1 + gap and other.y0 < self.y1 + gap)

    def inside(self, frame: Box) -> bool:
        return self.x0 >= frame.x0 and self.y0 >= frame.y0 and self.x1 <= frame.x1 and self.y1 <= frame.y1


@dataclass(frozen=True)
class Label:
    """A label to place: its node, the node's centre and radius, the text's width and height."""

    node: Hashable
    x: float
    y: float
    r: float
    width: float
    height: float


@dataclass
class Placement:
    """Where each placed label's box is, which need a leader line, which were dropped, and how
    many (label, tie) pairs still overlap."""

    boxes: dict = field(default_factory=dict)
    leaders: dict = field(default_factory=dict)
    dropped: list = field(default_factory=list)
    edge_overlaps: int = 0


def segments_hit(box: Box, segments: np.ndarray) -> np.ndarray:
    """Which segments (rows x1, y1, x2, y2) cross or touch `box` (Liang–Barsky clipping).

    >>> segments_hit(Box(0, 0, 2, 2), np.array([[-1, 1, 3, 1], [-1, 3, 3, 3], [1, 1, 1, 1.5]])).tolist()
    [True, False, True]
    """
    if len(segments) == 0:
        return np.zeros(0, dtype=bool)
    x1, y1, x2, y2 = segments.T
    dx, dy = x2 - x1, y2 - y1
    lo = np.zeros(len(segments))
    hi = np.ones(len(segments))
    ok = np.ones(len(segments), dtype=bool)
    for p, q in ((-dx, x1 - box.x0), (dx, box.x1 - x1), (-dy, y1 - box.y0), (dy, box.y1 - y1)):
        parallel = p == 0
        ok &= ~(parallel & (q < 0))
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.where(parallel, 0.0, q / np.where(parallel, 1.0, p))
        entering = (p < 0) & ~parallel
        leaving = (p > 0) & ~parallel
        lo = np.where(entering, np.maximum(lo, t), lo)
        hi = np.where(leaving, np.minimum(hi, t), hi)
    return ok & (lo <= hi)


def circles_hit(box: Box, circles: np.ndarray, gap: float = 0.0) -> np.ndarray:
    """Which circles (rows x, y, r) come within `gap` of `box`."""
    x, y, r = circles.T
    dx = np.maximum(np.maximum(box.x0 - x, 0), x - box.x1)
    dy = np.maximum(np.maximum(box.y0 - y, 0), y - box.y1)
    return dx * dx + dy * dy < (r + gap) ** 2


def _crosses_circles(start: tuple[float, float], end: tuple[float, float], circles: np.ndarray) -> int:
    """How many other nodes' circles a leader line from a node's centre to `end` runs over."""
    (sx, sy), (ex, ey) = start, end
    x, y, r = circles.T
    dx, dy = ex - sx, ey - sy
    t = np.clip(((x - sx) * dx + (y - sy) * dy) / max(dx * dx + dy * dy, 1e-9), 0, 1)
    dist = np.hypot(sx + t * dx - x, sy + t * dy - y)
    mine = np.hypot(x - sx, y - sy) < 1e-6
    return int(((dist < r + 0.3) & ~mine).sum())


def _candidates(label: Label) -> list[tuple[float, Box, tuple[float, float] | None]]:
    """(cost, box, leader end or None) for every position around the label's node."""
    out = []
    w, h = label.width, label.height
    for ring, gap in enumerate(RINGS):
        d = label.r + gap
        for rank, (ux, uy) in enumerate(DIRECTIONS):
            diag = 0.7071 if ux and uy else 1.0
            cx, cy = label.x + ux * d * diag, label.y + uy * d * diag
            y0 = cy if uy > 0 else cy - h if uy < 0 else cy - h / 2
            # above or below, the box may also start or end at the node (near a frame's edge)
            starts = [cx if ux > 0 else cx - w if ux < 0 else cx - w / 2]
            if ux == 0:
                starts += [cx - label.r, cx + label.r - w]
            for slide, x0 in enumerate(starts):
                box = Box(x0, y0, x0 + w, y0 + h)
                leader = None
                if ring:  # the point of the box nearest the node
                    leader = (min(max(label.x, box.x0), box.x1), min(max(label.y, box.y0), box.y1))
                out.append((3.0 * ring + 0.15 * rank + 0.5 * slide, box, leader))
    return out


def _cross(a, b, c, d) -> bool:
    """Whether segments a–b and c–d cross (two leader lines)."""
    def side(p, q, r) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    return side(a, b, c) * side(a, b, d) < 0 and side(c, d, a) * side(c, d, b) < 0


def _leader_hits(node: tuple[float, float], end: tuple[float, float], box: Box) -> bool:
    return bool(segments_hit(box, np.array([[*node, *end]]))[0])


def _far_candidates(label: Label, frame: Box, circles: np.ndarray, segments: np.ndarray,
                    step: float = 4.0) -> list[tuple[float, Box, tuple[float, float]]]:
    """Every free box on a grid over the frame, nearest (and over fewest ties) first."""
    out = []
    for x0 in np.arange(frame.x0, frame.x1 - label.width, step):
        for y0 in np.arange(frame.y0, frame.y1 - label.height, step / 2):
            box = Box(float(x0), float(y0), float(x0) + label.width, float(y0) + label.height)
            if circles_hit(box, circles, GAP / 2).any():
                continue
            end = (min(max(label.x, box.x0), box.x1), min(max(label.y, box.y0), box.y1))
            cost = (math.hypot(end[0] - label.x, end[1] - label.y)
                    + EDGE_COST * (int(segments_hit(box, segments).sum())
                                   + _crosses_circles((label.x, label.y), end, circles)))
            out.append((cost, box, end))
    out.sort(key=lambda c: c[0])
    return out


def place_labels(labels: Sequence[Label], nodes: Sequence[tuple[float, float, float]],
                 segments: np.ndarray, frame: Box, rounds: int = 3) -> Placement:
    """Place `labels` (most important first) clear of each other, of every node circle in
    `nodes` (x, y, r) and inside `frame`, crossing as few `segments` as they can."""
    circles = np.array(nodes, dtype=float).reshape(-1, 3)
    options = {}
    for label in labels:
        kept = []
        for cost, box, leader in _candidates(label):
            if not box.inside(frame) or circles_hit(box, circles, GAP / 2).any():
                continue
            if leader is not None:  # a leader line over another node costs as much as a tie
                cost += EDGE_COST * _crosses_circles((label.x, label.y), leader, circles)
            kept.append((cost + EDGE_COST * int(segments_hit(box, segments).sum()), box, leader))
        kept.sort(key=lambda c: c[0])
        options[label.node] = kept
    chosen: dict = {}

    def free(label: Label, box: Box, leader) -> bool:
        for other, (obox, oleader) in chosen.items():
            if other == label.node:
                continue
            if box.overlaps(obox, GAP):
                return False
            if leader is not None and _leader_hits((label.x, label.y), leader, obox):
                return False
            if oleader is not None and _leader_hits(_centre[other], oleader, box):
                return False
            if leader is not None and oleader is not None and _cross((label.x, label.y), leader,
                                                                     _centre[other], oleader):
                return False
        return True

    _centre = {label.node: (label.x, label.y) for label in labels}
    for _ in range(rounds):
        moved = False
        for label in labels:
            before = chosen.pop(label.node, None)
            for _cost, box, leader in options[label.node]:
                if free(label, box, leader):
                    chosen[label.node] = (box, leader)
                    break
            moved |= chosen.get(label.node) != before
        if not moved:
            break
    for label in labels:  # no room nearby: the nearest free place anywhere, with a leader line
        if label.node in chosen:
            continue
        for _cost, box, leader in _far_candidates(label, frame, circles, segments):
            if free(label, box, leader):
                chosen[label.node] = (box, leader)
                break
    result = Placement()
    for label in labels:
        if label.node in chosen:
            box, leader = chosen[label.node]
            result.boxes[label.node] = box
            if leader is not None:
                result.leaders[label.node] = leader
            result.edge_overlaps += int(segments_hit(box, segments).sum())
        else:
            result.dropped.append(label.node)
    return result
