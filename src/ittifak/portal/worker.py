"""A /sparql worker process (`python -m ittifak.portal.worker`, started by QueryWorkers).

It reads the graph as N-Quads from its standard input, says "ready", then answers queries one at
a time: each request and answer is one pickled object on its standard input and output.
"""

from __future__ import annotations

import pickle
import signal
import sys

import pyoxigraph as ox

from ittifak.core.children import end_with_parent
from ittifak.portal.sparql import ProtocolError, evaluate


def main() -> None:
    end_with_parent()  # elsewhere than Linux, the pipe's EOF ends it
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    requests, answers = sys.stdin.buffer, sys.stdout.buffer
    store = ox.Store()
    store.bulk_load(pickle.load(requests), format=ox.RdfFormat.N_QUADS)
    pickle.dump("ready", answers)
    answers.flush()
    while True:
        try:
            text, media_type, timeout, cap, prefixes = pickle.load(requests)
        except EOFError:
            return
        try:
            reply = ("ok", evaluate(store, text, media_type, timeout=timeout, cap=cap, prefixes=prefixes))
        except ProtocolError as err:
            reply = ("error", (err.status, err.message))
        pickle.dump(reply, answers)
        answers.flush()


if __name__ == "__main__":
    main()
