"""The leder's administration through the real app: staff and borger lists with one key per
action, a blocked colleague unblocked, and the audit log filtered and exported for aktindsigt."""

from __future__ import annotations

import csv
import datetime as dt
import io

from smtte_tui.models import AuditEvent, Borger, Medarbejder
from smtte_tui.store import Store

from .conftest import NOW, PIN, open_app, sign_in, wait_for


def message(app) -> str:
    return str(app.screen.query_one("#admin-message").render())


def lock_message(app) -> str:
    return str(app.screen.query_one("#lock-message").render())


def cells(table) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]


async def open_admin(pilot):
    from smtte_tui.screens.admin.admin import AdminScreen

    await pilot.press("f9")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, AdminScreen) and pilot.app.screen.staff_rows and pilot.app.screen.borgere)
    return pilot.app.screen


def reader(house) -> Store:
    return Store(house["data"], local_dir=house["tmp"] / "reader", readonly=True, clock=lambda: NOW)


async def wrong_pins(pilot, initials: str, times: int) -> None:
    await wait_for(pilot, lambda: pilot.app.screen.query("#initials"))
    await pilot.press(*initials, "enter")
    for attempt in range(times):
        before = lock_message(pilot.app)
        await pilot.press(*"9999", "enter")
        await wait_for(pilot, lambda: lock_message(pilot.app) not in ("", before) or (attempt and "spærret" in lock_message(pilot.app)))


async def test_mads_is_blocked_after_three_wrong_pins_and_the_leder_unblocks_him(house):
    from smtte_tui.screens.signin.lock import LockScreen

    app = open_app(house)
    async with app.run_test(size=(130, 40)) as pilot:
        await wrong_pins(pilot, "MA", 3)
        assert "spærret" in lock_message(app)
        await pilot.press("escape")  # clear the lock screen for the next person
        await sign_in(pilot, "LE")
        screen = await open_admin(pilot)
        staff = screen.query_one("#admin-staff")
        assert cells(staff)[1][:4] == ["MA", "Mads Andersen", "medarbejder", "ja"]
        assert cells(staff)[1][4] == "26.11. 14:30"  # blocked for 24 hours
        await pilot.press("f2", "down", "u")
        await wait_for(pilot, lambda: "MA er låst op" in message(app))
        await wait_for(pilot, lambda: cells(staff)[1][4] == "")
        await pilot.press("u")  # not blocked any more: says so, writes nothing
        await wait_for(pilot, lambda: "MA er ikke spærret" in message(app))
        await pilot.press("escape", "ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, LockScreen))
        await sign_in(pilot, "MA")
        assert app.user.initialer == "MA"
    with reader(house) as store:
        store.load_audit()
        assert [e.medarbejder for e in store.all(AuditEvent) if e.handling == "laast_op"] == ["LE"]


async def test_the_leder_changes_roles_closes_an_account_sets_a_pin_and_looks_after_borgere(house):
    from smtte_tui.screens.shift.home import HomeScreen
    from smtte_tui.screens.signin.lock import LockScreen

    anna = house["borgere"]["Anna"]
    app = open_app(house)
    async with app.run_test(size=(130, 40)) as pilot:
        await sign_in(pilot, "LE")
        screen = await open_admin(pilot)
        staff, borgere = screen.query_one("#admin-staff"), screen.query_one("#admin-borgere")
        assert [row[0] for row in cells(staff)] == ["LE", "MA", "TH"]
        assert cells(borgere)[0] == ["Anna Jensen", "AJ", "Lejl. 1", "", "ja"]

        await pilot.press("f2", "down", "r", "t", "enter")  # Mads becomes tovholder
        await wait_for(pilot, lambda: cells(staff)[1][2] == "tovholder")
        assert "MA er nu tovholder" in message(app)
        await pilot.press("d", "j")  # ... and leaves: his account is closed
        await wait_for(pilot, lambda: [row[0] for row in cells(staff)] == ["LE", "TH", "MA"])
        assert cells(staff)[2][3] == "nej"
        await pilot.press("up", "up", "d", "j")  # Lene is the only leder: she cannot close her own account
        await wait_for(pilot, lambda: "sidste aktive leder" in message(app))
        await pilot.press("down", "p", *"135791", "enter", *"135791", "enter")  # Tove forgot her PIN
        await wait_for(pilot, lambda: "TH har fået en ny PIN-kode" in message(app))

        await pilot.press("f3", "k", *"xy", "enter")  # not a colleague
        await wait_for(pilot, lambda: "XY er ikke en aktiv medarbejder" in message(app))
        await pilot.press("k", "ctrl+u", *"th", "enter")
        await wait_for(pilot, lambda: cells(borgere)[0][3] == "TH")
        await pilot.press("a", "n")  # asked, and answered no: nothing happens
        await pilot.pause(0.1)
        assert cells(borgere)[0][4] == "ja"
        await pilot.press("a", "j")  # Anna moved out
        await wait_for(pilot, lambda: cells(borgere)[-1][0] == "Anna Jensen" and cells(borgere)[-1][4] == "nej")
        assert "Anna Jensen er arkiveret" in message(app)

        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await wait_for(pilot, lambda: [r.borger.navn for r in app.screen.rows] == ["Bent Olsen", "Åse Møller"])
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, LockScreen))
        await pilot.press(*"MA", "enter", *PIN, "enter")
        await wait_for(pilot, lambda: "passer ikke" in lock_message(app))  # a closed account answers like a wrong PIN
        await pilot.press("escape")
        await sign_in(pilot, "TH", "135791")
        assert app.user.initialer == "TH"

    with reader(house) as store:
        mads = next(m for m in store.all(Medarbejder) if m.initialer == "MA")
        assert (mads.rolle, mads.aktiv) == ("tovholder", False)
        assert (store.get(Borger, anna.id).aktiv, store.get(Borger, anna.id).kontaktperson) == (False, "TH")
        store.load_audit()
        # the changes, in order (what the leder saw is audited too: the lists, as laes_*)
        handlings = [
            e.handling for e in sorted(store.all(AuditEvent), key=lambda e: e.tid) if e.medarbejder == "LE" and e.handling not in ("login", "laast", "soeg") and not e.handling.startswith("laes_")
        ]
        assert handlings == ["skift_rolle", "deaktiver_medarbejder", "nulstil_pin", "skift_kontaktperson", "arkiver_borger"]


