"""
Allocation table services: drafts (start, edit, import), publishing. Council administrators of
the table's council only. A published version never changes; a draft is edited under a row
lock with a lock_version, so two administrators editing at once can't overwrite each other.
Each change writes an audit entry and a row of the table's history (AllocationTableEvent).
"""

import copy

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from pbudget.lifecycle import MoveNotAllowed
from pbudget.models import AuditEntry, Role
from pbudget.money import format_pence
from ras.calculation import table_problems
from ras.models import AllocationTable, AllocationTableEvent
from ras.selectors import allocation_table_compare, allocation_table_live
from ras.spreadsheet import rows_to_fields

COPIED = ["method", "price_per_point_pence", "floor_weekly_pence", "ceiling_weekly_pence", "section_weights", "bands", "adjustments"]
EDITABLE = ["name", "effective_from", *COPIED]
CHANGED_SINCE = "Someone else changed this draft after you opened it. Look at it again before you change it."


def _require_admin(actor, council_id):
    if actor.role != Role.COUNCIL_ADMIN or actor.council_id != council_id:
        raise MoveNotAllowed("Only a council administrator of this council can change its allocation tables.")


def _audit(actor, table, what, *, kind, note="", changes=()):
    # A table names nobody: the entry belongs to the council, not to a person's record.
    AuditEntry.objects.create(user=actor, council_id=table.council_id, action=AuditEntry.Action.CHANGE, what=what[:200])
    AllocationTableEvent.objects.create(table=table, kind=kind, actor=actor, note=note[:200], changes=[list(c) for c in changes])


def _next_version(council, client_group):
    latest = AllocationTable.objects.filter(council=council, client_group=client_group).aggregate(v=Max("version"))["v"]
    return (latest or 0) + 1


@transaction.atomic
def allocation_table_draft_start(*, council, client_group, actor, fields=None, source="") -> AllocationTable:
    """
    A new draft version for a client group: a copy of the table live for that group today
    (or the given `fields`, from an import or a calibration, which `source` names for the
    history). Versions are numbered per council and group under a lock on the council's tables,
    so two drafts never share a number.
    """
    _require_admin(actor, council.pk)
    list(AllocationTable.objects.select_for_update().filter(council=council, client_group=client_group).values_list("pk"))
    live = allocation_table_live(council=council, client_group=client_group)
    base = {name: getattr(live, name) for name in COPIED} if live else {
        "method": "points", "price_per_point_pence": 850, "floor_weekly_pence": 0, "ceiling_weekly_pence": 120_000,
    }
    values = {**base, **(fields or {})}
    values.setdefault("name", f"{live.name if live else 'Allocation table'} (draft)")
    values.setdefault("effective_from", timezone.localdate())
    table = AllocationTable.objects.create(
        council=council, client_group=client_group, version=_next_version(council, client_group), created_by=actor, **values,
    )
    if not source:
        source = f"Copied from {live.name}, version {live.version}" if live else "Started from the standard rules"
        if fields:
            source += ", with changes"
    _audit(actor, table, f"Started draft allocation table {table.name}, version {table.version}", kind=AllocationTableEvent.Kind.STARTED, note=source)
    return table


def _draft_locked(*, table, actor, lock_version):
    """The draft, row-locked, if the actor may change it and nobody changed it since `lock_version`."""
    locked = AllocationTable.objects.select_for_update().get(pk=table.pk)
    _require_admin(actor, locked.council_id)
    if locked.is_published:
        raise MoveNotAllowed("A published table never changes. Start a new draft to change the rules.")
    if lock_version is None or str(lock_version) != str(locked.lock_version):
        raise MoveNotAllowed(CHANGED_SINCE)
    return locked


@transaction.atomic
def allocation_table_draft_update(*, table, actor, lock_version, fields) -> AllocationTable:
    """Change a draft's rules. Refused for a published table, or one changed since `lock_version`."""
    locked = _draft_locked(table=table, actor=actor, lock_version=lock_version)
    before = copy.copy(locked)
    for name, value in fields.items():
        if name not in EDITABLE:
            raise ValueError(f"{name} is not a table rule")
        setattr(locked, name, value)
    locked.lock_version += 1
    locked.save()
    changes = allocation_table_compare(table=locked, live=before)
    if before.name != locked.name:
        changes.insert(0, ("Name", before.name, locked.name))
    _audit(actor, locked, f"Changed draft allocation table {locked.name}, version {locked.version}",
           kind=AllocationTableEvent.Kind.EDITED, note="" if changes else "Saved with no change", changes=changes)
    return locked


def allocation_table_import(*, council, client_group, actor, rows) -> AllocationTable:
    """A new draft from spreadsheet rows. Raises spreadsheet.TableProblems (row-numbered) and stores nothing."""
    fields = rows_to_fields(rows)
    return allocation_table_draft_start(council=council, client_group=client_group, actor=actor, fields=fields, source="Imported from a spreadsheet")


@transaction.atomic
def allocation_table_publish(*, table, actor, lock_version) -> AllocationTable:
    """
    Publish a draft: from its effective date it is the live table for its client group. It must
    be valid and take effect today or later (history is never rewritten). Indicative budgets
    already worked out, and agreed budgets, are records and do not change.
    """
    locked = _draft_locked(table=table, actor=actor, lock_version=lock_version)
    problems = table_problems(locked.rules())
    if problems:
        raise MoveNotAllowed("The table can't be published: " + " ".join(problems))
    if locked.effective_from < timezone.localdate():
        raise MoveNotAllowed("The table can't take effect in the past: change its effective date to today or later.")
    locked.published_at, locked.published_by = timezone.now(), actor
    locked.lock_version += 1
    locked.save(update_fields=["published_at", "published_by", "lock_version"])
    price = f", {format_pence(locked.price_per_point_pence)} a point" if locked.method == "points" else ""
    _audit(actor, locked, f"Published allocation table {locked.name}, version {locked.version}{price}",
           kind=AllocationTableEvent.Kind.PUBLISHED, note=f"Live from {locked.effective_from:%-d %B %Y}")
    return locked
