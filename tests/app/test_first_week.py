"""What a first week on the floor would hit (issue I), key by key at 80×24 through the real app
and store: the picker, corrections, quitting with a draft, partial saves, stray drafts."""

from __future__ import annotations

from smtte_tui.models import Borger, SmttePlan
from smtte_tui.store import Store

from .conftest import NOW, make_plan, open_app, sign_in, wait_for

SIZE = (80, 24)


def add_borgere(house, *borgere: Borger) -> dict[str, SmttePlan]:
    """Move more borgere (each with an active plan) into the house; their plans by first name."""
    store = Store(house["data"], local_dir=house["tmp"] / "admin", clock=lambda: NOW)
    plans = [make_plan(b) for b in borgere]
    store.create_many([*borgere, *plans], author="LE")
    store.close()
    return {b.navn.split()[0]: p for b, p in zip(borgere, plans)}


async def test_ni_then_f7_opens_niels_plans_not_dennis_whose_name_only_contains_ni(house):
    from smtte_tui.screens.plans.plan import PlanScreen

    dennis, niels = Borger(navn="Dennis Holm", kortnavn="DH", bolig="Lejl. 4"), Borger(navn="Niels Kragh", kortnavn="NK", bolig="Lejl. 5")
    add_borgere(house, dennis, niels)
    app = open_app(house)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "TH")
        await pilot.press("n", "i")
        await wait_for(pilot, lambda: app.screen.query_one("#filter").value == "ni")
        assert [row.borger.navn for row in app.screen.shown][:2] == ["Niels Kragh", "Dennis Holm"]
        await pilot.press("f7")
        await wait_for(pilot, lambda: isinstance(app.screen, PlanScreen))
        assert app.screen.borger_id == niels.id


def log_entries(house, author: str, first_name: str, vagt: str, values: dict[int, object]) -> list[str]:
    """Observations ``author`` logged for the borger today in ``vagt``: tegn index -> value."""
    from smtte_tui.models import Observation

    borger = house["borgere"][first_name]
    plan = house["plans"][borger.id]
    store = Store(house["data"], local_dir=house["tmp"] / f"pc-{author}", clock=lambda: NOW)
    made = [
        Observation(borger_id=borger.id, plan_id=plan.id, tegn_id=plan.tegn[i].id, maaletype=plan.tegn[i].maaletype, vaerdi=v, dato=NOW.date(), vagt=vagt, forfatter=author, terminal="t")
        for i, v in values.items()
    ]
    store.create_many(made, author=author)
    store.close()
    return [o.id for o in made]


def notices(app) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


async def open_entries(pilot, *letters: str) -> None:
    from smtte_tui.screens.shift.entries import EntriesScreen

    from .conftest import open_log

    await open_log(pilot, *letters)
    await pilot.press("f5")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, EntriesScreen) and pilot.app.screen.entries)


async def test_a_correction_keeps_the_cursor_on_its_row_and_a_colleagues_entry_is_not_mine_to_change(house):
    from smtte_tui.models import Observation
    from smtte_tui.screens.kit.confirm import ConfirmScreen
    from smtte_tui.screens.kit.prompt import PromptScreen

    lenes = log_entries(house, "LE", "Anna", "dag", {0: True, 1: 3, 2: 2})  # a colleague's day shift
    [mine] = log_entries(house, "MA", "Anna", "aften", {2: 2})
    app = open_app(house)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "MA")
        await open_entries(pilot, "a", "n")
        await pilot.press("down", "down", "down")  # my evening entry, below the day shift's three
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen))
        prompt = app.screen
        assert "logget af MA" in str(prompt.question) and prompt.query_one("#prompt-input").value == "2"  # prefilled
        await pilot.press("5", "enter")
        await wait_for(pilot, lambda: "Rettet" in notices(app))
        entries = app.screen
        await wait_for(pilot, lambda: str(entries.query_one("#entries").get_cell_at((3, 4))) == "2")  # read again: two versions
        assert entries.current().id == mine  # the cursor stayed on my entry, not row 1
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen))
        assert app.screen.query_one("#prompt-input").value == "5"
        await pilot.press("escape", "up")  # a colleague's day-shift entry
        await wait_for(pilot, lambda: not isinstance(app.screen, PromptScreen))
        await pilot.press("r")
        await pilot.pause()
        assert not isinstance(app.screen, PromptScreen) and "logget af LE" in notices(app)
        await pilot.press("t")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        await pilot.press("down", "t")  # my own: asked first, and "n" keeps it
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "logget af MA" in str(app.screen.question)
        await pilot.press("n")
        await wait_for(pilot, lambda: not isinstance(app.screen, ConfirmScreen))
    store = Store(house["data"], local_dir=house["tmp"] / "reader", readonly=True)
    assert store.get(Observation, mine).vaerdi == 5
    assert [store.get(Observation, i).vaerdi for i in lenes] == [True, 3, 2]
    assert all(len(store.history(Observation, i)) == 1 for i in lenes)


