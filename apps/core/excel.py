"""The Excel (.xlsx) writer: every list exports with Chinese headers (the HTTP response is
``apps.common.excel.xlsx_response``)."""

from io import BytesIO

from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
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


def workbook_bytes(headers, rows, *, title="数据"):
    wb = Workbook(write_only=False)
    ws = wb.active
    ws.title = title[:31]
    ws.append([neutralise(h) for h in headers])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DCE6F1")
        cell.alignment = Alignment(vertical="center")
    widths = [max(8, len(str(h)) * 2 + 2) for h in headers]
    for row in rows:
        row = [neutralise(v) for v in row]
        ws.append(row)
        for i, v in enumerate(row[: len(widths)]):
            widths[i] = min(60, max(widths[i], len(str(v)) * 2 if any("\u4e00" <= ch <= "\u9fff" for ch in str(v)) else len(str(v)) + 2))
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "A2"
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()
