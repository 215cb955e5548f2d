"""Shared fixtures: every test gets its own data folder, local folder and config (never the user's)."""

from __future__ import annotations

from pathlib import Path

import pytest

from smtte_tui import auth

# The one place tests make PIN hashing cheap: production's cost (auth.COST, ~0.3 s a hash) would make
# the suite minutes slower. Hashes keep their cost inside them, so everything else works unchanged.
auth.COST = auth.ScryptCost(n=2**4, r=8, p=1)


@pytest.fixture(autouse=True)
def isolated_locations(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("SMTTE_LOCAL_DIR", str(home / "local"))
    monkeypatch.setenv("SMTTE_CONFIG", str(home / "config.toml"))
    monkeypatch.delenv("SMTTE_DATA_DIR", raising=False)
    monkeypatch.delenv("SMTTE_LANG", raising=False)
    from smtte_tui.i18n import set_language

    set_language("da")
    yield home


@pytest.fixture
def slow_share(tmp_path):
    """Mount slow, caching, faulty shares (``smtte_tui.sharesim``) for this test; all are unmounted
    at its end, passed or failed.

        share = slow_share()                          # tmp_path/share-server served at share.mount
        pc2 = slow_share(backing=share.backing)       # a second PC on the same server folder
        fast = slow_share(latency_ms=0, attr_cache_s=1)

    Without FUSE this raises ``ShareSimUnavailable`` (the test fails; it is never skipped).
    """
    from contextlib import ExitStack

    from smtte_tui.sharesim import SlowShare

    with ExitStack() as mounted:
        made: list[SlowShare] = []

        def make(backing: Path | None = None, **settings) -> SlowShare:
            name = f"share{len(made)}" if made else "share"
            if backing is None:
                backing = tmp_path / f"{name}-server"
                backing.mkdir()
            share = mounted.enter_context(SlowShare(backing, tmp_path / f"{name}-mount", **settings))
            made.append(share)
            return share

        yield make
