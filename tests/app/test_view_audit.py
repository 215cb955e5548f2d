"""Every view of several borgere leaves one audit event naming the borgere it showed, and a search
in the picker is audited once with its term, through the real app and the real data folder."""

from __future__ import annotations

import datetime as dt

import pytest

from smtte_tui.models import AuditEvent, Opfoelgningsplan, PdsaCycle, SmttePlan
from smtte_tui.store import Store
from tests.people import acting

from .conftest import NOW, open_app, sign_in, wait_for

TODAY = NOW.date()
SIZE = (130, 40)


@pytest.fixture
def busy(house):
    """The house with Anna's follow-up overdue, Bent's due in five days (Åse's far off), and a
    prøvehandling of Bent's past its end without a decision."""
    store = Store(house["data"], local_dir=house["tmp"] / "local", clock=lambda: NOW)
    anna, bent, aase = (house["borgere"][name] for name in ("Anna", "Bent", "Åse"))
    dates = {anna.id: TODAY - dt.timedelta(days=3), bent.id: TODAY + dt.timedelta(days=5), aase.id: TODAY + dt.timedelta(days=60)}
    for borger_id, day in dates.items():
        follow_up = Opfoelgningsplan(naeste_opfoelgning=day).model_dump(mode="json")
        store.update(SmttePlan, house["plans"][borger_id].id, {"evaluering": follow_up}, "LE")
    plan = house["plans"][bent.id]
    store.create(
        PdsaCycle(borger_id=bent.id, plan_id=plan.id, tiltag_id=plan.tiltag[0].id, formaal="Bent vælger selv tøj", start=TODAY - dt.timedelta(days=20), slut=TODAY - dt.timedelta(days=6)), "LE"
    )
    store.close()
    return {**house, "anna": anna, "bent": bent, "aase": aase}


def events(app, handling: str) -> list[AuditEvent]:
    return [e for e in app.store.all(AuditEvent) if e.handling == handling]


async def recorded(pilot, handling: str) -> AuditEvent:
    """The one event of this kind, once its worker has written it."""
    await wait_for(pilot, lambda: events(pilot.app, handling))
    [event] = events(pilot.app, handling)
    return event


async def test_the_home_list_is_audited_once_and_again_when_a_new_borger_appears(busy):
    from smtte_tui.models import Borger

    app = open_app(busy, local="stue")
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "MA")
        event = await recorded(pilot, "laes_borgerliste")
        assert (event.medarbejder, event.maal) == ("MA", "hjem")
        assert sorted(event.borgere) == sorted(b.id for b in busy["borgere"].values())
        app.screen.load()  # a refresh drawing the same borgere adds nothing to who saw whom
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert len(events(app, "laes_borgerliste")) == 1
        office = Store(busy["data"], local_dir=busy["tmp"] / "kontor", clock=lambda: NOW)
        carl = Borger(navn="Carl Berg", kortnavn="CB", bolig="Lejl. 4")
        office.create(carl, "LE")  # another terminal: the poll brings him onto the list
        office.close()
        await wait_for(pilot, lambda: len(events(app, "laes_borgerliste")) == 2)
    assert sorted(len(e.borgere) for e in events(app, "laes_borgerliste")) == [3, 4]
    assert any(carl.id in e.borgere for e in events(app, "laes_borgerliste"))


async def test_f2_records_who_still_lacks_signs(busy):
    from smtte_tui.screens.shift.missing import MissingScreen

    app = open_app(busy, local="stue")
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "MA")
        await pilot.press("f2")
        await wait_for(pilot, lambda: isinstance(app.screen, MissingScreen))
        event = await recorded(pilot, "laes_mangler")
    assert (event.medarbejder, event.maal, event.borger_id) == ("MA", "mangler", None)
    assert sorted(event.borgere) == sorted(b.id for b in busy["borgere"].values())  # nobody is logged yet


async def test_f4_and_the_overviews_evaluation_list_record_the_borgere_due(busy):
    from smtte_tui.screens.evaluation.due import DueScreen
    from smtte_tui.screens.overview.overview import OverviewScreen

    app = open_app(busy, local="kontor")
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "TH")
        await pilot.press("f4")
        await wait_for(pilot, lambda: isinstance(app.screen, DueScreen) and app.screen.rows)
        first = await recorded(pilot, "laes_forfaldne")
        assert (first.medarbejder, first.maal) == ("TH", "evalueringer")
        assert first.borgere == [busy["anna"].id, busy["bent"].id]  # Åse's meeting is two months off
        await pilot.press("escape")
        await pilot.press("f6")
        await wait_for(pilot, lambda: isinstance(app.screen, OverviewScreen) and app.screen.board is not None)
        overview = await recorded(pilot, "laes_overblik")
        assert busy["anna"].id in overview.borgere  # her overdue follow-up is a finding
        await pilot.press("e")
        await wait_for(pilot, lambda: len(events(app, "laes_forfaldne")) == 2)
    assert [e.borgere for e in events(app, "laes_forfaldne")] == [[busy["anna"].id, busy["bent"].id]] * 2


