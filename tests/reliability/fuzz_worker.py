"""Read workbooks in a child process under a memory and time limit, one JSON line per file.

``python -m tests.reliability.fuzz_worker LIMIT_BYTES FILE...``: the parent
(:func:`read_in_child`) learns which file took the process down (an abort of the Excel
reader, the address-space limit, a hang) from the last ``start`` line, which an in-process
fuzzer cannot: an abort ends pytest itself.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _read(path: str) -> dict:
    from dptclean import DptcleanError, load_voters
    from dptclean.errors import InputError

    try:
        result = load_voters(path)
    except InputError as exc:
        lines = str(exc).split("\n")  # (the CLI shows other line separators as escapes)
        return {"outcome": "refused", "lines": len(lines), "error": str(exc)[:300]}
    except DptcleanError as exc:
        return {"outcome": "other-error", "code": int(exc.exit_code), "error": str(exc)[:300]}
    except BaseException as exc:  # noqa: BLE001 - exactly what the fuzzer looks for
        return {"outcome": "crash", "error": f"{type(exc).__name__}: {exc}"[:300]}
    d = result.to_dict()
    frame = result.frame
    names = frame["nama"].astype("string").fillna("").tolist() if "nama" in frame else []
    return {"outcome": "read", "records": int(d["records"]), "frame": len(frame),
            "sheets": sum(s.records for s in result.sheets), "names": names}


def main(argv: Sequence[str]) -> None:
    limit = int(argv[0])
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    for path in argv[1:]:
        print(json.dumps({"start": path}), flush=True)
        print(json.dumps({"file": path, **_read(path)}), flush=True)


def read_in_child(paths: Sequence[str | os.PathLike], *, limit: int = 3 * 1024**3,
                  timeout: float = 600) -> tuple[dict[str, dict], str | None]:
    """Outcome per file, and what ended the child early (None if it read every file):
    ``"<file>: exit -6"`` for an abort, ``"<file>: timeout"`` for a hang."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]))
    env.pop("DPTCLEAN_NO_MEMORY_CHECK", None)
    cmd = [sys.executable, "-m", "tests.reliability.fuzz_worker", str(limit), *map(str, paths)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env,
                              cwd=ROOT)
        out, code, died = proc.stdout, proc.returncode, None
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        code, died = None, "timeout"
    outcomes: dict[str, dict] = {}
    last = None
    for line in out.splitlines():
        item = json.loads(line)
        if "start" in item:
            last = item["start"]
        else:
            outcomes[item["file"]] = item
            last = None
    if code not in (0, None):
        died = f"exit {code}: {proc.stderr[-500:]}"
    if died is None and last is not None:
        died = "stopped"
    return outcomes, (f"{last}: {died}" if died else None)


if __name__ == "__main__":
    main(sys.argv[1:])
