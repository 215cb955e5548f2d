"""The JSON store on a shared drive. ``Store`` is the one interface the rest of smtte uses."""

from smtte_tui.store.access import NotAllowed
from smtte_tui.store.files import ShareUnavailable
from smtte_tui.store.fold import FieldConflict
from smtte_tui.store.revision import Revision
from smtte_tui.store.store import (
    Changes,
    DataDirMissing,
    InvalidData,
    NotSmtteFolder,
    ReadOnlyStore,
    Store,
    StoreError,
    SyncState,
    UnknownEntity,
)

__all__ = [
    "Changes",
    "DataDirMissing",
    "FieldConflict",
    "InvalidData",
    "NotAllowed",
    "NotSmtteFolder",
    "ReadOnlyStore",
    "Revision",
    "ShareUnavailable",
    "Store",
    "StoreError",
    "SyncState",
    "UnknownEntity",
]
