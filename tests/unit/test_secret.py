"""A PIN wrapped as a Secret checks and hashes like the digits but never prints them."""

from __future__ import annotations

from rich.console import Console
from rich.traceback import Traceback

from smtte_tui.auth import hash_pin, valid_pin, verify_pin
from smtte_tui.secret import Secret

DIGITS = "".join(reversed("46813579"))  # built at run time: the traceback's source lines must not hold it


def test_a_secret_pin_is_checked_and_hashed_like_the_digits():
    pin = Secret(DIGITS)
    assert valid_pin(pin) and pin == DIGITS and str(pin) == DIGITS
    assert verify_pin(pin, hash_pin(DIGITS)) and verify_pin(DIGITS, hash_pin(pin))
    assert not valid_pin(Secret("12a4"))


def test_its_repr_is_masked_in_containers_and_in_a_tracebacks_local_variables():
    pin = Secret(DIGITS)
    assert DIGITS not in repr(pin) and DIGITS not in repr({"pin": pin, "pins": (pin, pin)})

    def sign_in(pin: str) -> None:
        raise RuntimeError("scrypt broke")

    try:
        sign_in(pin)
    except RuntimeError:
        console = Console(record=True, width=120)
        console.print(Traceback(show_locals=True))
    shown = console.export_text()
    assert "pin = '••••'" in shown and DIGITS not in shown
