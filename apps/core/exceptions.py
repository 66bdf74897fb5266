"""The one refusal of the portal: a step the regulation or the permission policy does not allow.

Every domain door (the transition door, the services of each app) raises :class:`Refusal`;
its ``message`` is what the user sees, in Chinese, and cites the article; ``article`` is that
article alone (for logs and tests); ``code`` says which kind of refusal it is (``permission``,
``state``, ``conditions``, ``conflict``, ``needs``…). A refusal leaves everything unchanged.

It is a :class:`~django.core.exceptions.PermissionDenied`, so a refusal no screen catches
becomes the 403 page instead of an error.
"""

import re

from django.core.exceptions import PermissionDenied

_ARTICLE = re.compile(r"第[一二三四五六七八九十百零]+条(?:\([一二三四五六七八九十]+\)|（[一二三四五六七八九十]+）)?")


def article_in(message) -> str:
    """The first article a message cites ("第二十一条"), or ""."""
    found = _ARTICLE.search(message or "")
    return found.group(0) if found else ""


class Refusal(PermissionDenied):
    def __init__(self, message, *, article=None, code="refused"):
        super().__init__(message)
        self.message = message
        self.article = article if article is not None else article_in(message)
        self.code = code

    def __str__(self):
        return self.message
