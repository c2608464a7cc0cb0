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

RINGS = (1.2, 4.0, 8.0, 13.0, 19.0, 26.0, 34.0, 44.0, 56.0, 70.0)  # gap between node and label, points; beyond the first, a leader line
DIRECTIONS = ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1),
              (1, 0.5), (-1, 0.5), (1, -0.5), (-1, -0.5))
EDGE_COST = 20.0  # one tie under a label costs as much as moving it six or seven rings out
LEADER_CROSSING = 0.5  # a leader line across a tie: a little clutter, much less than a tie under a label
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
    return boxes_hit(np.array([[box.x0, box.y0, box.x1, box.y1]]), segments)[0]


def boxes_hit(boxes: np.ndarray, segments: np.ndarray) -> np.ndarray:
    """For boxes (rows x0, y0, x1, y1) and segments, a boxes × segments array: which cross which."""
    if len(segments) == 0 or len(boxes) == 0:
        return np.zeros((len(boxes), len(segments)), dtype=bool)
    x1, y1, x2, y2 = (c[None, :] for c in segments.T)
    bx0, by0, bx1, by1 = (c[:, None] for c in boxes.T)
    dx, dy = x2 - x1, y2 - y1
    lo = np.zeros((len(boxes), len(segments)))
    hi = np.ones_like(lo)
    ok = np.ones(lo.shape, dtype=bool)
    for p, q in ((-dx, x1 - bx0), (dx, bx1 - x1), (-dy, y1 - by0), (dy, by1 - y1)):
        p = np.broadcast_to(p, lo.shape)
        parallel = p == 0
        ok &= ~(parallel & (q < 0))
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.where(parallel, 0.0, q / np.where(parallel, 1.0, p))
        lo = np.where((p < 0) & ~parallel, np.maximum(lo, t), lo)
        hi = np.where((p > 0) & ~parallel, np.minimum(hi, t), hi)
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
            diag = 1 / math.hypot(ux, uy)
            cx, cy = label.x + ux * d * diag, label.y + uy * d * diag
            y0 = cy if uy >= 1 else cy - h if uy <= -1 else cy - h / 2 + uy * h / 2
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


def _crossings(a: tuple[float, float], b: tuple[float, float], segments: np.ndarray) -> int:
    """How many of `segments` the segment a–b crosses (a leader line over ties)."""
    if len(segments) == 0:
        return 0
    x1, y1, x2, y2 = segments.T

    def side(px, py, qx, qy, rx, ry):
        return (qx - px) * (ry - py) - (qy - py) * (rx - px)

    d1 = side(a[0], a[1], b[0], b[1], x1, y1) * side(a[0], a[1], b[0], b[1], x2, y2)
    d2 = side(x1, y1, x2, y2, a[0], a[1]) * side(x1, y1, x2, y2, b[0], b[1])
    return int(((d1 < 0) & (d2 < 0)).sum())


def _leader_hits(node: tuple[float, float], end: tuple[float, float], box: Box) -> bool:
    """Whether the leader line node–end crosses `box` (Liang–Barsky, one segment)."""
    (x1, y1), (x2, y2) = node, end
    dx, dy = x2 - x1, y2 - y1
    lo, hi = 0.0, 1.0
    for p, q in ((-dx, x1 - box.x0), (dx, box.x1 - x1), (-dy, y1 - box.y0), (dy, box.y1 - y1)):
        if p == 0:
            if q < 0:
                return False
        elif p < 0:
            lo = max(lo, q / p)
        else:
            hi = min(hi, q / p)
    return lo <= hi


def _far_candidates(label: Label, frame: Box, circles: np.ndarray, segments: np.ndarray,
                    step: float = 4.0) -> list[tuple[float, Box, tuple[float, float]]]:
    """Every box on a grid over the frame that is clear of the nodes, nearest (and over fewest
    ties) first."""
    xs = np.arange(frame.x0, frame.x1 - label.width, step)
    ys = np.arange(frame.y0, frame.y1 - label.height, step / 2)
    gx, gy = (g.ravel() for g in np.meshgrid(xs, ys))
    grid = np.stack([gx, gy, gx + label.width, gy + label.height], axis=1)
    if len(grid) == 0:
        return []
    x, y, r = (c[None, :] for c in circles.T)
    dx = np.maximum(np.maximum(grid[:, :1] - x, 0), x - grid[:, 2:3])
    dy = np.maximum(np.maximum(grid[:, 1:2] - y, 0), y - grid[:, 3:4])
    grid = grid[~(dx * dx + dy * dy < (r + GAP / 2) ** 2).any(axis=1)]
    under = boxes_hit(grid, segments).sum(axis=1)
    out = []
    for (x0, y0, x1, y1), ties in zip(grid.tolist(), under.tolist()):
        box = Box(x0, y0, x1, y1)
        end = (min(max(label.x, x0), x1), min(max(label.y, y0), y1))
        cost = math.hypot(end[0] - label.x, end[1] - label.y) + EDGE_COST * ties
        out.append((cost, box, end))
    out.sort(key=lambda c: c[0])
    # the leader's crossings only for the cheapest few hundred: they cannot move a box much
    head = [(c + EDGE_COST * _crosses_circles((label.x, label.y), e, circles)
             + LEADER_CROSSING * _crossings((label.x, label.y), e, segments), b, e) for c, b, e in out[:300]]
    return sorted(head, key=lambda c: c[0]) + out[300:]


def place_labels(labels: Sequence[Label], nodes: Sequence[tuple[float, float, float]],
                 segments: np.ndarray, frame: Box, rounds: int = 3) -> Placement:
    """Place `labels` (most important first) clear of each other, of every node circle in
    `nodes` (x, y, r) and inside `frame`, crossing as few `segments` as they can."""
    circles = np.array(nodes, dtype=float).reshape(-1, 3)
    options = {}
    for label in labels:
        near = [c for c in _candidates(label)
                if c[1].inside(frame) and not circles_hit(c[1], circles, GAP / 2).any()]
        under = boxes_hit(np.array([[b.x0, b.y0, b.x1, b.y1] for _, b, _ in near]).reshape(-1, 4),
                          segments).sum(axis=1)
        kept = []
        for (cost, box, leader), ties in zip(near, under.tolist()):
            if leader is not None:  # a leader line over a node costs as much as a tie under the label
                cost += (EDGE_COST * _crosses_circles((label.x, label.y), leader, circles)
                         + LEADER_CROSSING * _crossings((label.x, label.y), leader, segments))
            kept.append((cost + EDGE_COST * ties, box, leader))
        kept.sort(key=lambda c: c[0])
        options[label.node] = kept
    chosen: dict = {}

    def free(label: Label, box: Box, leader, strict: bool = True) -> bool:
        for other, (obox, oleader) in chosen.items():
            if other == label.node:
                continue
            if box.overlaps(obox, GAP):
                return False
            if leader is not None and _leader_hits((label.x, label.y), leader, obox):
                return False
            if oleader is not None and _leader_hits(_centre[other], oleader, box):
                return False
            if strict and leader is not None and oleader is not None and _cross((label.x, label.y), leader,
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
        far = _far_candidates(label, frame, circles, segments)
        for strict in (True, False):  # better a leader line across another than no name
            found = next(((box, leader) for _cost, box, leader in far if free(label, box, leader, strict)), None)
            if found:
                chosen[label.node] = found
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
