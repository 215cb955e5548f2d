"""Danish where the UI is Danish (issue I, item 14): no English command palette, no internal ids
in the audit log, words for counts of one."""

from __future__ import annotations

import datetime as dt

from smtte_tui.models import AuditEvent
from smtte_tui.store import Store

from .conftest import NOW, open_app, screen_text, sign_in, wait_for


async def test_ctrl_p_opens_no_english_command_palette(house):
    from textual.command import CommandPalette

    from smtte_tui.screens.shift.home import HomeScreen

    app = open_app(house)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "MA")
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        assert isinstance(app.screen, HomeScreen) and not isinstance(app.screen, CommandPalette)
        shown = screen_text(app)
        for english in ("Screenshot", "palette", "Search for commands", "Theme", "Quit the application"):
            assert english not in shown


async def test_the_audit_log_names_views_in_words_not_internal_ids(house):
    from smtte_tui.screens.admin.admin import AdminScreen
    from smtte_tui.screens.admin.audit import AuditScreen

    with Store(house["data"], local_dir=house["tmp"] / "writer", clock=lambda: NOW) as store:  # views that showed nobody
        for handling, maal in (("laes_aarshjul", "aarshjul"), ("laes_gruppe", "gruppe"), ("laes_timeout", "timeout")):
            store.create(AuditEvent(tid=NOW - dt.timedelta(minutes=5), medarbejder="LE", terminal="pc", handling=handling, maal=maal), "LE")
    app = open_app(house)
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "LE")
        await pilot.press("f9")
        await wait_for(pilot, lambda: isinstance(app.screen, AdminScreen))
        await wait_for(pilot, lambda: any(e.handling == "laes_admin_personale" for e in app.store.all(AuditEvent)))
        await pilot.press("f4")
        await wait_for(pilot, lambda: isinstance(app.screen, AuditScreen) and app.screen.events is not None)
        await pilot.pause(0.2)
        what = [str(row[3]) for row in (app.screen.query_one("#audit-table").get_row_at(i) for i in range(app.screen.query_one("#audit-table").row_count))]
        assert {"årshjulet", "gruppebilledet", "den daglige time-out", "personalelisten"} <= set(what)
        assert not {"aarshjul", "gruppe", "timeout", "personale"} & set(what)


async def test_ctrl_c_outside_a_field_answers_in_danish(house):
    from smtte_tui.screens.evaluation.timeline import TimelineScreen

    app = open_app(house)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "MA")
        await pilot.press("f3")  # the timeline: its list has the focus, not a field
        await wait_for(pilot, lambda: isinstance(app.screen, TimelineScreen))
        await pilot.press("ctrl+c")
        await wait_for(pilot, lambda: list(app._notifications))
        messages = [f"{n.title} {n.message}" for n in app._notifications]
        assert messages == ["Vil du afslutte? Ctrl+C afslutter ikke smtte. Tryk Ctrl+Q for at afslutte."]
