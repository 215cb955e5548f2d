"""The record reader against anything a sync client, a crash or a person can leave in a file: it
never raises, never loses a whole line of good records for one bad one, and never uses more than
it was given. And a store opened on a folder holding such a file still opens and reads the rest."""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import given
from hypothesis import strategies as st

from smtte_tui.models import Notat
from smtte_tui.store import Revision, Store, layout, records
from smtte_tui.store.hlc import encode

from .strategies import FUZZ, json_values

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)
BORGER = "b" * 32


def good_line(number: int) -> bytes:
    note = Notat(id=f"{number:032x}", borger_id=BORGER, dato=NOW.date(), tekst=f"Notat {number}", forfatter="MA")
    rev = Revision(
        id=f"e{number:031x}",
        entity="notat",
        entity_id=note.id,
        op="create",
        hlc=encode(int(NOW.timestamp() * 1000), number, "t0123456789ab"),
        author="MA",
        terminal="t0123456789ab",
        borger_id=BORGER,
        data=note.model_dump(mode="json"),
        at=NOW,
    )
    return records.line(rev)


garbage_lines = st.one_of(
    st.binary(max_size=200).map(lambda raw: raw.replace(b"\n", b" ") + b"\n"),
    json_values.map(lambda value: json.dumps(value, default=str).encode() + b"\n"),
    st.integers(min_value=1, max_value=5000).map(lambda depth: b"[" * depth + b"]" * depth + b"\n"),
    st.integers(min_value=1, max_value=300).map(lambda digits: b'{"id": ' + b"9" * digits + b"}\n"),
)


@FUZZ
@given(st.lists(st.one_of(st.integers(min_value=0, max_value=10_000).map(good_line), garbage_lines), max_size=12), st.binary(max_size=60))
def test_every_good_line_is_read_whatever_surrounds_it(lines, tail):
    raw = b"".join(lines) + tail.replace(b"\n", b"")  # and perhaps an unfinished last line
    parsed = records.parse(raw)
    good = {json.loads(line)["id"] for line in lines if line.startswith(b'{"id":"e')}
    assert {rev.id for rev in parsed.revisions} == good
    assert parsed.consumed <= len(raw)
    assert len(parsed.revisions) + len(parsed.bad) <= len(lines)


@FUZZ
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise(raw):
    parsed = records.parse(raw)
    assert parsed.consumed <= len(raw)
    assert all(isinstance(reason, str) and reason for _, reason in parsed.bad)


@FUZZ
@given(st.lists(garbage_lines, min_size=1, max_size=6))
def test_a_store_opens_on_a_folder_with_a_hostile_file_and_reads_the_rest(tmp_path_factory, lines):
    folder = tmp_path_factory.mktemp("share")
    Store(folder, local_dir=tmp_path_factory.mktemp("setup"), create=True, clock=lambda: NOW).close()
    hostile = folder / layout.log_file(layout.month_of(NOW), "t0badbadbad00")
    hostile.parent.mkdir(parents=True, exist_ok=True)
    hostile.write_bytes(good_line(1) + b"".join(lines))
    with Store(folder, local_dir=tmp_path_factory.mktemp("pc"), clock=lambda: NOW, readonly=True) as store:
        store.load_everything()
        assert store.get(Notat, f"{1:032x}") is not None
