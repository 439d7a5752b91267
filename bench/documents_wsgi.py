"""The gunicorn application of `documents_speed.py --only gunicorn`: `keqi.wsgi` (with its
warm-up), or the renderer from before issue 9 when BENCH_DOCUMENTS_RENDERER=legacy."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from keqi.wsgi import application

if os.environ.get("BENCH_DOCUMENTS_RENDERER") == "legacy":
    from documents_speed import use_renderer

    use_renderer("legacy")

__all__ = ["application"]
