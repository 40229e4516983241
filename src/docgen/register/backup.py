"""``docgen register backup``: a consistent copy of the register while clerks keep working."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from docgen.errors import RegisterError
from docgen.register.base import RegisterBase
from docgen.register.copies import default_backup, pg_dump, sqlite_copy
from docgen.register.postgres import PostgresDialect


class Backups(RegisterBase):
    """``docgen register backup``: a copy of the whole register, clerks working meanwhile."""

    def backup(self, out: Path | None = None) -> Path:
        """Write a consistent copy of the register to ``out`` (default: ``default_backup``);
        an SQLite copy is itself a register, a PostgreSQL one an SQL dump. The act is logged
        once the copy is whole."""
        target = out if out is not None else default_backup(self.dialect)
        if target.exists() and target.is_dir():
            target = target / default_backup(self.dialect).name
        if isinstance(self.dialect, PostgresDialect):
            pg_dump(self.dialect.url, target, self.dialect.target)
        else:
            with self._connect() as conn:
                try:
                    sqlite_copy(conn, target)
                except (OSError, sqlite3.Error) as exc:
                    raise RegisterError(
                        f"cannot back up the register {self.target} into {target}: {exc}",
                        code="REGISTER-BACKUP",
                    ) from exc
        self.record("backup", spec=str(target), detail=f"copied the register into {target}")
        return target
