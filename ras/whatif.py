"""
What if a draft table were live? The council's current caseload re-priced under the draft in one
SQL statement, set-based, never a loop of saves: nothing is stored and nobody's budget changes.

The caseload is each open budget's newest indicative budget, re-worked from the answers it used,
for the client groups the draft would apply to (the group each was worked out for). It reads them
from `CaseloadPoints`, one compact row a budget (points per section, answers by key) kept beside
every indicative budget, not from the ten or more `AllocationAnswer` rows each: a table's rules
look at nothing else. The
arithmetic is integers in thousandths of a penny (weights have at most 3 decimal places), so
PostgreSQL and SQLite give the same pence as ras.calculation, rounded once, halves up.
"""

from dataclasses import dataclass, field

from django.db import connection, transaction

from pbudget.lifecycle import Status
from pbudget.models import ClientGroup
from pbudget.money import WEEKS_PER_YEAR
from ras.selectors import allocation_tables_live

# Percentage change buckets for the histogram: (label, lowest, highest) in whole per cent, as
# 20 x change compared with the before figure for the 5% lines, so all in integers.
BUCKETS = ["down over 20%", "down 10-20%", "down 5-10%", "within 5%", "up 5-10%", "up 10-20%", "up over 20%", "complex case"]
TOP = 10


@dataclass
class GroupTotals:
    client_group: str
    label: str
    people: int = 0
    before_yearly_pence: int = 0
    after_yearly_pence: int = 0  # complex cases count their current figure: a worker would cost them
    histogram: dict = field(default_factory=lambda: dict.fromkeys(BUCKETS, 0))

    @property
    def up(self):
        return sum(self.histogram[b] for b in BUCKETS[4:7])

    @property
    def down(self):
        return sum(self.histogram[b] for b in BUCKETS[0:3])

    @property
    def within(self):
        return self.histogram["within 5%"]

    @property
    def complex(self):
        return self.histogram["complex case"]

    @property
    def change_yearly_pence(self):
        return self.after_yearly_pence - self.before_yearly_pence


@dataclass
class WhatIf:
    groups: list
    total: GroupTotals
    largest: list  # (budget id, client group label, before weekly, after weekly, change)

    @property
    def histogram_rows(self):
        return [(bucket, self.total.histogram[bucket]) for bucket in BUCKETS]


def groups_for(table) -> list[str]:
    """The client groups a table would price: its own, or for a council-wide one every group without its own."""
    if table.client_group:
        return [table.client_group]
    own = {t.client_group for t in allocation_tables_live(council=table.council_id) if t.client_group}
    return [g for g in ClientGroup.values if g not in own]


def _json_text(column):
    """SQL for one key's value of a JSON column as text (the key is a parameter), per database."""
    if connection.vendor == "postgresql":
        return f"({column} ->> %s)", lambda key: key
    return f"json_extract({column}, %s)", lambda key: f'$."{key}"'


