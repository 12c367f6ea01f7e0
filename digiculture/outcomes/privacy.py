"""Learners' privacy in reports: no figure about fewer than `MIN_GROUP` learners is shown.

A group (a country, a language, a role at an institution, a unit's graded learners) with
fewer than `MIN_GROUP` learners is never shown on its own. In a breakdown, such groups are
combined into one "other" group; when that group is still too small, the next smallest
groups join it (so that no small group can be worked out by subtracting the others from the
total). When even all of them together are too few, the breakdown shows nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeVar

#: The smallest number of learners behind any figure shown (k-anonymity).
MIN_GROUP = 5

T = TypeVar("T")


def shown(n: int) -> bool:
    """Whether a figure about `n` learners may be shown."""
    return n >= MIN_GROUP


def combine_small_groups(
    groups: Mapping[str, Sequence[T]], other: str = "other"
) -> dict[str, list[T]]:
    """Groups of at least MIN_GROUP members as they are; the rest combined into `other`.

    The `other` group is filled up with the next smallest groups until it has at least
    MIN_GROUP members (or is left out when nothing needed combining). Returns {} when all
    groups together have fewer than MIN_GROUP members. Order: largest group first, `other`
    last.
    """
    members = {k: list(v) for k, v in groups.items() if len(v) > 0}
    if sum(len(v) for v in members.values()) < MIN_GROUP:
        return {}
    by_size = sorted(members.items(), key=lambda kv: (len(kv[1]), kv[0]))
    small = [(k, v) for k, v in by_size if len(v) < MIN_GROUP]
    big = [(k, v) for k, v in by_size if len(v) >= MIN_GROUP]
    combined: list[T] = [m for _, v in small for m in v]
    while small and len(combined) < MIN_GROUP and big:
        _, v = big.pop(0)  # the smallest of the big groups joins 'other'
        combined += v
    out = {k: v for k, v in sorted(big, key=lambda kv: (-len(kv[1]), kv[0]))}
    if combined:
        out[other] = combined
    return out


def mean_or_none(values: Sequence[float]) -> float | None:
    """The mean of at least MIN_GROUP values, else None (not shown)."""
    if not shown(len(values)):
        return None
    return sum(values) / len(values)


def share(part: int, whole: int) -> float | None:
    """`part` of `whole` in per cent; None (not shown) when `whole` is below MIN_GROUP or
    `part` is a count from 1 to MIN_GROUP - 1 (which the share would give away)."""
    if not shown(whole) or 0 < part < MIN_GROUP:
        return None
    return 100.0 * part / whole
