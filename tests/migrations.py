"""
Helpers for tests of data migrations. They take the database back to an old state and forward
again; the core (`pbudget`) stays at its newest migration, as it does in a real upgrade of one
app, and whatever happens the database ends at the newest state, or every later test would run
against an old schema.
"""

import contextlib

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def _executor():
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor


def with_newest_core(nodes):
    """The nodes plus the core's newest migration, so historical models have every core column."""
    leaves = _executor().loader.graph.leaf_nodes()
    return [*nodes, *(node for node in leaves if node[0] == "pbudget")]


def migrate(nodes):
    """Migrate to `nodes` (with the newest core) and return the historical apps there."""
    nodes = with_newest_core(nodes)
    executor = _executor()
    executor.migrate(nodes)
    return executor.loader.project_state(nodes).apps


@contextlib.contextmanager
def newest_afterwards():
    """Whatever the test does, leave the database at the newest migrations."""
    try:
        yield
    finally:
        executor = _executor()
        executor.migrate(executor.loader.graph.leaf_nodes())