def whatif_sql(table, groups):
    """The statement and its parameters. Separate so the benchmark can time exactly this."""
    rules = table.rules()
    # Weighted points in thousandths: every point once, then each named section's extra
    # (weight - 1) from its own total, so a row needs only the sections the table names.
    points, points_key = _json_text("c.section_points")
    weight_sql = "".join(f" + COALESCE(CAST({points} AS BIGINT), 0) * CAST(%s AS BIGINT)" for _ in rules.section_weights)
    weight_params = [x for k, v in rules.section_weights.items() for x in (points_key(k), int(v * 1000) - 1000)]
    # An adjustment applies when its question was answered with its option.
    answer, answer_key = _json_text("c.answers")
    adjust_sql = " + ".join(f"CASE WHEN {answer} = %s THEN CAST(%s AS BIGINT) ELSE 0 END" for _ in rules.adjustments) or "0"
    adjust_params = [x for a in rules.adjustments for x in (answer_key(a.question_key), a.option_key, a.weekly_pence)]
    if rules.method == "points":
        base, base_params = "wm * CAST(%s AS BIGINT)", [rules.price_per_point_pence]
    else:
        whens = " ".join("WHEN wm >= %s AND wm < %s THEN CAST(%s AS BIGINT)" if b.to_points is not None else "WHEN wm >= %s THEN CAST(%s AS BIGINT)" for b in rules.bands)
        base = f"CASE {whens} END * 1000"
        base_params = [x for b in rules.bands for x in ((b.from_points * 1000, b.to_points * 1000, b.weekly_pence) if b.to_points is not None else (b.from_points * 1000, b.weekly_pence))]
    group_marks = ", ".join(["%s"] * len(groups))
    ceiling_m, floor_m = rules.ceiling_weekly_pence * 1000, rules.floor_weekly_pence * 1000
    sql = f"""
    WITH cases AS MATERIALIZED (
        -- Each open budget's newest indicative budget: one compact row a budget (CaseloadPoints),
        -- less the council's closed budgets (an anti-join on the few closed, not a join on all).
        -- Materialized: inlined, the bucketing below would read the JSON again for every mention.
        SELECT c.budget_id, c.client_group, c.weekly_pence AS before,
               CAST(c.total_points AS BIGINT) * 1000{weight_sql} AS wm, {adjust_sql} AS adjust
        FROM ras_caseloadpoints c
        WHERE c.council_id = %s AND c.client_group IN ({group_marks})
          AND NOT EXISTS (SELECT 1 FROM pbudget_personalbudget b WHERE b.council_id = %s AND b.status = %s AND b.id = c.budget_id)
    ), priced AS (
        SELECT budget_id, client_group, before, {base} + adjust * 1000 AS m FROM cases
    ), result AS (
        SELECT budget_id, client_group, before,
               CASE WHEN m IS NULL OR m > %s THEN NULL
                    ELSE (CASE WHEN m < %s THEN %s ELSE m END + 500) / 1000 END AS after
        FROM priced
    ), bucketed AS (
        SELECT budget_id, client_group, before, after,
               CASE WHEN after IS NULL THEN 7
                    WHEN 5 * (before - after) > before THEN 0
                    WHEN 10 * (before - after) > before THEN 1
                    WHEN 20 * (before - after) > before THEN 2
                    WHEN 5 * (after - before) > before THEN 6
                    WHEN 10 * (after - before) > before THEN 5
                    WHEN 20 * (after - before) > before THEN 4
                    ELSE 3 END AS bucket
        FROM result
    )
    SELECT 0 AS kind, client_group, bucket, COUNT(*) AS n, SUM(before) AS before, SUM(COALESCE(after, before)) AS after, NULL AS budget_id
    FROM bucketed GROUP BY client_group, bucket
    UNION ALL
    SELECT * FROM (
        SELECT 1, client_group, bucket, 1, before, after, budget_id FROM bucketed
        WHERE after IS NOT NULL ORDER BY ABS(after - before) DESC, budget_id LIMIT {TOP}
    ) largest
    """
    council = table.council_id
    return sql, [*weight_params, *adjust_params, council, *groups, council, Status.CLOSED, *base_params, ceiling_m, floor_m, floor_m]


def allocation_whatif(*, table) -> WhatIf:
    """Totals by client group, up/down/within 5%, a histogram and the largest changes. One query."""
    groups = groups_for(table)
    labels = dict(ClientGroup.choices)
    totals = {g: GroupTotals(g, labels[g]) for g in groups}
    largest = []
    if groups:
        sql, params = whatif_sql(table, groups)
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # JIT compiling costs seconds for tens of milliseconds of work; a million priced
                # rows (kept for the largest changes) fit in memory with 64 MB for this statement.
                cursor.execute("SELECT set_config('jit', 'off', true), set_config('work_mem', '64MB', true)")
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        for kind, group, bucket, n, before, after, budget_id in rows:
            if kind == 0:
                t = totals[group]
                t.people += n
                t.before_yearly_pence += int(before) * WEEKS_PER_YEAR
                t.after_yearly_pence += int(after) * WEEKS_PER_YEAR
                t.histogram[BUCKETS[bucket]] += n
            else:
                largest.append((budget_id, labels[group], int(before), int(after), int(after) - int(before)))
    total = GroupTotals("", "All")
    for t in totals.values():
        total.people += t.people
        total.before_yearly_pence += t.before_yearly_pence
        total.after_yearly_pence += t.after_yearly_pence
        for bucket in BUCKETS:
            total.histogram[bucket] += t.histogram[bucket]
    largest.sort(key=lambda row: (-abs(row[4]), row[0]))
    return WhatIf(groups=[t for t in totals.values() if t.people], total=total, largest=largest)
