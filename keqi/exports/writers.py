"""One small interface for writing an XLSX sheet from typed rows (P10).

    write_xlsx(path, columns=[(header, kind), ...], rows=iterable_of_tuples, sheet="…",
               title=("企业信息查询", "查询条件：…", "导出时间：…"), serial=True) -> rows written

`title` lines are merged across the columns above the header row; `serial` adds a 序号
column numbering the rows from 1.

Kinds: "text", "int", "money" (Decimal 万元, shown with 2–4 places), "date" (datetime.date),
"datetime" (a moment: a real Excel date-time in Asia/Shanghai shown yyyy-mm-dd hh:mm; Excel has
no time zones, so aware values are turned into local wall-clock time by `excel_time`).
Rows are consumed lazily and written in constant memory, so peak memory does not grow with
the row count. Two writers produce the same cells (typed numbers and dates, Chinese headers):

- "rust": rustpy-xlsxwriter (rust_xlsxwriter under PyO3), about 9× faster; the default.
- "xlsxwriter": plain XlsxWriter with constant_memory, the pure-Python fallback.

Decimal amounts are handed over as Decimal/float: both writers emit the shortest decimal text
that round-trips the double, so a 万元 amount with 4 places and ≤15 significant digits is
stored exactly as typed (e.g. 123456789012.3456).
"""

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from decimal import Decimal
from itertools import islice

from django.utils import timezone

NUMBER_FORMATS = {"int": "0", "money": "#,##0.00##", "date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm"}
FORMATTED_KINDS = ("int", "money", "datetime")
SHEET_NAME = "导出数据"
SERIAL_HEADER = "序号"


def excel_time(value: datetime | None) -> datetime | None:
    """A stored moment as the wall-clock time in the project's zone (Asia/Shanghai), naive."""
    if not isinstance(value, datetime) or timezone.is_naive(value):
        return value  # a date, or already wall-clock time
    return timezone.localtime(value).replace(tzinfo=None)


def _rust_available() -> bool:
    try:
        import rustpy_xlsxwriter  # noqa: F401
    except ImportError:  # pragma: no cover - the lock file installs it
        return False
    return True


DEFAULT_WRITER = os.environ.get("KEQI_XLSX_WRITER") or ("rust" if _rust_available() else "xlsxwriter")


def write_rust(
    path, columns: Sequence[tuple[str, str]], rows: Iterable[Sequence], sheet: str, *, title=(), serial=False
) -> int:
    from rustpy_xlsxwriter import Format, write_worksheet

    if serial:
        columns = [(SERIAL_HEADER, "int"), *columns]
    headers = [header for header, _kind in columns]
    formats = {
        header: Format().set_num_format(NUMBER_FORMATS[kind]) for header, kind in columns if kind in FORMATTED_KINDS
    }
    count = 0

    def records():
        nonlocal count
        if serial:
            for row in rows:
                count += 1
                yield dict(zip(headers, (count, *row), strict=True))
            return
        for row in rows:
            count += 1
            yield dict(zip(headers, row, strict=True))

    title_format = Format().set_bold()
    merges = [(line, 0, line, max(len(columns) - 1, 1), text, title_format) for line, text in enumerate(title)]
    write_worksheet(
        records(),
        str(path),
        sheet_name=sheet,
        datetime_format=NUMBER_FORMATS["date"],
        bold_headers=True,
        freeze_row=len(title) + 1,
        column_formats=formats or None,
        column_width=16,
        header_row=len(title),
        merge_ranges=merges or None,
    )
    if count == 0:
        # With no rows the records carry no header names: write the header row on its own.
        return write_xlsxwriter(path, columns, [], sheet, title=title)
    return count


def write_xlsxwriter(
    path, columns: Sequence[tuple[str, str]], rows: Iterable[Sequence], sheet: str, *, title=(), serial=False
) -> int:
    import xlsxwriter

    if serial:
        columns = [(SERIAL_HEADER, "int"), *columns]
        rows = ((index, *row) for index, row in enumerate(rows, start=1))
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    worksheet = workbook.add_worksheet(sheet)
    bold = workbook.add_format({"bold": True})
    formats = [
        workbook.add_format({"num_format": NUMBER_FORMATS[kind]}) if kind != "text" else None for _h, kind in columns
    ]
    top = len(title)
    for line, text in enumerate(title):
        if len(columns) > 1:
            worksheet.merge_range(line, 0, line, len(columns) - 1, text, bold)
        else:
            worksheet.write_string(line, 0, text, bold)
    worksheet.freeze_panes(top + 1, 0)
    worksheet.set_column(0, len(columns) - 1, 16)
    for col, (header, _kind) in enumerate(columns):
        worksheet.write_string(top, col, header, bold)
    count = 0
    for count, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if value is None:
                continue
            line = top + count
            if isinstance(value, str):
                worksheet.write_string(line, col, value)
            elif isinstance(value, Decimal):
                worksheet.write_number(line, col, float(value), formats[col])
            elif isinstance(value, (int, float)):
                worksheet.write_number(line, col, value, formats[col])
            else:
                worksheet.write_datetime(line, col, excel_time(value), formats[col])
    workbook.close()
    return count


def cell_values(rows: Iterable[Sequence], kinds: Sequence[str], chunk_size: int = 2000) -> Iterator[Sequence]:
    """Rows with each money Decimal turned into the double Excel stores, which is what both
    writers do with it anyway; done per chunk, column by column. Used where rows cross a
    process boundary (pipeline), since pickling a Decimal is slow."""
    money = [index for index, kind in enumerate(kinds) if kind == "money"]
    if not money:
        yield from rows
        return
    rows = iter(rows)
    while chunk := list(islice(rows, chunk_size)):
        columns = list(zip(*chunk, strict=True))
        for index in money:
            columns[index] = [None if value is None else float(value) for value in columns[index]]
        yield from zip(*columns, strict=True)


WRITERS: dict[str, Callable] = {"rust": write_rust, "xlsxwriter": write_xlsxwriter}


def write_xlsx(
    path,
    *,
    columns: Sequence[tuple[str, str]],
    rows: Iterable[Sequence],
    sheet: str = SHEET_NAME,
    writer: str | None = None,
    title: Sequence[str] = (),
    serial: bool = False,
) -> int:
    """Write one sheet: title lines, a bold Chinese header row, then the rows typed by column kind."""
    return WRITERS[writer or DEFAULT_WRITER](path, columns, rows, sheet, title=tuple(title), serial=serial)
