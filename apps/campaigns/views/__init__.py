"""Screens of the commission and the agency for the yearly campaign (第八条, 第十一条)."""
