"""Learners' privacy in reports: no figure about fewer than `MIN_GROUP` learners is shown.

A group (a country, a language, a role at an institution, a unit's graded learners) with
fewer than `MIN_GROUP` learners is never shown on its own. In a breakdown, such groups are
combined into one "other" group; when that group is still too small, the next smallest
groups join it (so that no small group can be worked out by subtracting the others from the
total). When even all of them together are too few, the breakdown shows nothing.

Inside a group that may be shown, a count is a *cell*: "3 of the 6 staff are below target"
is a figure about 3 people, and "5 of 6 at target" gives away the 1 who is not. The kit's
small-cell rule (the threshold rule of official statistics with complementary suppression):
a count `c` out of a group of `n` is shown only when `c` is 0 or at least MIN_GROUP, and
`n - c` is 0 or at least MIN_GROUP; a share is shown under the same rule. A hidden cell is
written "–". A figure about people who consented to share their own result with their
institution is not covered by this rule: it is shown by name to their institution only.
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


def small(n: int) -> bool:
    """A count from 1 to MIN_GROUP - 1: a small cell."""
    return 0 < n < MIN_GROUP


def cell(part: int, whole: int) -> int | None:
    """`part` people of a group of `whole`, or None (not shown) under the small-cell rule:
    the group has fewer than MIN_GROUP people, or `part` or `whole - part` is from 1 to 4."""
    if not shown(whole) or small(part) or small(whole - part):
        return None
    return part


def cell_share(part: int, whole: int) -> float | None:
    """`part` of `whole` in per cent under the small-cell rule of `cell` (None: not shown)."""
    return None if cell(part, whole) is None else 100.0 * part / whole


def mean_or_none(values: Sequence[float]) -> float | None:
    """The mean of at least MIN_GROUP values, else None (not shown)."""
    if not shown(len(values)):
        return None
    return sum(values) / len(values)


def share(part: int, whole: int) -> float | None:
    """`part` of `whole` in per cent; None (not shown) when `whole` is below MIN_GROUP, or
    `part` or `whole - part` is a count from 1 to MIN_GROUP - 1 (which the share would give
    away: "96 % of 25" is 1 person who is not counted)."""
    return cell_share(part, whole)
