"""Shared fixtures: every test gets its own data folder, local folder and config (never the user's)."""

from __future__ import annotations

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
