"""The data folder's records, finished runs and unfinished ones, in one SQLite database.

Why SQLite: the history used to be one JSON file, read, changed and rewritten
whole. Two game windows finishing together lost a run, and a kill between
writing the history and deleting the save recorded a run twice. SQLite gives
what a file cannot: a lock held only for the moment of writing (WAL, so
readers never wait), one transaction for "record the run and forget its
save", and queries that read the few rows the library shows instead of every
run ever played.

`Database.connect()` opens `DATA/offscript.sqlite3`, creating it and bringing
its schema up to `SCHEMA_VERSION` (PRAGMA user_version) through `MIGRATIONS`
in one immediate transaction, so two windows starting together migrate once.
The first migration imports the JSON files of earlier versions (see
`legacy.py`) and leaves them in place, untouched. A read-only folder is
read-only, not empty: the database is opened read-only (or immutable when no
one can write it), and with no database yet the JSON files are read directly.
A file that is not a database is moved aside, like any unreadable file.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from offscript.storage.files import StorageError, move_aside

DATABASE_NAME = "offscript.sqlite3"
SCHEMA_VERSION = 1
BUSY_SECONDS = 15.0  # how long a writer waits for another window's transaction (each takes milliseconds)

SCHEMA_1 = (
    """
CREATE TABLE runs (
    seq INTEGER PRIMARY KEY,            -- the order runs finished in
    run_id TEXT NOT NULL UNIQUE,        -- one run is recorded once, however often its ending is reached
    scenario TEXT NOT NULL,
    title TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    started TEXT NOT NULL,
    finished TEXT NOT NULL,
    mode TEXT NOT NULL,
    steps TEXT NOT NULL,                -- JSON: [[node id, choice index], ...]
    empathy INTEGER NOT NULL,
    ownership INTEGER NOT NULL,
    customer_first INTEGER NOT NULL,
    total INTEGER NOT NULL,
    ending TEXT NOT NULL,
    ending_title TEXT NOT NULL,
    outcome TEXT NOT NULL,
    rewinds INTEGER NOT NULL
)
    """,
    """
CREATE INDEX runs_by_total ON runs (scenario, total DESC, seq)
    """,
    """
CREATE INDEX runs_by_order ON runs (scenario, seq DESC)
    """,
    """
CREATE TABLE run_counts (scenario TEXT PRIMARY KEY, runs INTEGER NOT NULL)
    """,
    """
CREATE TRIGGER count_run AFTER INSERT ON runs BEGIN
    INSERT INTO run_counts (scenario, runs) VALUES (NEW.scenario, 1)
    ON CONFLICT (scenario) DO UPDATE SET runs = runs + 1;
END
    """,
    """
CREATE TABLE saves (
    run_id TEXT PRIMARY KEY,            -- each window's run has its own row: none overwrites another's
    scenario TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    mode TEXT NOT NULL,
    started TEXT NOT NULL,
    updated TEXT NOT NULL,
    steps TEXT NOT NULL,
    node TEXT NOT NULL,
    rewinds INTEGER NOT NULL
)
    """,
    """
