"""The build tool's own venv, ``.venv-region`` (standard library only: the app's tests and
benchmarks import this module from the app's venv).

:func:`ensure_venv` creates it from ``requirements-region.txt`` when it is missing or was
made from another version of that file (a ``.requirements.sha256`` marker inside it), with
``pip install --no-deps`` (every package is pinned there), under a file lock so that two
test workers do not build it at once. Equivalent of ``make region``'s set-up step.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "requirements-region.txt"
MARKER = ".requirements.sha256"


def venv_dir() -> Path:
    """``ONEMAP_REGION_VENV`` or ``<repo>/.venv-region``."""
    return Path(os.environ.get("ONEMAP_REGION_VENV") or ROOT / ".venv-region")


def _digest() -> str:
    return hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()


def ensure_venv(base_python: str | None = None) -> Path:
    """The python of a current ``.venv-region``, creating or refreshing it if needed."""
    vdir = venv_dir()
    python = vdir / "bin" / "python"
    want = _digest()
    lock_path = ROOT / "var" / "venv-region.lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        marker = vdir / MARKER
        if python.exists() and marker.is_file() and marker.read_text().strip() == want:
            return python
        shutil.rmtree(vdir, ignore_errors=True)
        base = base_python or getattr(sys, "_base_executable", None) or sys.executable
        subprocess.run([base, "-m", "venv", str(vdir)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "-r",
                        str(REQUIREMENTS)], check=True)
        marker.write_text(want + "\n")
    return python


if __name__ == "__main__":
    print(ensure_venv())