async def test_correcting_a_ja_nej_sign_takes_nej_and_refuses_maybe(house):
    from smtte_tui.models import Observation
    from smtte_tui.screens.kit.prompt import PromptScreen

    [entry] = log_entries(house, "MA", "Anna", "dag", {0: True})
    app = open_app(house)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "LE")  # a leder may correct a colleague's entry
        await open_entries(pilot, "a", "n")
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen))
        assert app.screen.query_one("#prompt-input").value == "ja"
        await pilot.press(*"maybe", "enter")
        await wait_for(pilot, lambda: "skal være j (ja) eller n (nej)" in notices(app) and isinstance(app.screen, PromptScreen))
        assert app.screen.query_one("#prompt-input").value == "maybe"  # what was typed comes back
        await pilot.press("ctrl+a", "ctrl+k", *"nej", "enter")
        await wait_for(pilot, lambda: "Rettet" in notices(app))
    store = Store(house["data"], local_dir=house["tmp"] / "reader", readonly=True)
    assert store.get(Observation, entry).vaerdi is False
    assert [rev.author for rev in store.history(Observation, entry)] == ["MA", "LE"]


async def test_f4_lists_a_borger_once_when_two_meetings_fall_on_one_day_and_the_overview_counts_every_row(house):
    import datetime as dt
    import re

    from smtte_tui.screens.evaluation.due import DueScreen
    from smtte_tui.screens.overview.overview import OverviewScreen

    anna = house["borgere"]["Anna"]
    plan = house["plans"][anna.id]
    day = NOW.date() + dt.timedelta(days=5)
    store = Store(house["data"], local_dir=house["tmp"] / "admin", clock=lambda: NOW)
    store.update(SmttePlan, plan.id, {"evaluering": plan.evaluering.model_copy(update={"naeste_opfoelgning": day, "status_dato": day}).model_dump(mode="json")}, "LE")
    store.close()
    app = open_app(house)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "TH")
        assert "0 forfaldne, 1 inden for 14 dage" in str(app.screen.query_one("#home-due").render())  # one meeting, not two
        await pilot.press("f4")
        await wait_for(pilot, lambda: isinstance(app.screen, DueScreen) and app.screen.rows)
        assert [(d.borger.navn, d.art, d.also) for d in app.screen.rows] == [("Anna Jensen", "status", ("opfoelgning",))]
        assert "Statusmøde + Opfølgning" in str(app.screen.query_one("#due-table").get_row_at(0)[1])
        await pilot.press("escape", "f6")
        await wait_for(pilot, lambda: isinstance(app.screen, OverviewScreen) and app.screen.board is not None)
        summary = str(app.screen.query_one("#dash-summary").render())
        serious, info = (int(n) for n in re.findall(r": (\d+)", summary)[:2])
        assert serious + info == app.screen.query_one("#dash-table").row_count  # every row is counted, the dimmed ones too
        assert info == sum(not f.serious for f in app.screen.lines) >= 1  # the coming meeting (once) and this terminal
        assert sum(f.rule == "evaluering" for f in app.screen.lines) == 1


# --- Ctrl+Q and saves that finish after the screen has gone (I.5) ------------------------------


