"""What a screen offers (``access.may``) and what the store accepts (``access.check_write``) come
from one table, so they agree for every role and every kind of record."""

from __future__ import annotations

import pytest

from smtte_tui.models import ENTITY_MODELS, Medarbejder
from smtte_tui.store.access import active_staff, may
from tests.refusals import store_accepts

ROLES = ("medarbejder", "tovholder", "leder")
KINDS = sorted(set(ENTITY_MODELS) | {"indstillinger"})


def person(rolle: str, aktiv: bool = True) -> Medarbejder:
    return Medarbejder(initialer=rolle[:2].upper(), navn=rolle, rolle=rolle, aktiv=aktiv, pin_hash="x")


@pytest.mark.parametrize("rolle", ROLES)
def test_may_says_what_the_store_accepts(rolle):
    who = person(rolle)
    staff = active_staff([who])
    for kind in KINDS:
        assert may(who, kind) == store_accepts(kind, who.initialer, staff), (rolle, kind)


def test_nobody_and_a_closed_account_may_not_write_records():
    assert not may(None, "observation")
    assert not may(person("leder", aktiv=False), "plan")
    assert may(None, "audit")  # a failed sign-in is audited before anyone is known