async def test_the_add_forms_still_come_first_and_new_people_appear_in_the_lists(house):
    app = open_app(house)
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot, "LE")
        screen = await open_admin(pilot)
        await pilot.press(*"Carl Berg", "enter", *"CB", "enter", "enter")
        await wait_for(pilot, lambda: "Carl Berg" in [row[0] for row in cells(screen.query_one("#admin-borgere"))])
        await pilot.press("f3", "n", *"Dora Dam", "enter", "enter", "enter")  # n on a list goes to its form
        await wait_for(pilot, lambda: "Dora Dam" in [row[0] for row in cells(screen.query_one("#admin-borgere"))])


async def test_a_leder_who_steps_down_leaves_the_administration(house):
    from smtte_tui.screens.shift.home import HomeScreen

    with Store(house["data"], local_dir=house["tmp"] / "setup", clock=lambda: NOW) as store:
        th = next(m for m in store.all(Medarbejder) if m.initialer == "TH")
        store.update(Medarbejder, th.id, {"rolle": "leder"}, "LE")
    app = open_app(house)
    async with app.run_test(size=(130, 40)) as pilot:
        await sign_in(pilot, "LE")
        await open_admin(pilot)
        await pilot.press("f2", "r", "m", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert app.user.rolle == "medarbejder"
        await pilot.press("f9")  # no longer a leder
        await pilot.pause(0.1)
        assert isinstance(app.screen, HomeScreen)


# --- the audit log ------------------------------------------------------------------------------


def prepared_log(house) -> None:
    """Yesterday and today: Mads reads Anna and Bent, Tove reads Anna's plan and searches."""
    anna, bent = house["borgere"]["Anna"], house["borgere"]["Bent"]
    yesterday = NOW - dt.timedelta(days=1)

    def ev(handling, when, who, borger=None, soegeord=None):
        return AuditEvent(tid=when, medarbejder=who, terminal="t-stue", handling=handling, maal=f"borger:{borger.id}" if borger else "soeg", borger_id=borger.id if borger else None, soegeord=soegeord)

    with Store(house["data"], local_dir=house["tmp"] / "stue", clock=lambda: NOW) as store:
        store.create_many(
            [
                ev("laes_borger", yesterday, "MA", anna),
                ev("laes_borger", NOW - dt.timedelta(hours=3), "MA", anna),
                ev("laes_borger", NOW - dt.timedelta(hours=2), "MA", bent),
                ev("laes_plan", NOW - dt.timedelta(hours=1), "TH", anna),
                ev("soeg", NOW - dt.timedelta(minutes=30), "TH", soegeord="ben"),
            ],
            author="",
        )


async def open_log_viewer(pilot):
    from smtte_tui.screens.admin.audit import AuditScreen

    await open_admin(pilot)
    # what the leder saw on the way (home list, administration) is in the log before it is read
    await wait_for(pilot, lambda: any(e.handling == "laes_admin_personale" for e in pilot.app.store.all(AuditEvent)))
    await pilot.press("f4")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, AuditScreen) and pilot.app.screen.events is not None)
    return pilot.app.screen


