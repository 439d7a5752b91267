"""Copy front-end assets installed from the npm registry into keqi/static/vendor (never committed)."""

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASSETS = {
    "node_modules/echarts/dist/echarts.min.js": "keqi/static/vendor/echarts.min.js",
    # X6: the browser suite injects axe-core from our own static files (no CDN).
    "node_modules/axe-core/axe.min.js": "keqi/static/vendor/axe.min.js",
}

for source, target in ASSETS.items():
    destination = ROOT / target
    destination.parent.mkdir(parents=True, exist_ok=True)
    if not destination.exists() or destination.stat().st_mtime < (ROOT / source).stat().st_mtime:
        shutil.copyfile(ROOT / source, destination)
