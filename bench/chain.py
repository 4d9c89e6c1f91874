"""The long-history fixture: a chain of N revision files over a 20-table schema.

Revision 1 creates the 20 tables s00..s19; each later revision k makes one change, in turn:
adds a nullable column c<k> to a base table, indexes the column the previous revision added,
or creates a small table x<k>; each has the downgrade that undoes it (a drop_column is a table
rebuild on SQLite). Ids are derived from k, so a chain is the same on every run.
"""

import hashlib
from pathlib import Path

BASE_TABLES = 20


def revision_id(k: int) -> str:
    return hashlib.sha1(f"crewstudio-bench-{k}".encode()).hexdigest()[:12]


def base_tables() -> list[str]:
    ops = []
    for i in range(BASE_TABLES):
        ops.append(
            f"  - create_table:\n"
            f"      name: s{i:02d}\n"
            f"      columns:\n"
            f"        - {{name: id, type: integer, nullable: false, autoincrement: true}}\n"
            f"        - {{name: name, type: string(100), nullable: false}}\n"
            f"        - {{name: body, type: text}}\n"
            f"        - {{name: created_at, type: datetime(timezone), nullable: false, "
            f"server_default: CURRENT_TIMESTAMP}}\n"
            f"      primary_key: {{name: pk_s{i:02d}, columns: [id]}}\n"
        )
    return ops


def change(k: int) -> tuple[str, str, str]:
    """The message, the single upgrade op and its downgrade op of revision k >= 2."""
    kind = (k - 2) % 3
    if kind == 0:
        table = f"s{k % BASE_TABLES:02d}"
        return (f"add column c{k} to {table}",
                f"  - add_column: {{table: {table}, column: {{name: c{k}, type: string(50)}}}}\n",
                f"  - drop_column: {{table: {table}, name: c{k}}}\n")
    if kind == 1:
        col = k - 1  # the column revision k-1 added
        table = f"s{col % BASE_TABLES:02d}"
        return (f"index {table}.c{col}",
                f"  - create_index: {{name: ix_{table}_c{col}, table: {table}, "
                f"columns: [c{col}]}}\n",
                f"  - drop_index: {{name: ix_{table}_c{col}, table: {table}}}\n")
    return (f"create table x{k}",
            f"  - create_table:\n"
            f"      name: x{k}\n"
            f"      columns:\n"
            f"        - {{name: id, type: integer, nullable: false, autoincrement: true}}\n"
            f"        - {{name: label, type: string(50)}}\n"
            f"      primary_key: {{name: pk_x{k}, columns: [id]}}\n",
            f"  - drop_table: {{name: x{k}}}\n")


def write_chain(directory: Path, n: int) -> str:
    """Writes revisions 1..n into directory; returns the head's id."""
    directory.mkdir(parents=True, exist_ok=True)
    parent = None
    for k in range(1, n + 1):
        rid = revision_id(k)
        # The downgrade is written out: a revision without one reverts nothing.
        if k == 1:
            message, body = "base schema of 20 tables", "".join(base_tables())
            down = "".join(f"  - drop_table: {{name: s{i:02d}}}\n"
                           for i in reversed(range(BASE_TABLES)))
        else:
            message, body, down = change(k)
        slug = "".join(ch if ch.isalnum() else "_" for ch in message.lower())
        text = (f"revision: {rid}\n"
                f"down_revision: {parent if parent else 'null'}\n"
                f"message: {message}\n"
                f"created_at: 2026-11-27T00:00:00Z\n"
                f"upgrade:\n{body}"
                f"downgrade:\n{down}")
        (directory / f"20261127_0000_{rid}_{slug}.yaml").write_text(text)
        parent = rid
    return parent