def staff_id(house, initials: str) -> str:
    from smtte_tui.models import Medarbejder

    store = Store(house["data"], local_dir=house["tmp"] / "reader", readonly=True)
    return next(m.id for m in store.all(Medarbejder) if m.initialer == initials)


async def test_ctrl_q_on_the_log_screen_keeps_what_was_typed_as_a_draft(house):
    from smtte_tui.screens.shift.log import LogScreen

    from .conftest import PIN, open_log

    anna = house["borgere"]["Anna"]
    tegn = house["plans"][anna.id].tegn
    app = open_app(house)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "MA")
        await open_log(pilot, "a", "n")
        await pilot.press("j", "3", "ctrl+q")
        await wait_for(pilot, lambda: not app.is_running)
    app = open_app(house)  # started again on the same PC
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.query("#initials"))
        await pilot.press("M", "A", "enter", *PIN, "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, LogScreen))
        assert app.screen.borger.id == anna.id
        assert app.screen.collect()["values"] == {tegn[0].id: "j", tegn[1].id: "3"}


async def test_ctrl_q_in_the_plan_editor_with_unsaved_changes_asks_first(house):
    from smtte_tui.screens.kit.confirm import ConfirmScreen
    from smtte_tui.screens.plans.plan_editor import PlanEditorScreen

    from .test_plan_screens import open_plans

    app = open_app(house)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "TH")
        await open_plans(pilot, *"møl")
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, PlanEditorScreen))
        await pilot.press(*"Vil gerne selv", "ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")  # stay
        await wait_for(pilot, lambda: isinstance(app.screen, PlanEditorScreen))
        assert app.is_running and app.screen.query_one("#s-oenske").value == "Vil gerne selv"