def shown(screen) -> list[tuple[str, str, str]]:
    """(staff, action, what) of every row on screen."""
    return [(row[1], row[2], row[3]) for row in cells(screen.query_one("#audit-table"))]


def filter_line(screen) -> str:
    return str(screen.query_one("#audit-filter").render())


async def test_the_leder_filters_the_log_and_exports_annas_for_aktindsigt(house):
    prepared_log(house)
    anna = house["borgere"]["Anna"]
    app = open_app(house)
    async with app.run_test(size=(130, 40)) as pilot:
        await sign_in(pilot, "LE")
        screen = await open_log_viewer(pilot)
        rows = shown(screen)
        # this session's sign-in, the lists the leder saw and reading the log are in it too (at
        # the same moment: any order)
        assert {r for r in rows if r[0] == "LE"} == {
            ("LE", "logget ind", "LE (Lene Leder)"),
            ("LE", "så borgerlisten", "viste 3 borgere"),
            ("LE", "så administrationens borgerliste", "viste 3 borgere"),
            ("LE", "så administrationens personaleliste", "personalelisten"),
            ("LE", "læste loggen", "loggen"),
        }
        assert [r for r in rows if r[0] != "LE"] == [
            ("TH", "søgte", "fandt ingen borger"),
            ("TH", "læste planen", "Anna Jensen (AJ)"),
            ("MA", "åbnede logskærmen", "Bent Olsen (BO)"),
            ("MA", "åbnede logskærmen", "Anna Jensen (AJ)"),
            ("MA", "åbnede logskærmen", "Anna Jensen (AJ)"),
        ]
        assert next(row for row in cells(screen.query_one("#audit-table")) if row[2] == "søgte")[4] == "ben"  # the search term

        await pilot.press("m", *"ma", "enter")  # whose actions
        await wait_for(pilot, lambda: {r[0] for r in shown(screen)} == {"MA"})
        assert len(shown(screen)) == 3 and "MA · alle borgere" in filter_line(screen)
        await pilot.press("b", *"anna", "enter")  # about whom
        await wait_for(pilot, lambda: len(shown(screen)) == 2)
        assert {r[2] for r in shown(screen)} == {"Anna Jensen (AJ)"}
        await pilot.press("r", *"25.11.2026-25.11.2026", "enter")  # today only
        await wait_for(pilot, lambda: len(shown(screen)) == 1)
        assert "25.11.2026–25.11.2026 – 1 hændelse" in filter_line(screen)
        await pilot.press("c")
        await wait_for(pilot, lambda: len(shown(screen)) == len(rows))
        for _ in range(20):  # cycle the actions until "læste planen"
            await pilot.press("a")
            if "læste planen" in filter_line(screen):
                break
        assert shown(screen) == [("TH", "læste planen", "Anna Jensen (AJ)")]
        await pilot.press("c", "b", *"zz", "enter")  # nobody is called that: says so, filter unchanged
        await pilot.pause(0.1)
        assert len(shown(screen)) == len(rows)

        await pilot.press("b", *"aj", "enter")
        # her three audit events and the two lists of the leder's that showed her, then the
        # changes to her records join them: the leder created her, her plan and her
        # prøvehandling (revisions in the store, read for her alone)
        await wait_for(pilot, lambda: len(shown(screen)) == 8)
        assert sorted(r for r in shown(screen) if r[1] == "oprettede en post") == [
            ("LE", "oprettede en post", "Anna Jensen (AJ) (borger)"),
            ("LE", "oprettede en post", "Anna Jensen (AJ) (plan)"),
            ("LE", "oprettede en post", "Anna Jensen (AJ) (prøvehandling)"),
        ]
        await pilot.press("x")
        await wait_for(pilot, lambda: screen.last_export is not None)
        path = screen.last_export
        anna_id = house["borgere"]["Anna"].id
        assert path.parent == house["data"] / "eksport" and path.name == f"aktindsigt-log-AJ-{anna_id[:8]}-2026-11-25.csv"
        await pilot.press("t")
        await wait_for(pilot, lambda: screen.last_export.suffix == ".txt")
        text = screen.last_export.read_text(encoding="utf-8")

    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig")), delimiter=";"))
    audit_rows = [row for row in rows[1:] if row[2] != "oprettede en post"]
    assert [row[1:4] for row in audit_rows[:3]] == [
        ["MA (Mads Andersen)", "åbnede logskærmen", "Anna Jensen (AJ)"],
        ["MA (Mads Andersen)", "åbnede logskærmen", "Anna Jensen (AJ)"],
        ["TH (Tove Holm)", "læste planen", "Anna Jensen (AJ)"],
    ]
    assert sorted(row[1:4] for row in audit_rows[3:]) == [  # the leder's lists that showed her, the same minute
        ["LE (Lene Leder)", "så administrationens borgerliste", "viste 3 borgere"],
        ["LE (Lene Leder)", "så borgerlisten", "viste 3 borgere"],
    ]
    assert [row[0] for row in audit_rows] == ["24.11.2026 14:30", "25.11.2026 11:30", "25.11.2026 13:30", "25.11.2026 14:30", "25.11.2026 14:30"]
    assert len(rows) - 1 - len(audit_rows) == 3  # and the three records created about her
    # the text export came after the CSV export, which is itself in Anna's log now
    assert "Hændelser: 9" in text and "eksporterede aktindsigt" in text
    with reader(house) as store:
        store.load_audit()
        exports = [e for e in store.all(AuditEvent) if e.handling == "eksport_aktindsigt"]
        assert sorted(e.maal for e in exports) == [f"borger:{anna.id}:csv", f"borger:{anna.id}:txt"]
        assert {e.medarbejder for e in exports} == {"LE"}
        assert [e.medarbejder for e in store.all(AuditEvent) if e.handling == "laes_log"] == ["LE"]


