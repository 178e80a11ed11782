"""Working days for sign-off targets: pure, no Django. Monday to Friday; bank holidays not yet counted out."""

import datetime


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (0 when end is not after start).

    A plan submitted on a Friday and looked at on Monday has waited one working day.
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
    return count