async def test_a_save_that_finishes_after_the_lock_drops_the_draft_so_it_is_never_saved_twice(house, monkeypatch):
    import threading

    from smtte_tui.features.shift import shiftlog
    from smtte_tui.models import Observation
    from smtte_tui.screens.shift.home import HomeScreen
    from smtte_tui.screens.signin.lock import LockScreen

    from .conftest import PIN, open_log

    release = threading.Event()
    real_save = shiftlog.save_shift

    def slow_save(store, **kwargs):
        release.wait(10)  # a slow share: the save is still running when the screen is locked
        return real_save(store, **kwargs)

    monkeypatch.setattr(shiftlog, "save_shift", slow_save)
    app = open_app(house)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "MA")
        await open_log(pilot, "a", "n")
        await pilot.press("j", "3", "ctrl+s", "ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, LockScreen))
        assert app.drafts.load(staff_id(house, "MA"))  # kept by the lock, as the save has not finished
        release.set()
        await wait_for(pilot, lambda: not app.drafts.load(staff_id(house, "MA")))  # the save finished: dropped
        assert app.last_save == []  # nobody may undo it from the lock screen or as the next person
        await pilot.press("M", "A", "enter", *PIN, "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.rows)
        await pilot.pause(0.1)
        assert isinstance(app.screen, HomeScreen)  # no draft to restore, so no log screen
    store = Store(house["data"], local_dir=house["tmp"] / "reader", readonly=True)
    assert sorted(str(o.vaerdi) for o in store.all(Observation)) == ["3", "True"]


async def test_a_save_that_finishes_after_escape_drops_the_draft_and_can_still_be_undone(house, monkeypatch):
    import threading

    from smtte_tui.features.shift import shiftlog
    from smtte_tui.screens.shift.home import HomeScreen

    from .conftest import open_log

    release = threading.Event()
    real_save = shiftlog.save_shift
    monkeypatch.setattr(shiftlog, "save_shift", lambda store, **kwargs: (release.wait(10), real_save(store, **kwargs))[1])
    app = open_app(house)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "MA")
        await open_log(pilot, "a", "n")
        await pilot.press("j", "3", "ctrl+s", "escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and app.drafts.load(staff_id(house, "MA")))
        release.set()
        await wait_for(pilot, lambda: app.last_save)  # the same person is still here: Ctrl+Z may undo it
        assert not app.drafts.load(staff_id(house, "MA")) and "Gemt" in notices(app)
        assert isinstance(app.screen, HomeScreen)


# --- what this shift holds, what is missing, and habits (I.6) ------------------------------------


def label_text(screen, tegn) -> str:
    return str(screen.query_one(f"#l-{tegn.id}").render())


async def test_enter_after_j_does_not_skip_the_next_sign_and_the_save_names_what_is_missing(house):
    from smtte_tui.models import Observation

    from .conftest import open_log

    anna = house["borgere"]["Anna"]
    tegn = house["plans"][anna.id].tegn  # ja/nej, scale, count
    app = open_app(house)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "MA")
        await open_log(pilot, "a", "n")
        await pilot.press("j", "enter", "3", "enter")  # a habitual Enter after each one-key value
        assert app.screen.collect()["values"] == {tegn[0].id: "j", tegn[1].id: "3"}
        assert app.focused.id == f"v-{tegn[2].id}"  # the count is still to be typed
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Gemt" in notices(app))
        assert "Mangler stadig denne vagt: Antal påmindelser" in notices(app)
    store = Store(house["data"], local_dir=house["tmp"] / "reader", readonly=True)
    assert sorted((o.tegn_id, str(o.vaerdi)) for o in store.all(Observation)) == sorted([(tegn[0].id, "True"), (tegn[1].id, "3")])


async def test_reopening_a_borger_shows_this_shifts_values_and_a_new_value_corrects_or_adds(house):
    from smtte_tui.models import Observation

    from .conftest import open_log, save_and_return

    anna = house["borgere"]["Anna"]
    tegn = house["plans"][anna.id].tegn  # ja/nej, scale (one value a shift), count (summed: adds up)
    app = open_app(house)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "MA")
        await open_log(pilot, "a", "n")
        await save_and_return(pilot, "j", "4", "2", "enter")
        await open_log(pilot, "a", "n")
        screen = app.screen
        await wait_for(pilot, lambda: "logget" in label_text(screen, tegn[0]))
        assert "logget: ja (MA)" in label_text(screen, tegn[0]) and "logget: 4 (MA)" in label_text(screen, tegn[1])
        assert "logget: 2 i alt (MA)" in label_text(screen, tegn[2])
        app.last_save = []
        await save_and_return(pilot, "n", "4", "1", "enter")  # changed my mind on ja/nej; one more reminder
        await open_log(pilot, "a", "n")
        screen = app.screen
        await wait_for(pilot, lambda: "logget: nej (MA)" in label_text(screen, tegn[0]))
        assert "logget: 3 i alt (MA)" in label_text(screen, tegn[2])
    store = Store(house["data"], local_dir=house["tmp"] / "reader", readonly=True)
    values = sorted((o.tegn_id, str(o.vaerdi)) for o in store.all(Observation))
    assert values == sorted([(tegn[0].id, "False"), (tegn[1].id, "4"), (tegn[2].id, "2"), (tegn[2].id, "1")])  # no duplicate ja/nej or scale


# --- the plan editor: nothing typed vanishes, no stray drafts (I.2, I.15) --------------------------


def plans_of(house, first_name: str) -> list[SmttePlan]:
    borger = house["borgere"][first_name]
    return Store(house["data"], local_dir=house["tmp"] / "reader", readonly=True).all(SmttePlan, borger.id)


def visible(app, widget) -> bool:
    """The widget is drawn inside the screen (not scrolled away below it)."""
    region = widget.region
    return region.height > 0 and region.y >= 0 and region.bottom <= app.size.height


