"""`tenderkit build --watch`: rebuild whenever a spec, or anything it is built from, is saved.

Polling keeps this free of platform-specific file-event libraries; a spec has a handful of inputs,
so looking at their sizes and times twice a second costs nothing. A spec that is invalid for a while,
or a file that disappears and comes back, is reported and waited for, never a reason to stop.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path

Snapshot = dict[Path, tuple[int, int] | None]


def snapshot(paths: Iterable[Path]) -> Snapshot:
    """Size and modification time of each path (None when it is missing)."""
    taken: Snapshot = {}
    for path in paths:
        try:
            stat = path.stat()
            taken[path] = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            taken[path] = None
    return taken


def watch(build_all: Callable[[], set[Path]], watched: Callable[[], set[Path]], interval: float = 0.5) -> int:
    """Build, then build again after each change, until interrupted (Ctrl-C). `build_all` builds
    and returns the files the build read; `watched` names the files to watch besides them
    (the specs given, and the specs of the directories given)."""
    inputs: set[Path] = set()
    seen: Snapshot = {}
    try:
        while True:
            # Look before building: a file saved while the build runs is then seen as a change.
            current = snapshot(inputs | watched())
            if current != seen:
                if seen:
                    changed = sorted(str(p) for p in current.keys() | seen.keys() if current.get(p) != seen.get(p))
                    print(f"[{datetime.now():%H:%M:%S}] changed: {', '.join(changed)}", file=sys.stderr, flush=True)
                first = not seen
                inputs = build_all()
                seen = {**snapshot(inputs - current.keys()), **current}
                if first:
                    print(f"watching {len(seen)} files; press Ctrl-C to stop", file=sys.stderr, flush=True)
            time.sleep(interval)
    except KeyboardInterrupt:
        print("stopped watching", file=sys.stderr)
        return 0
