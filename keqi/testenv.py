"""Loaded by pytest (`-p keqi.testenv` in pyproject) before Django's settings are read.

Production refuses to start without KEQI_SECRET_KEY when KEQI_DEBUG is off; the test suite runs
with debug off, as production does, so it gets a key of its own here.
"""

import os

os.environ.setdefault("KEQI_SECRET_KEY", "test-suite-only-key-not-for-production-0123456789abcdef")
# Library screens read every decision at once in tests (ADR 0019's stale window is for production).
os.environ.setdefault("KEQI_LIBRARY_MAX_STALE", "0")