async def test_a_half_filled_stakeholder_is_refused_with_the_cursor_on_navn_never_dropped(house):
    from smtte_tui.screens.kit.confirm import ConfirmScreen
    from smtte_tui.screens.plans.plan_editor import PlanEditorScreen

    from .test_plan_screens import open_plans

    app = open_app(house)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "TH")
        await open_plans(pilot, *"møl")
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, PlanEditorScreen))
        editor = app.screen
        await pilot.press(*"Vil gerne selv", "ctrl+n")
        await pilot.pause()
        navn = editor.query_one(".int-navn")
        assert app.focused is navn and visible(app, navn)  # the cursor is where it can be seen
        await pilot.press("tab", *"Mor ringer om søndagen")  # typed into Kontakt, Navn left empty
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "intet navn" in notices(app))
        assert app.focused is navn and visible(app, navn)
        assert len(plans_of(house, "Åse")) == 1  # nothing saved: only the old plan
        await pilot.press("escape")  # something was typed: asked
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is editor)
        app.set_focus(navn)
        await pilot.press(*"Karen Møller", "ctrl+s")
        await wait_for(pilot, lambda: "Planen er gemt" in notices(app))
    new = [p for p in plans_of(house, "Åse") if p.id != house["plans"][house["borgere"]["Åse"].id].id]
    assert [(i.navn, i.kontakt) for i in new[0].interessenter] == [("Karen Møller", "Mor ringer om søndagen")]


async def test_n_then_escape_leaves_no_draft_plan_and_a_draft_can_be_withdrawn(house):
    from smtte_tui.screens.kit.confirm import ConfirmScreen
    from smtte_tui.screens.plans.plan import PlanScreen
    from smtte_tui.screens.plans.plan_editor import PlanEditorScreen

    from .test_plan_screens import open_plans

    app = open_app(house)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "TH")
        await open_plans(pilot, *"møl")
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, PlanEditorScreen))
        await pilot.press("f8", "f8", "f8", "f8", "escape")  # looked at every step, typed nothing: no question
        await wait_for(pilot, lambda: isinstance(app.screen, PlanScreen))
        assert len(plans_of(house, "Åse")) == 1 and len(app.screen.plans) == 1
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, PlanEditorScreen))
        await pilot.press("f8", *"Åse smører selv", "ctrl+s")
        await wait_for(pilot, lambda: "Planen er gemt" in notices(app))
        await pilot.press("escape")  # saved: nothing to ask
        await wait_for(pilot, lambda: isinstance(app.screen, PlanScreen) and len(app.screen.plans) == 2)
        hub = app.screen
        await pilot.press("t")  # the active plan is highlighted first: it is closed at a meeting, never withdrawn
        await wait_for(pilot, lambda: "Kun en kladde" in notices(app))
        await pilot.press("down", "t")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "Åse smører selv" in str(app.screen.question)
        await pilot.press("j")
        await wait_for(pilot, lambda: app.screen is hub and len(hub.plans) == 1)
    assert [p.status for p in plans_of(house, "Åse")] == ["aktiv"]


async def test_a_meeting_only_stepped_through_leaves_without_asking(house):
    from smtte_tui.screens.evaluation.due import DueScreen
    from smtte_tui.screens.evaluation.meeting import MeetingScreen

    anna = house["borgere"]["Anna"]
    app = open_app(house)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "TH")
        await pilot.press("f4")
        await wait_for(pilot, lambda: isinstance(app.screen, DueScreen))
        app.push_screen(MeetingScreen(anna.id, house["plans"][anna.id].id))
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingScreen) and app.screen.started is not None)
        meeting = app.screen
        await pilot.press(*["f8"] * len(meeting.steps), "escape")
        await wait_for(pilot, lambda: isinstance(app.screen, DueScreen))


async def test_the_idle_lock_says_it_locked_and_that_the_draft_was_kept_and_the_pin_field_looks_empty(house):
    from smtte_tui.screens.signin.lock import LockScreen

    from .conftest import open_log, screen_text

    app = open_app(house)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "MA")
        await open_log(pilot, "a", "n")
        await pilot.press("j")
        app._last_activity -= app.lock_after_minutes() * 60 + 1  # five idle minutes pass
        app._check_idle()
        await wait_for(pilot, lambda: isinstance(app.screen, LockScreen))
        await pilot.pause()
        shown = " ".join(screen_text(app).split())
        assert "låst efter 5 min. uden tryk" in shown and "gemt som din kladde" in shown
        assert "Anna" not in shown  # nothing about any borger on the lock screen
        assert "••••" not in shown and "4–8 cifre" in shown  # an empty PIN field does not look typed
