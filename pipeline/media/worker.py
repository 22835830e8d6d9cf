"""The sandboxed probe worker: `python -m pipeline.media.worker`, one JSON request per line.

It runs with a memory ceiling (RLIMIT_AS) and no access to the parent's state; the parent kills
it when a request takes too long. Whatever a hostile file does here, the CLI only sees a
timeout or a crash for that one file.
"""

from __future__ import annotations

import json
import resource
import sys
from pathlib import Path

from pipeline.media.probe import probe

MEMORY_LIMIT = 4 << 30


def main() -> int:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    for line in sys.stdin:
        request = json.loads(line)
        try:
            result = probe(Path(request["path"]), request["mode"])
        except MemoryError:
            result = {
                "format": "?",
                "info": {},
                "problems": [
                    {
                        "code": "MEDIA_DECODE_CRASH",
                        "severity": "error",
                        "params": {"detail": "memory limit"},
                    }
                ],
            }
        sys.stdout.write(json.dumps(result, default=str) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
