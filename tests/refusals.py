"""Asserting a refusal by its catalog key and parameters, not by its Danish sentence."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from pydantic import ValidationError

from smtte_tui.models import Medarbejder
from smtte_tui.store.access import NotAllowed, check_write
from smtte_tui.usererror import UserError


@contextmanager
def refused(key: str, kind: type[UserError] = UserError, **params: object) -> Iterator[pytest.ExceptionInfo[UserError]]:
    """Expect the block to raise ``kind`` with ``key``; the ``params`` given must be among its
    parameters with these values (the others are not asserted). Yields pytest's ExceptionInfo."""
    with pytest.raises(kind) as caught:
        yield caught
    error = caught.value
    assert error.key == key, f"{error!r} is not {key!r}"
    assert {name: error.params.get(name) for name in params} == params, repr(error)


@contextmanager
def refused_by_model(key: str, **params: object) -> Iterator[pytest.ExceptionInfo[ValidationError]]:
    """``refused`` for a model's validator: pydantic wraps its UserError in a ValidationError,
    and the first error's ``ctx`` holds it."""
    with pytest.raises(ValidationError) as caught:
        yield caught
    error = caught.value.errors()[0].get("ctx", {}).get("error")
    assert isinstance(error, UserError), caught.value
    assert error.key == key, f"{error!r} is not {key!r}"
    assert {name: error.params.get(name) for name in params} == params, repr(error)


def store_accepts(kind: str, initials: str, staff: dict[str, Medarbejder]) -> bool:
    """Whether the store's own role check (``access.check_write``) lets ``initials`` write ``kind``."""
    try:
        check_write(kind, initials, staff)
    except NotAllowed:
        return False
    return True
