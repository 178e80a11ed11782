"""
Assessment figures for managers and co-design, summarised from plain facts. Pure: no Django.

Per questionnaire version and channel: how many assessments started, how many were completed
(sent), the completion rate, the median time from start to sending, and where unfinished ones
stopped (the question last saved). Per team and month: started, completed, median time.
"""

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass


@dataclass(frozen=True)
class AssessmentFact:
    version: int
    channel: str
    team_id: int | None
    month: object  # datetime.date, the first of the month the assessment started (Europe/London)
    minutes: float | None  # start to sending; None while unfinished
    stopped_at: tuple | None  # (question order, key, text) last saved, for unfinished ones


@dataclass(frozen=True)
class Completion:
    started: int
    completed: int
    median_minutes: float | None

    @property
    def completion_percent(self) -> float | None:
        return round(100 * self.completed / self.started, 1) if self.started else None


@dataclass(frozen=True)
class AssessmentFigures:
    by_version: dict   # (version, channel) -> Completion
    stops: dict        # (version, channel) -> [((order, key, text) or None, count)], most first
    by_team_month: dict  # (team_id, month) -> Completion


def _completion(facts) -> Completion:
    minutes = [f.minutes for f in facts if f.minutes is not None]
    return Completion(len(facts), len(minutes), statistics.median(minutes) if minutes else None)


def summarise(facts) -> AssessmentFigures:
    by_version, by_team = defaultdict(list), defaultdict(list)
    for fact in facts:
        by_version[(fact.version, fact.channel)].append(fact)
        by_team[(fact.team_id, fact.month)].append(fact)
    stops = {}
    for key, group in by_version.items():
        counts = Counter(f.stopped_at for f in group if f.minutes is None)
        # Most first; ties in question order (never saved an answer, None, first).
        stops[key] = sorted(counts.items(), key=lambda item: (-item[1], item[0] or (0, "", "")))
    return AssessmentFigures(
        by_version={key: _completion(group) for key, group in sorted(by_version.items())},
        stops={key: value for key, value in sorted(stops.items()) if value},
        by_team_month={key: _completion(group) for key, group in sorted(by_team.items(), key=lambda kv: (kv[0][1], kv[0][0] or 0))},
    )
