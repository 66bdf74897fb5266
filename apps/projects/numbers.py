"""Metric values as people write them (第七条(三), 第十四条): 4.6, 100, 0.25 — never 4.6000 or 1E+2."""

from decimal import Decimal


def plain_number(value):
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return "" if value is None else value
