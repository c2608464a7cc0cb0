"""Where a figure's labels go: never over a tie, another label or a node; beside their node when
there is room, else joined to it by a leader line.

The frame is cut into a grid of CELL-point squares, and every square a tie or a node (with a
small clearance) touches is marked, once per figure, erring on the side of marking. Summed-area
tables of the marks, with the squares under the labels and leader lines placed so far, tell in
one numpy step which boxes of a label's size are clear, over a window around its node (30, then
90 points, then the whole frame, only as long as further could be cheaper). A clear box costs
its gap from the node, a little more when it is not level with the node, and LEADER_COST more
when it is too far off to go without a leader line (drawn from the node to the box's nearest
point). A leader line never crosses a label or (while there is another way) a node; it costs
for each point it runs over a tie and for each leader line it crosses. Labels are placed most
important first, each on its cheapest clear box; then those with a leader line are placed once
more, knowing all the others. Only when no box clear of ties is left anywhere does a label go
over ties, as few as it can (counted in `Placement.edge_overlaps`); a label with no place clear
of nodes and labels is dropped and reported. A label that went over a tie or was dropped starts
the next round first, before the labels that walled it in, and the best round is kept. All
lengths are points on the printed page.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

import numpy as np

CELL = 1.0  # grid step, points
GAP = 1.0  # clear space kept between two labels, and between a label and a node
NEAR = 2.5  # a box at most this far from its node's circle needs no leader line
LEADER_COST = 4.0  # a leader line costs as much as moving the label four points further out
LEVEL = 0.3  # per point between a box's middle and its node's height: side by side reads best
LEADER_ALONG = 0.5  # per point of a leader line over a tie: crossing one costs little, running along one much
CROSSED_LEADER = 30.0  # two leader lines crossing, in points of distance
EDGE_COST = 20.0  # last resort only: one tie under a label, in points of distance
CHUNK = 256  # candidates checked against the placed labels at once
_NODE = 1 << 24  # a node's mark in the grid; a tie's is 1


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
    boxes, segments = np.asarray(boxes, dtype=float), np.asarray(segments, dtype=float)
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


def _crossing(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """For segments `a` (n × 4) and `b` (m × 4), n × m: which cross properly (not at an end)."""
    if len(a) == 0 or len(b) == 0:
        return np.zeros((len(a), len(b)), dtype=bool)
    ax1, ay1, ax2, ay2 = (c[:, None] for c in a.T)
    bx1, by1, bx2, by2 = (c[None, :] for c in b.T)

    def side(px, py, qx, qy, rx, ry):
        return (qx - px) * (ry - py) - (qy - py) * (rx - px)

    d1 = side(ax1, ay1, ax2, ay2, bx1, by1) * side(ax1, ay1, ax2, ay2, bx2, by2)
    d2 = side(bx1, by1, bx2, by2, ax1, ay1) * side(bx1, by1, bx2, by2, ax2, ay2)
    return (d1 < 0) & (d2 < 0)


def _near_circles(lines: np.ndarray, circles: np.ndarray, clearance: float = 0.3) -> np.ndarray:
    """lines × circles: which lines (x1, y1, x2, y2) come within `clearance` of a circle (x, y, r)."""
    sx, sy, ex, ey = (c[:, None] for c in lines.T)
    x, y, r = (c[None, :] for c in circles.T)
    dx, dy = ex - sx, ey - sy
    t = np.clip(((x - sx) * dx + (y - sy) * dy) / np.maximum(dx * dx + dy * dy, 1e-9), 0, 1)
    return np.hypot(sx + t * dx - x, sy + t * dy - y) < r + clearance



def _windows(table: np.ndarray, kw: int, kh: int) -> np.ndarray:
    """From a summed-area table, the sum of every kw × kh window."""
    return table[kh:, kw:] - table[:-kh, kw:] - table[kh:, :-kw] + table[:-kh, :-kw]


def _sample(lines: np.ndarray, step: float) -> tuple[np.ndarray, np.ndarray]:
    """Points at most `step` apart along each line (rows x1, y1, x2, y2), ends included."""
    x1, y1, x2, y2 = lines.T
    steps = np.ceil(np.hypot(x2 - x1, y2 - y1) / step).astype(int) + 1
    which = np.repeat(np.arange(len(lines)), steps)
    t = (np.arange(len(which)) - np.repeat(np.cumsum(steps) - steps, steps)) / np.maximum(steps - 1, 1)[which]
    return x1[which] + t * (x2 - x1)[which], y1[which] + t * (y2 - y1)[which]


class _Grid:
    """The frame in CELL-point squares. Each square a tie touches is marked 1 and each that comes
    within GAP/2 of a node _NODE, kept as a summed-area table (`fixed`); `taken` counts the
    placed labels (with GAP around them) and leader lines over each square. The marks err on the
    side of marking: a box whose squares are all unmarked is clear of every tie, node, label and
    leader line."""

    def __init__(self, frame: Box, circles: np.ndarray, segments: np.ndarray) -> None:
        self.frame = frame
        self.nx = max(math.ceil((frame.x1 - frame.x0) / CELL - 1e-9), 0) + 1  # one spare column and row
        self.ny = max(math.ceil((frame.y1 - frame.y0) / CELL - 1e-9), 0) + 1
        self.ties = np.zeros((self.ny, self.nx), dtype=bool)
        if len(segments):
            part, mask = self._along(segments)
            self.ties[part] = mask
        fixed = self.ties.astype(np.int64) + _NODE * self._nodes(circles)
        self.fixed = np.zeros((self.ny + 1, self.nx + 1), dtype=np.int64)  # summed-area table
        np.cumsum(np.cumsum(fixed, axis=0), axis=1, out=self.fixed[1:, 1:])
        self.taken = np.zeros((self.ny, self.nx), dtype=np.int32)

    def _along(self, lines: np.ndarray) -> tuple[tuple[slice, slice], np.ndarray]:
        """The squares within one square of a point every half square along `lines`: every
        square a line passes through, and its neighbours; as a part of the grid and a mask."""
        px, py = _sample(lines, CELL / 2)
        i = np.floor((px - self.frame.x0) / CELL).astype(int)
        j = np.floor((py - self.frame.y0) / CELL).astype(int)
        keep = (i >= -1) & (i <= self.nx) & (j >= -1) & (j <= self.ny)
        i, j = i[keep], j[keep]
        if len(i) == 0:
            return (slice(0, 0), slice(0, 0)), np.zeros((0, 0), dtype=bool)
        i0, j0 = i.min() - 1, j.min() - 1
        hit = np.zeros((j.max() - j0 + 2, i.max() - i0 + 2), dtype=bool)
        hit[j - j0, i - i0] = True
        grown = hit.copy()
        grown[1:] |= hit[:-1]
        grown[:-1] |= hit[1:]
        wide = grown.copy()
        wide[:, 1:] |= grown[:, :-1]
        wide[:, :-1] |= grown[:, 1:]
        # clip to the grid
        a, b = max(-j0, 0), max(-i0, 0)
        wide = wide[a:a + self.ny - max(j0, 0), b:b + self.nx - max(i0, 0)]
        return (slice(max(j0, 0), max(j0, 0) + wide.shape[0]), slice(max(i0, 0), max(i0, 0) + wide.shape[1])), wide

    def _nodes(self, circles: np.ndarray) -> np.ndarray:
        """Squares that come within GAP/2 of a node's circle."""
        hit = np.zeros((self.ny, self.nx), dtype=bool)
        x0, y0 = self.frame.x0, self.frame.y0
        for x, y, r in circles.tolist():
            reach = r + GAP / 2
            i0, i1 = max(int((x - reach - x0) // CELL), 0), min(int((x + reach - x0) // CELL) + 1, self.nx)
            j0, j1 = max(int((y - reach - y0) // CELL), 0), min(int((y + reach - y0) // CELL) + 1, self.ny)
            if i0 >= i1 or j0 >= j1:
                continue
            left = x0 + np.arange(i0, i1) * CELL
            bottom = y0 + np.arange(j0, j1) * CELL
            dx = np.maximum(np.maximum(left - x, 0), x - left - CELL)
            dy = np.maximum(np.maximum(bottom - y, 0), y - bottom - CELL)
            hit[j0:j1, i0:i1] |= dy[:, None] ** 2 + dx[None, :] ** 2 < reach * reach
        return hit

    def mark(self, label: Label, box: Box, end: tuple[float, float] | None, sign: int) -> None:
        """Count (`sign` 1) or uncount (-1) a placed label's box and leader line in `taken`."""
        x0, y0 = self.frame.x0, self.frame.y0
        i0 = max(math.floor((box.x0 - GAP - x0) / CELL), 0)
        i1 = min(math.ceil((box.x1 + GAP - x0) / CELL), self.nx)
        j0 = max(math.floor((box.y0 - GAP - y0) / CELL), 0)
        j1 = min(math.ceil((box.y1 + GAP - y0) / CELL), self.ny)
        self.taken[j0:j1, i0:i1] += sign
        if end is not None:
            part, mask = self._along(np.array([[label.x, label.y, *end]]))
            self.taken[part] += sign * mask

    def over_ties(self, label: Label, ends: np.ndarray) -> np.ndarray:
        """How many points of each leader line, from the node's circle to `ends`, run over
        squares a tie touches."""
        dx, dy = ends[:, 0] - label.x, ends[:, 1] - label.y
        length = np.hypot(dx, dy)
        steps = math.ceil(length.max() / (2 * CELL)) + 1  # a point every two squares: a cost, not a test
        t = np.linspace(0, 1, steps)[None, :]
        frac = np.minimum(label.r / np.maximum(length, 1e-9), 1)[:, None]  # from the circle's edge on
        t = frac + (1 - frac) * t
        i = np.clip(((label.x + t * dx[:, None] - self.frame.x0) / CELL).astype(int), 0, self.nx - 1)
        j = np.clip(((label.y + t * dy[:, None] - self.frame.y0) / CELL).astype(int), 0, self.ny - 1)
        return self.ties[j, i].sum(axis=1) * (length - label.r).clip(0) / max(steps - 1, 1)

    def options(self, label: Label, reach: float | None, clear: bool, batch: int = 2048):
        """The label's boxes on the grid within `reach` of its node (anywhere if None) that are
        clear of nodes, placed labels and leader lines and, if `clear`, of ties (else over the
        fewest ties first): batches of _Options, cheapest first."""
        w, h = label.width, label.height
        kw, kh = math.ceil(w / CELL - 1e-9), math.ceil(h / CELL - 1e-9)
        cols = math.floor((self.frame.x1 - self.frame.x0 - w) / CELL + 1e-9) + 1
        rows = math.floor((self.frame.y1 - self.frame.y0 - h) / CELL + 1e-9) + 1
        i0, i1, j0, j1 = 0, cols, 0, rows
        if reach is not None:
            i0 = max(math.floor((label.x - w - reach - self.frame.x0) / CELL), 0)
            i1 = min(math.ceil((label.x + reach - self.frame.x0) / CELL) + 1, cols)
            j0 = max(math.floor((label.y - h - reach - self.frame.y0) / CELL), 0)
            j1 = min(math.ceil((label.y + reach - self.frame.y0) / CELL) + 1, rows)
        if i0 >= i1 or j0 >= j1:
            return
        sums = _windows(self.fixed[j0:j1 + kh, i0:i1 + kw], kw, kh)
        taken = self.taken[j0:j1 - 1 + kh, i0:i1 - 1 + kw] > 0
        if taken.any():
            table = np.zeros((taken.shape[0] + 1, taken.shape[1] + 1), dtype=np.int32)
            np.cumsum(np.cumsum(taken, axis=0, dtype=np.int32), axis=1, out=table[1:, 1:])
            sums = sums + _NODE * _windows(table, kw, kh).astype(np.int64)
        xs = self.frame.x0 + np.arange(i0, i1) * CELL
        ys = self.frame.y0 + np.arange(j0, j1) * CELL
        # the distance from the node's centre to a box: by column and by row, then together
        dx = np.maximum(np.maximum(xs - label.x, 0), label.x - xs - w)
        dy = np.maximum(np.maximum(ys - label.y, 0), label.y - ys - h)
        ok = sums == 0 if clear else sums < _NODE
        # boxes with a leader line need not be a point apart: every other point of the grid will do
        near = label.r + NEAR
        ok &= (((dy <= near) | (np.arange(j0, j1) % 2 == 0))[:, None]
               & ((dx <= near) | (np.arange(i0, i1) % 2 == 0))[None, :])
        j, i = np.nonzero(ok)
        if len(j) == 0:
            return
        gap = np.sqrt(dy[j] ** 2 + dx[i] ** 2) - label.r
        level = np.minimum(np.abs(ys[j] + h / 2 - label.y), label.r + h)  # beyond that, a leader line anyway
        cost = (gap + LEVEL * level + np.where(gap > NEAR, LEADER_COST, 0.0)
                + 0.1 * (xs[i] + w / 2 < label.x))  # right of the node before left
        if not clear:  # the fewer tie squares under the box the better: a tie across it marks about kh
            cost = cost + EDGE_COST * sums[j, i] / kh
        if len(cost) > batch:
            first = np.argpartition(cost, batch)
            parts = [np.sort(first[:batch]), first[batch:]]
            parts[0] = parts[0][np.argsort(cost[parts[0]], kind="stable")]
        else:
            parts = [np.arange(len(cost))]
        for k, part in enumerate(parts):
            if k:
                part = part[np.argsort(cost[part], kind="stable")]
            x0, y0 = xs[i[part]], ys[j[part]]
            boxes = np.stack([x0, y0, x0 + w, y0 + h], axis=1)
            ends = np.stack([np.clip(label.x, x0, x0 + w), np.clip(label.y, y0, y0 + h)], axis=1)
            yield _Options(boxes, ends, cost[part], gap[part] > NEAR)


@dataclass
class _Options:
    """Candidate boxes (rows x0, y0, x1, y1), their leader ends, costs and whether they need a
    leader line, cheapest first."""

    boxes: np.ndarray
    ends: np.ndarray
    cost: np.ndarray
    leader: np.ndarray


def _choose(label: Label, batches, grid: _Grid, placed: dict, circles: np.ndarray, avoid_nodes: bool,
            bound: float = math.inf):
    """The cheapest of the candidate `batches`, costing less than `bound`, whose leader line
    (if it has one) crosses no placed label and, if `avoid_nodes`, no other node: (cost, box, leader
    end or None), or None."""
    pboxes = np.array([[b.x0, b.y0, b.x1, b.y1] for b, _, _ in placed.values()], dtype=float).reshape(-1, 4)
    plines = np.array([[*at, *e] for _, e, at in placed.values() if e is not None], dtype=float).reshape(-1, 4)
    others = circles[np.hypot(circles[:, 0] - label.x, circles[:, 1] - label.y) > 1e-6]
    best = None
    for options in batches:
        for start in range(0, len(options.cost), CHUNK):
            cost = options.cost[start:start + CHUNK]
            if cost[0] >= bound:
                return best
            lead = options.leader[start:start + CHUNK]
            total = np.where(lead, np.inf, cost)  # a box alone was checked on the grid
            at = np.flatnonzero(lead & (cost < bound))
            if len(at) and len(pboxes):  # a leader line over a placed label: never
                ends = options.ends[start + at]
                near = pboxes[(pboxes[:, 2] >= min(label.x, ends[:, 0].min()))
                              & (pboxes[:, 0] <= max(label.x, ends[:, 0].max()))
                              & (pboxes[:, 3] >= min(label.y, ends[:, 1].min()))
                              & (pboxes[:, 1] <= max(label.y, ends[:, 1].max()))]
                if len(near):
                    lines = np.concatenate([np.broadcast_to([label.x, label.y], ends.shape), ends], axis=1)
                    at = at[~boxes_hit(near, lines).any(axis=0)]
            if len(at):
                ends = options.ends[start + at]
                lines = np.concatenate([np.broadcast_to([label.x, label.y], ends.shape), ends], axis=1)
                near = others[(others[:, 0] + others[:, 2] > min(label.x, ends[:, 0].min()))
                              & (others[:, 0] - others[:, 2] < max(label.x, ends[:, 0].max()))
                              & (others[:, 1] + others[:, 2] > min(label.y, ends[:, 1].min()))
                              & (others[:, 1] - others[:, 2] < max(label.y, ends[:, 1].max()))]
                over = _near_circles(lines, near).sum(axis=1) if len(near) else np.zeros(len(at))
                if avoid_nodes:  # a leader line over another node: only when there is no other way
                    at, ends, lines, over = at[over == 0], ends[over == 0], lines[over == 0], over[over == 0]
                if len(at):
                    total[at] = (cost[at] + EDGE_COST * over + CROSSED_LEADER * _crossing(lines, plines).sum(axis=1)
                                 + LEADER_ALONG * grid.over_ties(label, ends))
            k = int(np.argmin(total))
            if total[k] < bound:
                bound = float(total[k])
                box = Box(*options.boxes[start + k].tolist())
                best = (bound, box, tuple(options.ends[start + k].tolist()) if lead[k] else None)
    return best


REACHES = (30.0, 90.0, None)  # how far from its node a label is looked for, in turn (points; None: anywhere)


def place_labels(labels: Sequence[Label], nodes: Sequence[tuple[float, float, float]],
                 segments: np.ndarray, frame: Box, rounds: int = 4) -> Placement:
    """Place `labels` (most important first) inside `frame`, clear of each other, of every node
    circle in `nodes` (x, y, r) and of every tie in `segments` (rows x1, y1, x2, y2) while there
    is such a place anywhere, else over as few ties as they can; in at most `rounds` rounds."""
    circles = np.array(nodes, dtype=float).reshape(-1, 3)
    segments = np.asarray(segments, dtype=float).reshape(-1, 4)
    grid = _Grid(frame, circles, segments)
    chosen: dict = {}  # node: (box, leader end or None, node centre)
    over: set = set()  # the nodes whose label found no place clear of ties

    def place(label: Label) -> None:
        over.discard(label.node)
        # over a tie only when no place clear of ties is left, even with a leader over a node
        for clear, avoid_nodes in ((True, True), (True, False), (False, False)):
            found, searched = None, 0.0
            for reach in REACHES:
                # a box beyond the reach searched is that far off, less r, with a leader line: look
                # further only when that could be cheaper
                if found and found[0] <= searched - label.r + LEADER_COST:
                    break
                found = _choose(label, grid.options(label, reach, clear), grid, chosen, circles, avoid_nodes,
                                found[0] if found else math.inf) or found
                searched = reach or math.inf
            if found:
                _, box, end = found
                chosen[label.node] = (box, end, (label.x, label.y))
                if not clear and segments_hit(box, segments).any():  # the grid errs on the side of ties
                    over.add(label.node)
                grid.mark(label, box, end, 1)
                return

    order, best = list(labels), None
    for turn in range(rounds):
        moved = False
        for label in order:
            if turn and label.node in chosen and chosen[label.node][1] is None:
                continue  # beside its node already: nothing placed since can make that better
            before = chosen.pop(label.node, None)
            if before:
                grid.mark(label, before[0], before[1], -1)
            place(label)
            moved |= chosen.get(label.node) != before
        stuck = [x for x in order if x.node not in chosen or x.node in over]
        score = (sum(x.node not in chosen for x in order), len(stuck))
        if best is None or score < best[0]:
            best = (score, dict(chosen))
        if not stuck and (turn or not moved):
            break  # one round more, knowing all the others, is enough
        if stuck:
            # start again with the labels that found no place clear of ties first, before those
            # that walled them in; the best of the rounds is kept
            order = stuck + [x for x in order if x not in stuck]
            for label in order:
                if label.node in chosen:
                    box, end, _ = chosen.pop(label.node)
                    grid.mark(label, box, end, -1)
    chosen = best[1] if best else {}
    result = Placement()
    for label in labels:
        if label.node in chosen:
            box, leader, _ = chosen[label.node]
            result.boxes[label.node] = box
            if leader is not None:
                result.leaders[label.node] = leader
            result.edge_overlaps += int(segments_hit(box, segments).sum())
        else:
            result.dropped.append(label.node)
    return result
