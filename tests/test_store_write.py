"""How the store writes a batch on SQLite (its settings, not what it stores)."""

from __future__ import annotations

from newsweave.store import Store

#: PRAGMA temp_store: 0 is SQLite's default (files), 2 is memory
_DEFAULT, _MEMORY = 0, 2


def test_batch_keeps_temporary_storage_in_memory_only_while_it_lasts(db):
    """A batch keeps the journals of its savepoints in memory; the connection goes back
    to the pool with SQLite's default, under which large sorts (an export) spill to
    files instead of growing in memory."""
    with Store(db) as store:
        with store.batch():
            assert store._batch is not None
            assert store._batch.exec_driver_sql("PRAGMA temp_store").scalar() == _MEMORY
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA temp_store").scalar() == _DEFAULT


def test_a_batch_connection_that_keeps_memory_temp_storage_is_not_reused(db, monkeypatch):
    import sqlite3

    import newsweave.store as store_module

    set_pragma = store_module._driver_pragma

    def refuse_reset(conn, pragma):
        if pragma == store_module._DEFAULT_TEMP_STORE:
            raise sqlite3.OperationalError("refused by the test")
        set_pragma(conn, pragma)

    monkeypatch.setattr(store_module, "_driver_pragma", refuse_reset)
    with Store(db) as store:
        with store.batch():
            pass
        monkeypatch.undo()
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA temp_store").scalar() == _DEFAULT
