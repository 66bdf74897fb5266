"""Writes of awards (第十七条 to 第二十一条). Import the functions from the submodules."""

from apps.core.exceptions import Refusal


# The portal's one refusal (apps.core.exceptions), under the name this app's callers know.
AwardRefused = Refusal
