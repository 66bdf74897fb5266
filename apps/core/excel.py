"""The Excel (.xlsx) writer: every list exports with Chinese headers (the HTTP response is
``apps.common.excel.xlsx_response``)."""

import tempfile

from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A text cell starting with one of these is read as a formula by spreadsheet programs (or when
# the sheet is saved as CSV): a title or a unit name typed as "=HYPERLINK(…)" must stay text.
FORMULA_LEADERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The value as a spreadsheet cell: text starting with a formula character is prefixed with
    an apostrophe so it stays text; numbers, dates and empty cells are unchanged."""
    if value is None:
        return ""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_LEADERS):
        return "'" + value
    return value


def cell_text(value):
    """A text cell read back from a sheet this writer made: the apostrophe added by
    ``neutralise`` is taken off again, so an exported sheet imports unchanged. (The "\r"
    leader comes back from the file as "\n".)"""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_LEADERS + ("\n",)):
        return value[1:]
    return value


def local_time(value, fmt="%Y-%m-%d %H:%M"):
    """A stored (UTC) time as the user reads it on the page: in the site's time zone."""
    return timezone.localtime(value).strftime(fmt) if value else ""


# Column widths are estimated from the header and the first rows: a write-only sheet must know
# them before its first row, and the rest of the rows are never held in memory.
WIDTH_SAMPLE = 200


def _width(value):
    text = str(value)
    wide = any("\u4e00" <= ch <= "\u9fff" for ch in text)
    return len(text) * 2 if wide else len(text) + 2


def write_workbook(target, headers, rows, *, title="数据"):
    """Write ``rows`` (any iterable, consumed once) under ``headers`` to ``target`` (a path or
    a binary file) in openpyxl's write-only mode, so memory does not grow with the rows."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title[:31])
    rows = iter(rows)
    sample = []
    for row in rows:
        sample.append([neutralise(v) for v in row])
        if len(sample) >= WIDTH_SAMPLE:
            break
    widths = [max(8, _width(h)) for h in headers]
    for row in sample:
        for i, v in enumerate(row[: len(widths)]):
            widths[i] = min(60, max(widths[i], _width(v)))
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "A2"
    header_cells = []
    for h in headers:
        cell = WriteOnlyCell(ws, value=neutralise(h))
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DCE6F1")
        cell.alignment = Alignment(vertical="center")
        header_cells.append(cell)
    ws.append(header_cells)
    for row in sample:
        ws.append(row)
    for row in rows:
        ws.append([neutralise(v) for v in row])
    wb.save(target)


def workbook_file(headers, rows, *, title="数据"):
    """The workbook in a temporary file, rewound (for a streamed download)."""
    handle = tempfile.TemporaryFile()
    write_workbook(handle, headers, rows, title=title)
    handle.seek(0)
    return handle


def workbook_bytes(headers, rows, *, title="数据"):
    with workbook_file(headers, rows, title=title) as handle:
        return handle.read()
