"""
Pure calculations behind the figures (no database): percentiles, how long each stage lasted and
how long from first contact to an agreed budget. PostgreSQL works the same figures out in SQL
(`figures.py`); these are the fallback for SQLite and the reference the tests hold the SQL to.
"""

import datetime
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pbudget.lifecycle import JOURNEY_ENDS, JOURNEY_STARTS

DAY = 86400.0
# A cell with fewer budgets than this is not shown to someone who cannot open those records.
SMALL_NUMBER = 5


def percentile(values: Sequence[float], q: float) -> float | None:
    """Linear interpolation between closest ranks: exactly PostgreSQL's percentile_cont(q)."""
    if not values:
        return None
    ordered = sorted(values)
    position = q * (len(ordered) - 1)
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass(frozen=True)
class Event:
    """One lifecycle move of one budget, as the figures need it."""

    budget_id: int
    at: datetime.datetime
    pk: int
    from_status: str
    to_status: str
    move: str


@dataclass(frozen=True)
class Spell:
    """A stretch a budget spent at one stage: from the move into it to the move out of it."""

    budget_id: int
    stage: str
    entered: datetime.datetime
    left: datetime.datetime

    @property
    def days(self) -> float:
        return (self.left - self.entered).total_seconds() / DAY


def stage_spells(events: Iterable[Event]) -> list[Spell]:
    """Every finished spell at a stage: each move ends the spell its budget's previous move began."""
    spells, previous = [], {}
    for event in sorted(events, key=lambda e: (e.budget_id, e.at, e.pk)):
        before = previous.get(event.budget_id)
        if before is not None:
            spells.append(Spell(event.budget_id, before.to_status, before.at, event.at))
        previous[event.budget_id] = event
    return spells




def journeys(events: Iterable[Event]) -> list[Spell]:
    """From first contact (assessment started) to an agreed budget, once per start."""
    done, started = [], {}
    for event in sorted(events, key=lambda e: (e.budget_id, e.at, e.pk)):
        if event.move in JOURNEY_STARTS:
            started[event.budget_id] = event.at
        elif event.move in JOURNEY_ENDS and event.budget_id in started:
            done.append(Spell(event.budget_id, "agreed", started.pop(event.budget_id), event.at))
    return done


def month_start(moment: datetime.datetime, tz) -> datetime.date:
    """The first day of the month (in `tz`, the council's clock) that `moment` falls in."""
    return moment.astimezone(tz).date().replace(day=1)


@dataclass(frozen=True)
class Cell:
    """One figure: how many, and the median and 90th percentile in days."""

    count: int
    median: float | None
    p90: float | None
    # True when the count is too small to show to this viewer: the page says "fewer than 5".
    suppressed: bool = False
    # True for a total not shown because a cell under it was hidden (it would give that cell away).
    withheld: bool = False


def cell(days: Sequence[float]) -> Cell:
    return Cell(len(days), percentile(days, 0.5), percentile(days, 0.9))


def hide_small(value: Cell) -> Cell:
    """A cell fit for someone who may not open the records: small counts say only that."""
    return Cell(value.count, None, None, suppressed=True) if 0 < value.count < SMALL_NUMBER else value


def small(n: int) -> bool:
    """A count about so few people that someone who may not open their records is not told it."""
    return 0 < n < SMALL_NUMBER


def total_shown(total: Cell, cells) -> Cell:
    """
    For someone who may not open the records, a total over cells (the whole period over its months)
    only when none of those cells was hidden: total minus the cells shown would give a hidden one away.
    """
    return Cell(total.count, None, None, suppressed=True, withheld=True) if any(c.suppressed for c in cells) else total