CREATE INDEX saves_by_scenario ON saves (scenario, updated)
    """,
)

Migration = Callable[[sqlite3.Connection, Path], list[str]]  # returns one-line reports


def _create_schema_1(connection: sqlite3.Connection, folder: Path) -> list[str]:
    from offscript.storage.legacy import import_json_files

    for statement in SCHEMA_1:
        connection.execute(statement)
    return import_json_files(connection, folder)


MIGRATIONS: tuple[Migration, ...] = (_create_schema_1,)  # MIGRATIONS[n] takes version n to n + 1


class Database:
    """The records database of one data folder; every method opens its own short connection.

    Short connections are what several windows, commands and worker threads on one
    folder need: no connection is shared between threads, and none holds a lock.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / DATABASE_NAME
        self.problems: list[str] = []  # one-line reports from opening: files moved aside, entries skipped
        self._ready = False

    @property
    def exists(self) -> bool:
        return self.path.exists()

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection | None]:
        """A connection to read from, or None (with a problem noted if the file is there but unusable)."""
        connection = self._open_for_reading()
        try:
            yield connection
        except sqlite3.Error as exc:
            self.problems.append(f"{self.path.name} could not be read: {exc}")
        finally:
            if connection is not None:
                connection.close()

    @contextmanager
    def writing(self) -> Iterator[sqlite3.Connection]:
        """One immediate transaction: committed whole when the block ends, or not at all."""
        connection = self._open_for_writing()
        try:
            connection.execute("BEGIN IMMEDIATE")
            yield connection
            connection.execute("COMMIT")
        except sqlite3.Error as exc:
            _rollback(connection)
            raise StorageError(f"cannot write {self.path}: {exc}") from None
        except BaseException:
            _rollback(connection)
            raise
        finally:
            connection.close()

    # --- opening ---------------------------------------------------------------------------

    def _open_for_writing(self) -> sqlite3.Connection:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            return self._ready_connection()
        except (OSError, sqlite3.Error) as exc:
            raise StorageError(f"cannot write {self.path}: {getattr(exc, 'strerror', None) or exc}") from None

    def _open_for_reading(self) -> sqlite3.Connection | None:
        try:
            return self._ready_connection()
        except (OSError, sqlite3.Error) as exc:
            reason = str(exc)  # a read-only folder, say: read what is there without changing it
        if not self.path.exists():
            return None
        connection = self._read_only_connection() or self._copied_connection()
        if connection is None:
            self.problems.append(f"{self.path.name} could not be read ({reason}); it was left as it is")
        return connection

    def _read_only_connection(self) -> sqlite3.Connection | None:
        """The database opened read-only where it is (this needs its -shm file, or a folder to make one)."""
        try:
            connection = sqlite3.connect(f"{self.path.as_uri()}?mode=ro", uri=True, timeout=BUSY_SECONDS)
        except sqlite3.Error:
            return None
        return _if_current(connection)

    def _copied_connection(self) -> sqlite3.Connection | None:
        """The database and its WAL copied out of a folder that allows nothing else, read in memory.

        Not `immutable=1`: that ignores the WAL, which holds the last runs a killed game recorded.
        """
        with tempfile.TemporaryDirectory(prefix="offscript-read-") as folder:
            copy = Path(folder) / DATABASE_NAME
            try:
                shutil.copyfile(self.path, copy)
                wal = self.path.with_name(self.path.name + "-wal")
                if wal.exists():
                    shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))
                source = sqlite3.connect(copy)
            except (OSError, sqlite3.Error):
                return None
            try:
                memory = sqlite3.connect(":memory:")
                source.backup(memory)
            except sqlite3.Error:
                return None
            finally:
                source.close()
        return _if_current(memory)

    def _ready_connection(self) -> sqlite3.Connection:
        """A connection to a database at this version; a file that is not a database is moved aside."""
        try:
            return self._prepared_connection()
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) or not self._move_aside(str(exc)):
                raise  # locked, unreadable or newer: not damage, so the file stays where it is
        return self._prepared_connection()

    def _prepared_connection(self) -> sqlite3.Connection:
        """Connect, and the first time, create or migrate the schema."""
        connection = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None)
        try:
            connection.execute("PRAGMA synchronous = FULL")  # a recorded run survives a power cut, not only a crash
            if not self._ready:
                if _version(connection) != SCHEMA_VERSION:
                    self._migrate(connection)
                else:
                    _use_wal(connection)
                self._ready = True
            return connection
        except BaseException:
            connection.close()
            raise

    def _migrate(self, connection: sqlite3.Connection) -> None:
        _use_wal(connection)
        connection.execute("BEGIN IMMEDIATE")
        try:
            version = _version(connection)  # again, inside the lock: another window may have migrated
            if version > SCHEMA_VERSION:
                raise sqlite3.OperationalError(f"it was made by a newer Offscript (schema {version})")
            for migration in MIGRATIONS[version:]:
                self.problems += migration(connection, self.folder)
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            connection.execute("COMMIT")
        except BaseException:
            _rollback(connection)
            raise

    def _move_aside(self, reason: str) -> bool:
        """Keep a file that is not a database next to itself, so a new one can be made; False if it stays."""
        report = move_aside(self.path, f"it is not a usable database: {reason}")
        self.problems.append(report)
        for suffix in ("-wal", "-shm"):
            companion = self.path.with_name(self.path.name + suffix)
            if companion.exists():
                move_aside(companion, "it belonged to the database moved aside")
        return not self.path.exists()


def _use_wal(connection: sqlite3.Connection) -> None:
    """WAL, so that readers never wait for a writer (a database copied in another mode is switched once)."""
    if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        connection.execute("PRAGMA journal_mode = WAL")


def _if_current(connection: sqlite3.Connection) -> sqlite3.Connection | None:
    """The connection if its database is at this schema version; otherwise closed, and None."""
    try:
        if _version(connection) == SCHEMA_VERSION:
            return connection
    except sqlite3.Error:
        pass
    connection.close()
    return None


def _version(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def _rollback(connection: sqlite3.Connection) -> None:
    try:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
    except sqlite3.Error:
        pass
