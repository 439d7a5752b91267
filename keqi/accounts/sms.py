"""Pluggable SMS gateway: console (default) or file (JSON lines, used by tests and demos)."""

import json
import sys
from datetime import datetime

from django.conf import settings


def send_sms(mobile: str, text: str) -> None:
    backend = settings.SMS_BACKEND
    if backend == "file":
        settings.SMS_FILE.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps({"mobile": mobile, "text": text, "at": datetime.now().isoformat()}, ensure_ascii=False)
        with settings.SMS_FILE.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")
    elif backend == "console":
        print(f"[短信] {mobile}: {text}", file=sys.stderr, flush=True)
    else:
        raise ValueError(f"unknown SMS backend {backend!r}")
