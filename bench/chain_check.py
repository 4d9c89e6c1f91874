#!/usr/bin/env python3
"""ctest bench_chain: the long-history fixture is sound and its floor is a fair one.

A short chain (every kind of step, several times) upgrades to head and downgrades to base
through the engine; the offline script the floor runs, executed by the sqlite3 client, leaves
the same schema and version rows at head and the same tables at base.
Usage: chain_check.py CREWSTUDIO_BINARY
"""

import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import chain  # noqa: E402


def run(cmd, stdin_path=None):
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    try:
        done = subprocess.run(cmd, stdin=stdin, capture_output=True, text=True)
    finally:
        if stdin_path:
            stdin.close()
    if done.returncode != 0:
        sys.exit(f"FAILED: {' '.join(map(str, cmd))} exited {done.returncode}\n"
                 f"{done.stdout}{done.stderr}")
    return done.stdout


def state(db):
    """The schema DDL and the version rows, as sqlite3 prints them."""
    return (run(["sqlite3", str(db), ".schema"]),
            run(["sqlite3", str(db), "SELECT version_num FROM migrate_version"]))


def main():
    binary = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        versions = work / "versions"
        head = chain.write_chain(versions, 12)

        def db(path, *args):
            return run([binary, "db", "--database-url", f"sqlite:///{path}",
                        "--migrations-dir", str(versions), *args])

        engine, floor = work / "engine.db", work / "floor.db"
        db(engine, "upgrade", "head")
        current = db(engine, "current")
        if f"{head} (head)" not in current:
            sys.exit(f"FAILED: after upgrade head, db current says {current!r}, not {head}")
        up_sql, down_sql = work / "up.sql", work / "down.sql"
        up_sql.write_text(db(engine, "upgrade", "--sql", "base:head", "--dialect", "sqlite"))
        down_sql.write_text(db(engine, "downgrade", "--sql", "head:base", "--dialect", "sqlite"))
        run(["sqlite3", "-bail", str(floor)], up_sql)
        at_head = state(engine)
        if "CREATE TABLE x4" not in at_head[0] or "ix_s02_c2" not in at_head[0]:
            sys.exit(f"FAILED: the chain's tables and indexes are missing:\n{at_head[0]}")
        if state(floor) != at_head:
            sys.exit(f"FAILED: the floor's script left another schema at head:\n"
                     f"engine:\n{at_head}\nfloor:\n{state(floor)}")

        db(engine, "downgrade", "base")
        run(["sqlite3", "-bail", str(floor)], down_sql)
        tables = run(["sqlite3", str(engine), ".tables"]).split()
        if sorted(tables) != ["migrate_history", "migrate_version"]:
            sys.exit(f"FAILED: downgrade base left tables {tables}")
        if state(floor) != state(engine):
            sys.exit("FAILED: the floor's downgrade script left another schema at base")
    print("chain of 12: engine and floor agree at head and at base")


if __name__ == "__main__":
    main()
