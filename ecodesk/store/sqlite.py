"""The workspace's SQLite connection.

Queries and writes go straight to `sqlite3`; schema changes (the migrations) go through
sqlite-utils, imported only when a migration runs. Importing sqlite-utils and loading its
plugins costs about 80 ms, a large share of the clerk's window start-up, and day-to-day work
only needs `execute`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils.db import Table


class Database:
    """`execute` in autocommit mode (statements outside `write_transaction` commit at once),
    `conn` for transactions, `table(name)` for sqlite-utils' schema helpers."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        conn.isolation_level = None  # autocommit; transactions are opened explicitly
        self.conn = conn
        self._write_depth = 0  # nesting of write_transaction (see store.db)
        self._schema: Any = None
        # Set by store.db when opening: a workspace on read-only media, and the migration
        # this open ran (the schema it started from and the copy made before it).
        self.read_only = False
        self.path: Path | None = None
        self.migrated_from: int | None = None
        self.migration_backup: Path | None = None

    def execute(
        self, sql: str, parameters: Sequence[Any] | Mapping[str, Any] | None = None
    ) -> sqlite3.Cursor:
        return self.conn.execute(sql, parameters if parameters is not None else ())

    def table(self, name: str) -> Table:
        if self._schema is None:
            from sqlite_utils import Database as SchemaDatabase

            self._schema = SchemaDatabase(self.conn, execute_plugins=False)
        table: Table = self._schema.table(name)
        return table
