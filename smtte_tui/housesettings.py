"""The house's security settings, kept in the data folder so every terminal uses the same ones.

Sign-in lockout and the idle lock are a house's decision, not a user's: they live in one
:class:`~smtte_tui.models.HusIndstillinger` record (id :data:`HUS_ID`) that only a leder may write
(the store's role rule; see :func:`smtte_tui.features.admin.staffadmin.change_settings`), never in a per-user
``config.toml``, where anyone could switch the lockout off for themself. Until a leder changes
something, the defaults of the model hold (3 wrong PINs within 24 hours block for 24 hours; the
screen locks after 5 idle minutes).
"""

from __future__ import annotations

from annotated_types import Ge, Le

from smtte_tui.models import HusIndstillinger
from smtte_tui.store import Store

HUS_ID = "hus"
FIELDS: tuple[str, ...] = ("max_failed_logins", "failed_login_window_hours", "block_hours", "lock_after_minutes")


def current(store: Store) -> HusIndstillinger:
    """The settings every terminal uses now: the leder's record, or the defaults."""
    return store.get(HusIndstillinger, HUS_ID) or HusIndstillinger(id=HUS_ID)


def bounds(name: str) -> tuple[int, int]:
    """The lowest and highest value the model allows for one setting."""
    metadata = HusIndstillinger.model_fields[name].metadata
    low: int = next(m.ge for m in metadata if isinstance(m, Ge))  # type: ignore[assignment]  # annotated-types says only 'comparable'; the model's bounds are ints
    high: int = next(m.le for m in metadata if isinstance(m, Le))  # type: ignore[assignment]
    return int(low), int(high)
