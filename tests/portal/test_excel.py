"""The one Excel writer keeps every text cell text: a value starting with a formula character
(=, +, -, @, tab, carriage return) is written with a leading apostrophe; numbers stay numbers."""

import datetime
from io import BytesIO

from openpyxl import load_workbook

from apps.core.excel import neutralise, workbook_bytes


def _rows(data):
    ws = load_workbook(BytesIO(data)).active
    return [[c.value for c in row] for row in ws.iter_rows()], [[c.data_type for c in row] for row in ws.iter_rows()]


def test_formula_leading_text_is_written_as_text():
    values = ["=1+1", "+86 22 1234", "-2+3", "@SUM(A1)", "\tx", "\r=1", '=HYPERLINK("http://x","点此")']
    rows, types = _rows(workbook_bytes(["名称"], [[v] for v in values]))
    assert [r[0] for r in rows[1:]] == ["'=1+1", "'+86 22 1234", "'-2+3", "'@SUM(A1)", "'\tx", "'\n=1", "'=HYPERLINK(\"http://x\",\"点此\")"]
    # (XML stores a carriage return as a line feed; what matters is the leading apostrophe.)
    assert {t[0] for t in types[1:]} == {"s"}


def test_headers_are_neutralised_too():
    rows, types = _rows(workbook_bytes(["=标题"], []))
    assert rows[0] == ["'=标题"] and types[0] == ["s"]


def test_numbers_dates_and_plain_text_are_unchanged():
    day = datetime.date(2026, 5, 2)
    rows, types = _rows(workbook_bytes(["a", "b", "c", "d", "e", "f"], [[-5, 3.5, "降低焊接返修率", day, None, "a=b"]]))
    assert rows[1][:4] == [-5, 3.5, "降低焊接返修率", datetime.datetime(2026, 5, 2)]
    assert rows[1][4] is None and rows[1][5] == "a=b"
    assert types[1][:2] == ["n", "n"]


def test_neutralise():
    assert neutralise("=x") == "'=x"
    assert neutralise("x") == "x"
    assert neutralise(-1) == -1
    assert neutralise(None) == ""
