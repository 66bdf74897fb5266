"""Every list exports to Excel (.xlsx) with Chinese headers."""

from io import BytesIO
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def local_time(value, fmt="%Y-%m-%d %H:%M"):
    """A stored (UTC) time as the user reads it on the page: in the site's time zone."""
    return timezone.localtime(value).strftime(fmt) if value else ""


def workbook_bytes(headers, rows, *, title="数据"):
    wb = Workbook(write_only=False)
    ws = wb.active
    ws.title = title[:31]
    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DCE6F1")
        cell.alignment = Alignment(vertical="center")
    widths = [max(8, len(str(h)) * 2 + 2) for h in headers]
    for row in rows:
        row = ["" if v is None else v for v in row]
        ws.append(row)
        for i, v in enumerate(row[: len(widths)]):
            widths[i] = min(60, max(widths[i], len(str(v)) * 2 if any("\u4e00" <= ch <= "\u9fff" for ch in str(v)) else len(str(v)) + 2))
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "A2"
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def xlsx_response(filename, headers, rows, *, title="数据"):
    """``filename`` without extension, may be Chinese."""
    response = HttpResponse(workbook_bytes(headers, rows, title=title), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}.xlsx"
    return response
