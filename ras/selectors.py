"""Public reads of the resource allocation stage."""

from ras.models import Allocation, AllocationTable


def indicative_budget(*, budget) -> Allocation | None:
    """The budget's newest indicative budget (an immutable calculation record), if any."""
    return Allocation.objects.filter(budget=budget).select_related("table").order_by("-calculated_at", "-pk").first()


def allocation_table_live(*, council, client_group) -> AllocationTable | None:
    """The published table in force for this client group, or else the council-wide one."""
    tables = AllocationTable.objects.filter(council=council, published_at__isnull=False)
    return (
        tables.filter(client_group=client_group).order_by("-version").first()
        or tables.filter(client_group="").order_by("-version").first()
    )
