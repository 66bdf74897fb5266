"""Writes of awards (第十七条 to 第二十一条). Import the functions from the submodules."""


class AwardRefused(Exception):
    """A step that may not happen; ``message`` says why in Chinese, citing the article."""

    def __init__(self, message, *, code="refused"):
        super().__init__(message)
        self.message = message
        self.code = code
