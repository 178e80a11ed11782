"""
Working days for sign-off targets: pure, no Django. Monday to Friday, less the bank holidays of
England and Wales (English councils, so the `holidays` package's GB-ENG calendar: Easter Monday,
both May bank holidays, the August one, and Christmas and Boxing Day moved to the next weekday
when they fall at a weekend, as the government's own list does).
"""

import datetime
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def bank_holidays(year: int) -> frozenset[datetime.date]:
    """England and Wales bank holidays in `year` (the weekday they are taken on)."""
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (0 when end is not after start).

    A plan submitted on a Friday and looked at on Monday has waited one working day; on the
    Tuesday after Easter, one too (Easter Monday is a bank holiday).
    """
    if end <= start:
        return 0
    days = (end - start).days
    whole_weeks, rest = divmod(days, 7)
    count = whole_weeks * 5
    # The leftover days, counted one by one (at most six of them).
    for offset in range(1, rest + 1):
        if (start + datetime.timedelta(days=whole_weeks * 7 + offset)).weekday() < 5:
            count += 1
    # Bank holidays are weekdays (a weekend one is taken on the next weekday): take out those in (start, end].
    for year in range(start.year, end.year + 1):
        count -= sum(1 for day in bank_holidays(year) if start < day <= end and day.weekday() < 5)
    return count
