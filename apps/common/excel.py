"""A list as an Excel download (the workbook is written by ``apps.core.excel``)."""

from urllib.parse import quote

from django.http import HttpResponse

from apps.core.excel import XLSX, local_time, workbook_bytes

__all__ = ["local_time", "xlsx_response"]


def xlsx_response(filename, headers, rows, *, title="数据"):
    """``filename`` without extension, may be Chinese."""
    response = HttpResponse(workbook_bytes(headers, rows, title=title), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}.xlsx"
    return response
