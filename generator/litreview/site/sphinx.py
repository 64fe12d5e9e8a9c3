"""Running ``sphinx-build`` on the generated sources (a subprocess, so a build starts
clean of the generator's memory). Writes only into the output folder given to it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ..contract import EditionSettings
from ..errors import LitReviewError


def sphinx_build(docs: Path, out: Path, doctrees: Path, settings: EditionSettings) -> None:
    """Run sphinx-build with warnings as errors; raise with Sphinx's messages on failure."""
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-q",
           *settings.overrides(), "-d", str(doctrees), str(docs), str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-40:])
        raise LitReviewError(f"sphinx-build failed (exit {proc.returncode}):\n{tail}",
                             str(docs))