async def test_export_without_a_borger_asks_for_one(house):
    app = open_app(house)
    async with app.run_test(size=(130, 40)) as pilot:
        await sign_in(pilot, "LE")
        screen = await open_log_viewer(pilot)
        # a line about no borger alone (the sign-in, a list of several, reading the log)
        assert shown(screen)[0][2] in ("loggen", "LE (Lene Leder)", "viste 3 borgere", "personalelisten")
        await pilot.press("x")
        await pilot.pause(0.2)
        assert screen.last_export is None
        assert not (house["data"] / "eksport").exists()


async def test_a_medarbejder_who_reaches_the_log_sees_a_refusal_not_the_log(house):
    from smtte_tui.screens.admin.audit import AuditScreen

    prepared_log(house)
    app = open_app(house)
    async with app.run_test(size=(130, 40)) as pilot:
        await sign_in(pilot, "MA")
        await app.push_screen(AuditScreen())
        await wait_for(pilot, lambda: isinstance(app.screen, AuditScreen) and "må ikke læse loggen" in filter_line(app.screen))
        assert app.screen.events is None and cells(app.screen.query_one("#audit-table")) == []


async def test_home_offers_each_role_only_the_keys_it_can_use(house):
    """F6 (overview) and F8 (PDSA past their end) for tovholder and leder, F9 (administration) for
    a leder: a medarbejder's keys line and F1 do not show them, and the keys do nothing."""
    from smtte_tui.screens.kit.help import screen_keys
    from smtte_tui.screens.shift.home import HomeScreen
    from smtte_tui.screens.widgets.keybar import KeyBar

    offered = {}
    for initials in ("MA", "TH", "LE"):
        app = open_app(house)
        async with app.run_test(size=(120, 36)) as pilot:
            await sign_in(pilot, initials)
            home = app.screen
            bar = {key for key, _word, _enabled in home.query_one(KeyBar).keys()}
            help_keys = {key for key, _word in screen_keys(home)}
            offered[initials] = ({key for key in ("F6", "F8", "F9") if key in bar}, {key for key in ("F6", "F8", "F9") if key in help_keys})
            if initials == "MA":
                await pilot.press("f9", "f6", "f8")
                await pilot.pause()
                assert app.screen is home and isinstance(home, HomeScreen)
    assert offered == {"MA": (set(), set()), "TH": ({"F6", "F8"}, {"F6", "F8"}), "LE": ({"F6", "F8", "F9"}, {"F6", "F8", "F9"})}
