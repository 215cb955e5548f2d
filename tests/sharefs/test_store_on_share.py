"""The store on the simulated share: the simulator must serve every file operation the store uses."""

from __future__ import annotations

from smtte_tui.models import Borger
from smtte_tui.store import Store
from tests.people import house_staff


def test_the_store_saves_and_reads_back_through_the_slow_share(slow_share, tmp_path):
    """Folders, temp file, fsync of file and folder, atomic replace; a second PC reads it."""
    office = slow_share(latency_ms=1)
    with Store(office.mount, local_dir=tmp_path / "office", create=True) as store:
        store.create_many([*house_staff(), Borger(navn="Anna Jensen", kortnavn="AJ")], "LE")
    calls = office.calls()
    assert calls["rename"] >= 1 and calls["fsync"] >= 1 and calls["mkdir"] >= 1

    night = slow_share(backing=office.backing, latency_ms=1)
    with Store(night.mount, local_dir=tmp_path / "night", readonly=True) as reader:
        assert [b.navn for b in reader.all(Borger)] == ["Anna Jensen"]
        assert reader.problems == {}
