"""Files a sync client or a broken copy left on the share: conflict copies are merged, bad files
are reported and set aside in quarantine (never deleted), and no valid record is lost."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

from smtte_tui.i18n import t
from smtte_tui.models import Borger, Observation, SmttePlan
from smtte_tui.store import Revision, layout
from smtte_tui.store.hlc import encode

from .conftest import (
    NOW,
    data_files,
    fixed_clock,
    log_files,
    observation_revision,
    published_ids,
    records_in,
    write_shard,
)


def reason_prefix(key: str, **params: object) -> str:
    """The catalog sentence for ``key`` up to its ``detail`` placeholder."""
    return t(key, detail="\x00", **params).split("\x00")[0]


def test_sync_conflict_copies_are_read_once_and_repair_moves_their_extra_records_home(share):
    anne = share.open("annes-pc", clock=fixed_clock(NOW))
    shared_obs = [anne.create(share.observation(anne.writer, value=n % 2 == 0), "MA") for n in range(4)]
    anne.close()
    shard = next(p for p in log_files(share.data) if p.stem == anne.writer)
    core_shard = next(p for p in data_files(share.data) if p.stem == share.setup_writer and layout.CORE in p.parts)
    shared_docs = records_in(shard)
    core_docs = records_in(core_shard)

    # records the sync clients kept only in their copies: three observations and a plan edit
    later = NOW + dt.timedelta(minutes=5)
    extra = [observation_revision(share.observation(anne.writer, value=False), anne.writer, later, n) for n in range(3)]
    plan_create = next(doc for doc in core_docs if doc["entity"] == "plan")
    plan_edit = Revision(
        entity="plan",
        entity_id=share.plan.id,
        op="update",
        parents=[plan_create["id"]],
        hlc=encode(int(plan_create["hlc"][:13]) + 60_000, 0, share.setup_writer),
        author="KO",
        terminal=share.setup_writer,
        borger_id=share.borger.id,
        data={"tovholder": "KO"},
    )
    syncthing = shard.with_name(f"{anne.writer}.sync-conflict-20261125-101010-ABCDEF7.jsonl")
    dropbox = shard.with_name(f"{anne.writer} (Anne's conflicted copy 2026-11-25).jsonl")
    onedrive = core_shard.with_name(f"{share.setup_writer}-KONTOR-PC.jsonl")
    write_shard(syncthing, [*shared_docs, extra[0], extra[1]])
    write_shard(dropbox, [*shared_docs[:2], extra[1], extra[2]])  # overlaps with the Syncthing copy
    write_shard(onedrive, [*core_docs, plan_edit])
    copies = {syncthing: syncthing.read_bytes(), dropbox: dropbox.read_bytes(), onedrive: onedrive.read_bytes()}

    reader = share.reader()
    assert set(reader.conflict_copies) == set(copies)
    assert reader.problems == {}
    expected = Counter({"observation": 4 + 3, "plan": 2, "borger": 1, "medarbejder": 4})
    assert reader.record_counts() == expected  # the union, each record once
    assert {o.id for o in reader.all(Observation)} == {r.entity_id for r in shared_obs} | {r.entity_id for r in extra}
    assert reader.get(SmttePlan, share.plan.id).tovholder == "KO"

    repairer = share.open("lenes-pc")
    repairer.load_everything()
    assert repairer.repair() == (3, 0)
    assert repairer.conflict_copies == set() and repairer.problems == {}
    assert not any(path.exists() for path in copies)

    listing = repairer.quarantine_listing()
    assert len(listing) == 3
    for original, content in copies.items():
        [(kept, reason)] = [(p, r) for p, r in listing if p.name.endswith(original.name)]
        assert kept.read_bytes() == content  # moved untouched, never deleted
        assert reason == t("store.reason.conflict_copy")
        assert kept.with_name(kept.name + ".reason.txt").is_file()

    rescued_ids = {r.id for r in extra} | {plan_edit.id}
    own = published_ids(share.data, repairer.writer)
    assert sorted(own) == sorted(rescued_ids)  # the extra records now live in the repairer's files, once each
    assert shard.read_bytes() and {d["id"] for d in records_in(shard)} == {d["id"] for d in shared_docs}

    after = share.reader()
    assert after.record_counts() == expected
    assert after.conflict_copies == set() and after.problems == {}
    assert after.get(SmttePlan, share.plan.id).tovholder == "KO"
    assert repairer.repair() == (0, 0)  # nothing left to do


def test_a_truncated_file_and_a_file_with_one_bad_record_are_reported_and_set_aside(share):
    good_pc = share.open("good-pc")
    good = [good_pc.create(share.observation(good_pc.writer), "MA").entity_id for _ in range(3)]
    broken_pc = share.open("broken-pc")
    cut = [broken_pc.create(share.observation(broken_pc.writer), "MA").entity_id for _ in range(2)]
    mixed_pc = share.open("mixed-pc")
    rescued = [mixed_pc.create(share.observation(mixed_pc.writer), "MA").entity_id for _ in range(3)]
    for store in (good_pc, broken_pc, mixed_pc):
        store.close()
    good_file, truncated, mixed = (next(p for p in log_files(share.data) if p.stem == s.writer) for s in (good_pc, broken_pc, mixed_pc))
    good_bytes = good_file.read_bytes()

    content = truncated.read_bytes()
    truncated.write_bytes(content[: content.index(b"\n") + 40])  # a half-synced file: one record and a piece
    bad = dict(records_in(mixed)[0])
    bad.update(id="b" * 32, entity_id="c" * 32, data={**bad["data"], "id": "c" * 32, "vaerdi": 7})  # 7 is no ja/nej
    mixed.write_bytes(mixed.read_bytes() + json.dumps(bad).encode("utf-8") + b"\n")
    originals = {truncated: truncated.read_bytes(), mixed: mixed.read_bytes()}

    reader = share.reader()
    assert set(reader.problems) == {truncated, mixed}
    assert reader.problems[truncated] == t("store.reason.cut_short")
    assert reader.problems[mixed].startswith(reason_prefix("store.reason.invalid_records", n=1))
    visible = {o.id for o in reader.all(Observation)}
    # nothing is lost: the truncated file's whole line is read, and every borger record is in its
    # borger's year file too; the mixed file's good records are used
    assert set(good) | set(rescued) | set(cut) <= visible
    assert "c" * 32 not in visible
    assert reader.get(SmttePlan, share.plan.id) is not None and reader.get(Borger, share.borger.id) is not None

    repairer = share.open("lenes-pc")
    repairer.load_everything()
    reasons = dict(repairer.problems)
    assert repairer.repair() == (0, 2)
    assert not truncated.exists() and not mixed.exists()
    assert good_file.read_bytes() == good_bytes
    listing = dict(repairer.quarantine_listing())
    assert len(listing) == 2
    for original, content_bytes in originals.items():
        [kept] = [p for p in listing if p.name.endswith(original.name)]
        assert kept.read_bytes() == content_bytes  # never deleted, never altered
        assert listing[kept] == reasons[original]
        place = t("store.quarantine.from", path=original.relative_to(share.data).as_posix())
        assert kept.with_name(kept.name + ".reason.txt").read_text(encoding="utf-8") == f"{reasons[original]}\n{place}\n"
    assert published_ids(share.data, repairer.writer) == []  # every good record had a sound copy

    after = share.reader()
    assert after.problems == {}
    visible = {o.id for o in after.all(Observation)}
    assert set(good) | set(rescued) | set(cut) <= visible
    assert "c" * 32 not in visible

    # the writers themselves put their files back whole from what they know, on their next save
    for pc in ("broken-pc", "mixed-pc"):
        again = share.open(pc)
        again.create(share.observation(again.writer), "MA")
        again.close()
    assert truncated.exists() and mixed.exists()
    assert {d["entity_id"] for d in records_in(truncated)} >= set(cut)
    assert {d["entity_id"] for d in records_in(mixed)} >= set(rescued) and "c" * 32 not in {d["entity_id"] for d in records_in(mixed)}


def test_records_only_a_damaged_file_holds_are_rescued_into_the_repairers_files(share):
    unknown = share.data / layout.LOG / f"{NOW:%Y-%m}" / "t111111111111.jsonl"
    kept = [observation_revision(share.observation("t111111111111"), "t111111111111", NOW, n) for n in range(2)]
    write_shard(unknown, kept)
    unknown.write_bytes(unknown.read_bytes() + b'{"id": "broken"}\n' + b"\xff\xfe not json\n")
    reader = share.reader()
    assert reader.problems[unknown].startswith(reason_prefix("store.reason.invalid_records", n=2))
    assert {r.entity_id for r in kept} <= {o.id for o in reader.all(Observation)}

    repairer = share.open("lenes-pc")
    repairer.load_everything()
    assert repairer.repair() == (0, 1)
    assert sorted(published_ids(share.data, repairer.writer)) == sorted(r.id for r in kept)
    after = share.reader()
    assert after.problems == {} and {r.entity_id for r in kept} <= {o.id for o in after.all(Observation)}


def test_a_file_that_goes_bad_twice_is_quarantined_twice_and_never_overwritten(share):
    month = share.data / layout.LOG / f"{NOW:%Y-%m}"
    bad = month / "t111111111111.jsonl"
    repairer = share.open("lenes-pc", clock=fixed_clock(NOW))  # both repairs within one second
    contents = [b'{"id": "first', b'{"id": "second']
    for content in contents:
        bad.parent.mkdir(parents=True, exist_ok=True)
        bad.write_bytes(content)
        repairer.load_everything()
        assert bad in repairer.problems
        assert repairer.repair() == (0, 1)
        assert not bad.exists()
    kept = sorted(path.read_bytes() for path, _ in repairer.quarantine_listing())
    assert kept == sorted(contents)
    assert all(reason for _, reason in repairer.quarantine_listing())
