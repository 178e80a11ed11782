"""
What if a draft table were live? The council's current caseload re-priced under the draft in one
SQL statement, set-based, never a loop of saves: nothing is stored and nobody's budget changes.

The caseload is each open budget's newest indicative budget, re-worked from the answers it used
(AllocationAnswer) for the client groups the draft would apply to. The arithmetic is integers in
thousandths of a penny (weights have at most 3 decimal places), so PostgreSQL and SQLite give the
same pence as ras.calculation, rounded once, halves up.
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


def whatif_sql(table, groups):
    """The statement and its parameters. Separate so the benchmark can time exactly this."""
    rules = table.rules()
    # Weights and adjustments as CASE expressions on each answer: far cheaper than joining
    # 10 million answer rows to small relations.
    weight_case, weight_params = "1000", []
    if rules.section_weights:
        weight_case = "CASE a.section_key " + " ".join(["WHEN %s THEN CAST(%s AS BIGINT)"] * len(rules.section_weights)) + " ELSE 1000 END"
        weight_params = [x for k, v in rules.section_weights.items() for x in (k, int(v * 1000))]
    adjust_case, adjust_params = "0", []
    if rules.adjustments:
        adjust_case = "CASE " + " ".join(["WHEN a.question_key = %s AND a.option_key = %s THEN CAST(%s AS BIGINT)"] * len(rules.adjustments)) + " ELSE 0 END"
        adjust_params = [x for a in rules.adjustments for x in (a.question_key, a.option_key, a.weekly_pence)]
    params = [*weight_params, *adjust_params]
    if rules.method == "points":
        base, base_params = "p.wm * CAST(%s AS BIGINT)", [rules.price_per_point_pence]
    else:
        whens = " ".join("WHEN p.wm >= %s AND p.wm < %s THEN CAST(%s AS BIGINT)" if b.to_points is not None else "WHEN p.wm >= %s THEN CAST(%s AS BIGINT)" for b in rules.bands)
        base = f"CASE {whens} END * 1000"
        base_params = [x for b in rules.bands for x in ((b.from_points * 1000, b.to_points * 1000, b.weekly_pence) if b.to_points is not None else (b.from_points * 1000, b.weekly_pence))]
    group_marks = ", ".join(["%s"] * len(groups))
    ceiling_m, floor_m = rules.ceiling_weekly_pence * 1000, rules.floor_weekly_pence * 1000
    sql = f"""
    WITH cases AS (
        -- Each open budget's newest indicative budget (no newer record for the same budget).
        SELECT al.id, al.budget_id, al.weekly_pence AS before, pe.client_group
        FROM pbudget_personalbudget b
        JOIN pbudget_person pe ON pe.id = b.person_id
        JOIN ras_allocation al ON al.budget_id = b.id
        WHERE b.council_id = %s AND b.status <> %s AND pe.client_group IN ({group_marks})
          AND NOT EXISTS (SELECT 1 FROM ras_allocation newer WHERE newer.budget_id = al.budget_id AND newer.id > al.id)
    ), p AS (
        SELECT a.allocation_id, CAST(SUM(CAST(a.points AS BIGINT) * {weight_case}) AS BIGINT) AS wm,
               CAST(SUM({adjust_case}) AS BIGINT) AS adjust
        FROM ras_allocationanswer a
        JOIN cases ON cases.id = a.allocation_id
        GROUP BY a.allocation_id
    ), priced AS (
        SELECT cases.budget_id, cases.client_group, cases.before, {base} + p.adjust * 1000 AS m
        FROM cases JOIN p ON p.allocation_id = cases.id
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
    return sql, [table.council_id, Status.CLOSED, *groups, *params, *base_params, ceiling_m, floor_m, floor_m]


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
                # The planner's row estimates for the inline rule relations are huge, so it JIT-
                # compiles the statement: seconds of compiling for tens of milliseconds of work.
                cursor.execute("SET LOCAL jit = off")
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
