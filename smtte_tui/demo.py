"""Fictional demo data, written through the store like any other terminal would.

Every name is invented. The data follows the method: one small goal per borger, tegn of every
measure kind, tiltag with instructions, about three observations per borger per day spread over
the shifts, notes, PDSA ramps and monthly follow-ups. History is backdated so each record lands
in the month it happened (as if staff had logged it then).
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import Counter
from dataclasses import dataclass

from smtte_tui.auth import hash_pin
from smtte_tui.models import (
    BestillingRef,
    Borger,
    Entity,
    Evaluering,
    Forudsigelse,
    Interessent,
    Maal,
    Medarbejder,
    Notat,
    Observation,
    Opfoelgningsplan,
    PdsaCycle,
    Sammenhaeng,
    SmttePlan,
    Tegn,
    Tiltag,
    TimeoutNote,
)
from smtte_tui.store import Store
from smtte_tui.store.store import KIND_OF_MODEL

DEMO_PIN = "123456"  # new PINs have 6–8 digits
DEMO_STAFF = (("DEMO", "Demo Leder", "leder"), ("TH", "Tove Holm", "tovholder"), ("MA", "Mads Andersen", "medarbejder"))
FIRST = [
    "Anna",
    "Bo",
    "Camilla",
    "Dennis",
    "Else",
    "Frederik",
    "Gitte",
    "Henrik",
    "Ida",
    "Jens",
    "Karen",
    "Lars",
    "Mette",
    "Niels",
    "Ole",
    "Pia",
    "Rasmus",
    "Sofie",
    "Torben",
    "Ulla",
    "Vibeke",
    "Kasper",
    "Lone",
    "Søren",
    "Åse",
    "Jørgen",
    "Birthe",
    "Mikkel",
]
LAST = [
    "Jensen",
    "Nielsen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Petersen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Thomsen",
    "Møller",
    "Poulsen",
    "Kjær",
]
COMMUNICATION = ["Tale, korte sætninger", "Tegn til tale og piktogrammer", "Peger og bruger talemaskine", "Lyde og kropssprog; kender sine faste personer", "Skriver på tablet"]

# (goal, wish, [(tegn text, kind, better, aggregation, baseline, target)], [(tiltag, who, how often, instruction)])
GOALS = [
    (
        "{n} tager selv tøj på om morgenen med én påmindelse",
        "Vil gerne klare sig selv om morgenen",
        [
            ("{n} tager selv trøjen på", "ja_nej", "op", "sum", 0.3, 0.8),
            ("Antal påmindelser ved påklædning", "antal", "ned", "gennemsnit", 5, 1),
            ("Humør ved påklædning (piktogramskala)", "skala_1_5", "op", "sum", 2, 4),
        ],
        [
            ("Tøjet lægges frem i rækkefølge aftenen før", "Aftenvagt", "Hver aften", "Læg tøjet i den rækkefølge, det tages på. Se billedguiden."),
            ("Billedguide på døren til badeværelset", "Kontaktperson", "Dagligt", "Peg på næste billede; vent 10 sekunder før du hjælper."),
        ],
    ),
    (
        "{n} går en tur ude hver dag",
        "Vil gerne ud og se hestene",
        [("{n} går med ud", "ja_nej", "op", "sum", 0.2, 0.7), ("Minutter udenfor", "minutter", "op", "sum", 5, 30), ("Antal gange {n} selv beder om at komme ud", "antal", "op", "sum", 0, 2)],
        [
            ("Fast gåtur efter frokost med kendt medarbejder", "Dagvagt", "Hver dag", "Vis piktogram 'tur' 5 minutter før. Samme rute første uge."),
            ("Overtøj hænger klar ved døren", "Alle", "Dagligt", ""),
        ],
    ),
    (
        "{n} spiser aftensmad sammen med de andre",
        "Vil gerne sidde ved siden af sin ven",
        [
            ("{n} bliver ved bordet under hele måltidet", "ja_nej", "op", "sum", 0.2, 0.8),
            ("Minutter ved bordet", "minutter", "op", "gennemsnit", 5, 25),
            ("Uro ved måltidet (1 = meget, 5 = rolig)", "skala_1_5", "op", "sum", 2, 4),
        ],
        [
            ("Fast plads med lav lyd", "Aftenvagt", "Hver aften", "Sæt {n} for enden af bordet; radioen er slukket."),
            ("Timer der viser hvor længe måltidet varer", "Aftenvagt", "Hver aften", "Vis timeren og sig 'når den er tom, må du gå'."),
        ],
    ),
    (
        "{n} børster selv tænder aften og morgen",
        "Vil gerne have rene tænder uden hjælp",
        [("{n} børster selv tænder", "ja_nej", "op", "sum", 0.4, 0.9), ("Antal påmindelser", "antal", "ned", "gennemsnit", 4, 1), ("Hvor godt gik det (skala)", "skala_1_5", "op", "sum", 2, 4)],
        [("Video af tandbørstning på tablet", "Kontaktperson", "Morgen og aften", "Start videoen; børst sammen med {n} første uge."), ("Tandbørste og krus i fast rækkefølge", "Alle", "Dagligt", "")],
    ),
]
# The shifts in which a goal's signs can be seen (Tegn.vagter), by goal: dressing in the morning,
# dinner in the evening; the others in every shift.
GOAL_SHIFTS: dict[int, list[str]] = {0: ["dag"], 2: ["aften"]}
# The hour each shift logs its signs, and the day after the shift's date it does so: a night shift
# belongs to the date it started (smtte_tui.features.shift.shifts) and is logged the next morning.
SHIFT_HOURS = {"dag": (14, 0), "aften": (21, 0), "nat": (6, 1)}


@dataclass
class DemoResult:
    counts: Counter[str]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _staff_id(initials: str) -> str:
    # Deterministic, so demo runs on two terminals at once create the same staff, not two.
    return uuid.uuid5(uuid.NAMESPACE_URL, f"smtte-demo-staff/{initials}").hex


def _at(day: dt.date, hour: int, rng: random.Random) -> dt.datetime:
    local = dt.datetime.combine(day, dt.time(hour, rng.randrange(60)))
    return local.astimezone(dt.UTC)


def _logged_at(day: dt.date, shift: str, rng: random.Random) -> dt.datetime:
    hour, days_later = SHIFT_HOURS[shift]
    return _at(day + dt.timedelta(days=days_later), hour, rng)


def _value(kind: str, base: float | None, target: float | None, progress: float, rng: random.Random) -> bool | int | float:
    base = base if base is not None else 0.5
    target = target if target is not None else base
    expected = base + (target - base) * progress
    if kind == "ja_nej":
        return rng.random() < expected
    if kind == "skala_1_5":
        return max(1, min(5, round(expected + rng.gauss(0, 0.8))))
    if kind == "antal":
        return max(0, round(expected + rng.gauss(0, 1.0)))
    return max(0, min(1440, round(expected + rng.gauss(0, expected * 0.3 + 2))))


def _plan_for(borger: Borger, template: tuple, start: dt.date, rng: random.Random, shifts: list[str] | None = None) -> SmttePlan:
    goal, wish, tegn_specs, tiltag_specs = template
    first = borger.navn.split()[0]
    return SmttePlan(
        borger_id=borger.id,
        status="aktiv",
        sammenhaeng=Sammenhaeng(
            baggrund=f"{first} har boet i tilbuddet i {rng.randint(2, 15)} år og har brug for faste rammer.",
            hvorfor="Mere selvhjulpenhed i hverdagen giver ro og selvtillid.",
            borgerens_oenske=wish,
            bestilling=BestillingRef(tekst="Støtte til at blive mere selvhjulpen i daglige gøremål", reference=f"KOM-{rng.randint(10000, 99999)}", dato=start - dt.timedelta(days=30)),
        ),
        maal=Maal(tekst=goal.format(n=first), maaldato=start + dt.timedelta(days=365), handleplan_punkt="Punkt 2: Daglige færdigheder"),
        tegn=[
            Tegn(tekst=text.format(n=first), maaletype=kind, bedre_retning=better, aggregering=agg, baseline=base, maalvaerdi=target, vagter=shifts or ["dag", "aften", "nat"])
            for text, kind, better, agg, base, target in tegn_specs
        ],
        tiltag=[
            Tiltag(hvad=what.format(n=first), hvem=who, hvor_ofte=often, instruktion=text.format(n=first), medier=[f"https://example.org/instruktioner/{rng.randint(100, 999)}.mp4"])
            for what, who, often, text in tiltag_specs
        ],
        evaluering=Opfoelgningsplan(
            opfoelgning="maanedlig", naeste_opfoelgning=start + dt.timedelta(days=30), status_dato=start + dt.timedelta(days=90), langsigtet_evaluering=start + dt.timedelta(days=365)
        ),
        tovholder="TH",
        interessenter=[
            Interessent(type="borger", navn=borger.navn),
            Interessent(type="paaroerende", navn=f"{rng.choice(FIRST)} {borger.navn.split()[-1]}", kontakt="Mor/far, ringer søndage"),
            Interessent(type="myndighed", navn="Sagsbehandler, Socialforvaltningen", kontakt="Via kommunens postkasse"),
        ],
        maalopfyldelse_niveauer={"-2": "Meget mindre end forventet", "-1": "Mindre end forventet", "0": "Som forventet", "1": "Mere end forventet", "2": "Meget mere end forventet"},
    )


def _follow_up_dates(start: dt.date, today: dt.date, days: int, number: int) -> Opfoelgningsplan:
    """The plan's E dates as they stand after the demo's monthly meetings (every 30 days): the next
    follow-up is the last meeting's next date; past status and long-term dates are moved ahead,
    spread over the coming weeks so the due list has something near and something far."""
    follow_up = start + dt.timedelta(days=30 * ((max(days, 1) - 1) // 30 + 1))
    status = start + dt.timedelta(days=90)
    if status <= today:
        status = today + dt.timedelta(days=(10 + 17 * number) % 80)
    long_term = start + dt.timedelta(days=365)
    if long_term <= today:
        long_term = today + dt.timedelta(days=60 + (31 * number) % 300)
    return Opfoelgningsplan(opfoelgning="maanedlig", naeste_opfoelgning=follow_up, status_dato=status, langsigtet_evaluering=long_term)


def ensure_staff(store: Store, now: dt.datetime) -> None:
    existing = {m.initialer for m in store.all(Medarbejder)}
    missing: list[Entity] = [Medarbejder(id=_staff_id(i), initialer=i, navn=n, rolle=r, pin_hash=hash_pin(DEMO_PIN)) for i, n, r in DEMO_STAFF if i not in existing]
    if missing:
        store.create_many(missing, author="DEMO", at=[now] * len(missing))


def write_demo(
    store: Store,
    *,
    borgere: int = 6,
    days: int = 60,
    seed: int | None = None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
    terminals: list[Store] | None = None,
    staff: bool = True,
) -> DemoResult:
    """Add ``borgere`` fictional borgere with ``days`` days of history ending today.

    Nothing is written later than ``now`` (default: this PC's clock): a shift that has not been
    logged yet by ``now`` has no signs, and anything else due later today is stamped ``now``. A
    record written "in the future" would be shown at a time that has not come, and the hybrid
    clock of every terminal reading it would run ahead with it.

    ``terminals`` (bench) spreads the daily records over several writers; by default all come
    from ``store``. Records are written in monthly batches (one durable write per shard).
    """
    rng = random.Random(seed)
    now = (now or dt.datetime.now()).astimezone()
    today = today or now.date()
    latest = now.astimezone(dt.UTC)
    start = today - dt.timedelta(days=max(days - 1, 0))
    writers = terminals or [store]
    counts: Counter[str] = Counter()
    batch_writer: dict[int, tuple[list[Entity], list[dt.datetime]]] = {}

    def add(entity: Entity, when: dt.datetime, writer_index: int = 0, *, daily: bool = False) -> None:
        # A day's signs, notes and time-out lines not yet due are left out (that shift has not
        # logged them yet); the records a story needs (a borger, a plan, a PDSA decision, a
        # meeting) are stamped ``now`` at the latest.
        if daily and when > latest:
            return
        entities, times = batch_writer.setdefault(writer_index, ([], []))
        entities.append(entity)
        times.append(min(when, latest))

    def flush_batch() -> None:
        for index, (entities, times) in batch_writer.items():
            if entities:
                writers[index].create_many(entities, author="DEMO", at=times)
                counts.update(KIND_OF_MODEL[type(e)] for e in entities)
        batch_writer.clear()

    if staff:
        before = len(store.all(Medarbejder))
        ensure_staff(store, min(_at(start, 8, rng), latest))
        counts["medarbejder"] += len(store.all(Medarbejder)) - before
        for other in writers:
            if other is not store:
                other.poll()  # the other terminals must know the staff: the store checks roles

    people: list[tuple[Borger, SmttePlan]] = []
    taken = {b.navn for b in store.all(Borger)}
    for number in range(borgere):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        for _ in range(50):  # two residents of one name would confuse anyone trying the demo
            if f"{first} {last}" not in taken:
                break
            first, last = rng.choice(FIRST), rng.choice(LAST)
        taken.add(f"{first} {last}")
        borger = Borger(
            navn=f"{first} {last}",
            kortnavn=f"{first[0]}{last[0]}",
            enhed=rng.choice(["Hus A", "Hus B"]),
            bolig=f"Lejl. {rng.randint(1, 24)}",
            kontaktperson=rng.choice(["MA", "TH"]),
            kommunikation=rng.choice(COMMUNICATION),
        )
        plan = _plan_for(borger, GOALS[number % len(GOALS)], start, rng, GOAL_SHIFTS.get(number % len(GOALS)))
        plan = plan.model_copy(update={"evaluering": _follow_up_dates(start, today, days, number)})
        people.append((borger, plan))
        add(borger, _at(start, 8, rng))
        add(plan, _at(start, 9, rng))
    flush_batch()

    cycle_of: dict[str, PdsaCycle] = {}
    month = start.month
    for offset in range(days):
        day = start + dt.timedelta(days=offset)
        if day.month != month:
            flush_batch()
            month = day.month
        progress = offset / max(days, 1)
        for index, (borger, plan) in enumerate(people):
            writer_index = (index + offset) % len(writers)
            for tegn in plan.tegn:
                shift = rng.choices(["dag", "aften", "nat"], weights=[5, 4, 1])[0]
                if not tegn.ses_i(shift):
                    shift = tegn.vagter[0]  # a morning sign is logged by the day shift
                observation = Observation(
                    borger_id=borger.id,
                    plan_id=plan.id,
                    tegn_id=tegn.id,
                    maaletype=tegn.maaletype,
                    vaerdi=_value(tegn.maaletype, tegn.baseline, tegn.maalvaerdi, progress, rng),
                    dato=day,
                    vagt=shift,
                    forfatter=rng.choice(["MA", "TH", "DEMO"]),
                    terminal=writers[writer_index].writer,
                )
                add(observation, _logged_at(day, shift, rng), writer_index, daily=True)
            if rng.random() < 0.35:
                add(
                    Notat(
                        borger_id=borger.id,
                        dato=day,
                        vagt="dag",
                        tekst=rng.choice(
                            [
                                "God dag, smilede meget.",
                                "Træt efter dagtilbud.",
                                "Ville ikke i bad; prøver igen i morgen.",
                                "Besøg af familien, glad bagefter.",
                                "Uro om aftenen, faldt til ro med musik.",
                            ]
                        ),
                        forfatter="MA",
                        plan_id=plan.id,
                    ),
                    _at(day, 15, rng),
                    writer_index,
                    daily=True,
                )
            cycle = cycle_of.get(borger.id)
            if cycle is None and offset % 45 == index % 45 and day + dt.timedelta(days=14) <= today:
                cycle = PdsaCycle(
                    borger_id=borger.id,
                    plan_id=plan.id,
                    tiltag_id=plan.tiltag[0].id,
                    nummer=1,
                    formaal=f"Afprøve: {plan.tiltag[0].hvad}",
                    spoergsmaal=[Forudsigelse(spoergsmaal="Bliver det lettere?", forudsigelse="Ja, flere ja-dage")],
                    aendring=plan.tiltag[0].hvad,
                    hvem="Dagvagten",
                    hvor="I lejligheden",
                    hvornaar="Morgen",
                    data_tegn=[plan.tegn[0].id],
                    start=day,
                    slut=day + dt.timedelta(days=14),
                )
                cycle_of[borger.id] = cycle
            if cycle is not None and day == cycle.slut:
                act = rng.choice(["adopt", "adapt", "abandon"])
                add(cycle.model_copy(update={"study": "Flere ja-dage end før; teamet er enige.", "act": act, "naeste_skridt": "Fortsæt som nu", "status": "afsluttet"}), _at(day, 16, rng))
                del cycle_of[borger.id]
            if offset and offset % 30 == 0:
                add(
                    Evaluering(
                        borger_id=borger.id,
                        plan_id=plan.id,
                        dato=day,
                        art="opfoelgning",
                        deltagere=["TH", "MA", borger.navn],
                        borgerens_syn="Synes det går godt",
                        maalopfyldelse=max(-2, min(2, round(-1 + 3 * progress + rng.gauss(0, 0.5)))),
                        beslutning="fortsaet",
                        naeste_dato=day + dt.timedelta(days=30),
                        forfatter="TH",
                    ),
                    _at(day, 13, rng),
                )
            if offset % 7 == 0:
                add(
                    TimeoutNote(
                        borger_id=borger.id,
                        dato=day,
                        status=rng.choice(["paa_rette_vej", "usikker", "paa_rette_vej"]),
                        note="Kort status ved vagtskifte",
                        aftale="Fortsæt tiltag",
                        ansvarlig="MA",
                        forfatter="TH",
                    ),
                    _at(day, 14, rng),
                    writer_index,
                    daily=True,
                )
    flush_batch()
    # Cycles still running when the history ends are saved as active.
    for cycle in cycle_of.values():
        add(cycle, _at(cycle.start, 10, rng))
    flush_batch()
    return DemoResult(Counter({k: v for k, v in counts.items() if v}))
