"""The gunicorn application of `declarations_load.py`: `keqi.wsgi` plus the anchor route
`POST /bench/insert/`, which goes through the same middleware (session, authentication, CSRF)
and writes one row."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from django.conf import settings

from keqi.wsgi import application

settings.ROOT_URLCONF = "declarations_urls"

__all__ = ["application"]
