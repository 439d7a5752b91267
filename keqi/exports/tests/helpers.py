"""Test helpers: read an XLSX back with openpyxl; run the django-tasks database worker once."""

import io
import signal

import openpyxl
from django.core.management import call_command


def read_xlsx_sheet(response_or_bytes) -> list[list]:
    """Every row of the sheet: title lines, the header (序号 first), the data."""
    if isinstance(response_or_bytes, bytes):
        data = response_or_bytes
    elif hasattr(response_or_bytes, "streaming_content"):
        data = b"".join(response_or_bytes.streaming_content)
    else:
        data = open(response_or_bytes, "rb").read()  # a path
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def read_xlsx(response_or_bytes) -> list[list]:
    """The data table only: from the header row on, without the title lines and the 序号 column
    (checked once, in test_exports)."""
    rows = read_xlsx_sheet(response_or_bytes)
    start = next(index for index, row in enumerate(rows) if row and row[0] == "序号")
    return [row[1:] for row in rows[start:]]


def run_worker() -> None:
    """`manage.py db_worker --batch`: run every queued task, then return (signal handlers restored)."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", verbosity=0)
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)