async def test_f8_records_the_borgere_of_overdue_proevehandlinger(busy):
    from smtte_tui.screens.pdsa.pdsa_list import PdsaOverdueScreen

    app = open_app(busy, local="kontor")
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "TH")
        await pilot.press("f8")
        await wait_for(pilot, lambda: isinstance(app.screen, PdsaOverdueScreen) and app.screen.loaded)
        event = await recorded(pilot, "laes_pdsa_forfaldne")
    assert (event.medarbejder, event.borgere) == ("TH", [busy["bent"].id])


async def test_the_time_out_records_every_borger_on_it(busy):
    from smtte_tui.screens.overview.timeout import TimeoutScreen

    app = open_app(busy, local="stue")
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "MA")
        await pilot.press("f5")
        await wait_for(pilot, lambda: isinstance(app.screen, TimeoutScreen) and app.screen.rows)
        event = await recorded(pilot, "laes_timeout")
    assert sorted(event.borgere) == sorted(b.id for b in busy["borgere"].values())


async def test_the_administrations_lists_are_audited_with_the_borgere_shown(busy):
    from smtte_tui.screens.admin.admin import AdminScreen

    app = open_app(busy, local="kontor")
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "LE")
        await pilot.press("f9")
        await wait_for(pilot, lambda: isinstance(app.screen, AdminScreen) and app.screen.borgere)
        borgere = await recorded(pilot, "laes_admin_borgere")
        staff = await recorded(pilot, "laes_admin_personale")
    assert (borgere.medarbejder, borgere.maal) == ("LE", "borgere")
    assert sorted(borgere.borgere) == sorted(b.id for b in busy["borgere"].values())
    assert (staff.medarbejder, staff.maal, staff.borgere) == ("LE", "personale", [])


# --- searches -------------------------------------------------------------------------------------


async def test_a_search_is_audited_once_with_its_term_when_a_borger_is_opened(busy):
    from smtte_tui.screens.shift.log import LogScreen

    app = open_app(busy, local="stue")
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "MA")
        await pilot.press(*"ann", "enter")  # quicker than the pause: the opening records the term
        await wait_for(pilot, lambda: isinstance(app.screen, LogScreen))
        search = await recorded(pilot, "soeg")
        await wait_for(pilot, lambda: events(app, "laes_borger"))
    assert (search.medarbejder, search.soegeord, search.maal, search.borgere) == ("MA", "ann", "soeg", [busy["anna"].id])


async def test_a_term_left_standing_is_audited_after_the_pause_and_not_per_keystroke(busy):
    from smtte_tui.screens.shift.home import HomeScreen

    app = open_app(busy, local="stue")
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "MA")
        await pilot.press(*"lejl")  # every borger lives in a "Lejl."
        search = await recorded(pilot, "soeg")  # no key pressed: the pause alone records it
        assert (search.soegeord, sorted(search.borgere)) == ("lejl", sorted(b.id for b in busy["borgere"].values()))
        await pilot.press("backspace", "backspace", "backspace", "backspace", *"bent")
        await wait_for(pilot, lambda: len(events(app, "soeg")) == 2)
        await pilot.press("escape")  # an already recorded term is not recorded again on clearing
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert isinstance(app.screen, HomeScreen)
    terms = sorted((e.soegeord, e.borgere) for e in events(app, "soeg"))
    assert terms == [("bent", [busy["bent"].id]), ("lejl", search.borgere)]


async def test_a_search_cleared_at_once_or_left_by_the_lock_is_still_audited_as_its_searcher(busy):
    from smtte_tui.screens.signin.lock import LockScreen

    app = open_app(busy, local="stue")
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "MA")
        await pilot.press(*"bent", "escape")
        await wait_for(pilot, lambda: events(app, "soeg"))
        await pilot.press(*"åse", "ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, LockScreen) and len(events(app, "soeg")) == 2)
    terms = sorted((e.soegeord, e.medarbejder, e.borgere) for e in events(app, "soeg"))
    assert terms == [("bent", "MA", [busy["bent"].id]), ("åse", "MA", [busy["aase"].id])]


async def test_the_insight_export_from_the_audit_viewer_holds_the_views_and_searches_that_showed_her(busy):
    from smtte_tui.features.admin import auditlog
    from smtte_tui.models import Medarbejder

    app = open_app(busy, local="stue")
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "MA")
        await pilot.press(*"bent", "escape")
        await wait_for(pilot, lambda: events(app, "soeg"))
        await pilot.press("f2")
        await wait_for(pilot, lambda: events(app, "laes_mangler"))
    store = Store(busy["data"], local_dir=busy["tmp"] / "kontor", clock=lambda: NOW)
    leder = next(m for m in store.all(Medarbejder) if m.initialer == "LE")
    path = auditlog.write_insight(acting(store, leder, now=NOW, terminal=store.writer), busy["bent"].id, "txt", busy["tmp"] / "bent.txt")
    text = path.read_text(encoding="utf-8")
    assert "MA (Mads Andersen): søgte – viste 1 borger – Søgeord: «bent»" in text
    assert "MA (Mads Andersen): så hvem der mangler tegn – viste 3 borgere" in text
    assert "MA (Mads Andersen): så borgerlisten – viste 3 borgere" in text
    store.close()
