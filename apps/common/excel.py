"""A list as an Excel download (the workbook is written by ``apps.core.excel``)."""

from urllib.parse import quote

from django.http import FileResponse

from apps.core.excel import XLSX, local_time, workbook_file

__all__ = ["local_time", "xlsx_response"]


def xlsx_response(filename, headers, rows, *, title="数据"):
    """``filename`` without extension, may be Chinese. ``rows`` may be a generator over a
    queryset's ``iterator()``: the workbook is written row by row to a temporary file and
    streamed from there."""
    response = FileResponse(workbook_file(headers, rows, title=title), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}.xlsx"
    return response
