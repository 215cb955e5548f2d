"""PIN hashes: costly to guess outside the tests, old hashes still verify, forged ones are refused."""

from __future__ import annotations

import subprocess
import sys

from smtte_tui import auth

OLD_COST = auth.ScryptCost(n=2**2, r=8, p=1)  # cheaper than today's (tests lower today's cost too)


def test_the_cost_of_a_guess_is_high_outside_the_tests():
    # tests/conftest.py lowers auth.COST for speed; a fresh process shows what terminals use
    # (measured: about 0.3 s a guess on the development machine, `smtte bench` pin_guess_ms)
    code = "from smtte_tui import auth; c = auth.COST; print(c.n, c.r, c.p)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == [str(2**17), "8", "1"]


def test_a_hash_made_with_an_older_cost_still_verifies_and_is_marked_for_a_new_hash():
    old = auth.hash_pin("246813", cost=OLD_COST)
    assert old.startswith(f"scrypt${2**2}$8$1$")
    assert auth.verify_pin("246813", old) and not auth.verify_pin("246814", old)
    assert auth.needs_rehash(old) and not auth.needs_rehash(auth.hash_pin("246813"))


def test_a_forged_hash_asking_for_gigabytes_is_refused_without_trying():
    assert not auth.verify_pin("246813", f"scrypt${2**30}$8$1${'00' * 16}${'00' * 32}")
    assert not auth.verify_pin("246813", "scrypt$x$8$1$00$00") and not auth.verify_pin("246813", "md5$abc")
