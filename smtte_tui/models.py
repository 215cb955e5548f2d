"""The SMTTE method as pydantic models.

Every entity that crosses a file boundary is one of these models, validated on every read and
write. Field names use the method's own Danish nouns, ASCII-folded (see docs/glossary.md).

Data minimisation: there is deliberately no field for CPR numbers or other identifiers beyond what
daily work needs (a display name, a short name, the room).

Every value is bounded here, with a Danish reason, because a record may come from any terminal,
a sync client or a hand-edited file, and must never crash the house later:

* ids and every field that holds an id match :data:`ID_PATTERN` (:data:`Id`), so an id is safe
  to build a file path from (no ``..``, separator or drive);
* dates and datetimes lie in :data:`smtte_tui.dates.DATE_MIN`..:data:`~smtte_tui.dates.DATE_MAX`
  (:data:`Dato`, :data:`Tidspunkt`);
* numbers are finite and within ±:data:`MAX_NUMBER` (:data:`Tal`; no NaN or Infinity).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import uuid
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, model_serializer, model_validator

from smtte_tui.dates import in_range, range_error
from smtte_tui.i18n import t
from smtte_tui.usererror import UserError

MaaleType = Literal["ja_nej", "antal", "skala_1_5", "minutter"]
Retning = Literal["op", "ned"]  # which way is better for a tegn: more ("op") or less ("ned")
Aggregering = Literal["sum", "gennemsnit"]  # how antal/minutter are summed up per period in charts
Vagt = Literal["dag", "aften", "nat"]
Rolle = Literal["medarbejder", "tovholder", "leder"]
PlanStatus = Literal["kladde", "aktiv", "afsluttet"]
InteressentType = Literal["borger", "paaroerende", "myndighed", "dagtilbud", "kontaktperson", "andet"]
Opfoelgning = Literal["ugentlig", "maanedlig", "kvartalsvis"]
PdsaStatus = Literal["planlagt", "aktiv", "afsluttet"]
PdsaAct = Literal["adopt", "adapt", "abandon"]
EvalueringsArt = Literal["opfoelgning", "status", "evaluering"]
Beslutning = Literal["fortsaet", "juster", "afslut", "revisitation"]
TimeoutStatus = Literal["paa_rette_vej", "usikker", "ikke_paa_rette_vej"]

MAALETYPER: tuple[str, ...] = ("ja_nej", "antal", "skala_1_5", "minutter")
VAGTER: tuple[Vagt, ...] = ("dag", "aften", "nat")

Text = Annotated[str, StringConstraints(strip_whitespace=True)]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
# Upper-cased before the pattern is checked, so "ma" typed at the lock screen is "MA".
Initialer = Annotated[str, BeforeValidator(lambda v: v.strip().upper() if isinstance(v, str) else v), StringConstraints(min_length=1, max_length=8, pattern=r"^[A-ZÆØÅ0-9]+$")]
Score = Annotated[int, Field(ge=-2, le=2)]

# One pattern for every id: uuid4 hex today (32 characters), writer ids ("t" + 12 hex) too. ASCII
# letters, digits, "_" and "-" only, so an id can never be "..", hold a path separator or a drive.
ID_PATTERN = r"[A-Za-z0-9_-]{1,64}"
_ID = re.compile(ID_PATTERN)
MAX_NUMBER = 1_000_000  # no baseline, target or logged value of a care home's day comes near it
# An audit event names at most this many borgere (a view showing more is recorded as several
# events, see smtte_tui.viewaudit) and a search term this long: a house has some forty borgere.
MAX_AUDIT_BORGERE = 500
MAX_SOEGEORD = 100


def is_id(value: object) -> bool:
    """Whether ``value`` is a well-formed id (the store checks ids with this before any path)."""
    return isinstance(value, str) and _ID.fullmatch(value) is not None


def _id(value: str) -> str:
    if not is_id(value):
        shown = "".join(char if char.isprintable() else "?" for char in value[:40])
        raise UserError("model.error.id", text=shown)
    return value


def _kept_date(value: dt.date) -> dt.date:
    if not in_range(value):
        raise range_error(value)
    return value


def is_finite_number(value: object) -> bool:
    """A real number within ±:data:`MAX_NUMBER` (False for NaN, Infinity, huge ints, bools)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    # an int is compared as an int: float() of a 400-digit int would raise OverflowError
    return abs(value) <= MAX_NUMBER and (isinstance(value, int) or math.isfinite(value))


def _finite(value: float) -> float:
    if not is_finite_number(value):
        raise number_error(value)
    return value


def number_error(value: object, label: str = "") -> UserError:
    """The refusal of a number that is not finite or too large (naming the field ``label``)."""
    words = {"text": str(value)[:40], "limit": f"{MAX_NUMBER:,}".replace(",", ".")}
    return UserError("model.error.number.field", label=label, **words) if label else UserError("model.error.number", **words)


Id = Annotated[str, AfterValidator(_id)]
Dato = Annotated[dt.date, AfterValidator(_kept_date)]
Tidspunkt = Annotated[dt.datetime, AfterValidator(_kept_date)]
Tal = Annotated[float, AfterValidator(_finite)]


def new_id() -> str:
    """A fresh random id (uuid4 hex): unique across terminals without coordination."""
    return uuid.uuid4().hex


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Entity(Model):
    """An entity with a stable id; its history is the list of revisions with that id."""

    id: Id = Field(default_factory=new_id)


# --- people -------------------------------------------------------------------------------------


class Borger(Entity):
    navn: NonEmpty
    kortnavn: NonEmpty  # initials or short name shown in lists
    enhed: Text = ""  # unit/house within the botilbud
    bolig: Text = ""  # room or flat
    kontaktperson: Text = ""  # staff initials of the contact person
    kommunikation: Text = ""  # how the borger communicates (tegn til tale, piktogrammer, ...)
    aktiv: bool = True


class Medarbejder(Entity):
    initialer: Initialer  # unique; the sign-in name
    navn: NonEmpty
    rolle: Rolle = "medarbejder"
    pin_hash: NonEmpty  # see auth.hash_pin; never the PIN itself. Set by a leder, or by the person themself
    aktiv: bool = True


class HusIndstillinger(Entity):
    """The house's security settings: one record (id ``hus``, see :mod:`smtte_tui.housesettings`) in
    the data folder, changed only by a leder (the store's role rule) and used by every terminal.

    Bounded, so neither a mistake nor a record planted in the folder can switch the lockout off.
    """

    max_failed_logins: int = Field(default=3, ge=1, le=10)  # wrong PINs within the window that block
    failed_login_window_hours: int = Field(default=24, ge=1, le=168)  # how far back wrong PINs count
    block_hours: int = Field(default=24, ge=1, le=168)  # how long a block lasts (a leder can lift it)
    lock_after_minutes: int = Field(default=5, ge=1, le=60)  # idle time before a screen locks itself


# --- the SMTTE plan -----------------------------------------------------------------------------


class BestillingRef(Model):
    """The municipality's bestilling/handleplan the plan answers to."""

    tekst: Text = ""
    reference: Text = ""  # the municipality's case or document number
    dato: Dato | None = None


class Sammenhaeng(Model):
    baggrund: Text = ""
    hvorfor: Text = ""  # why this matters now: the biggest challenge
    borgerens_oenske: Text = ""  # the borger's own wish, in their words where possible
    bestilling: BestillingRef = Field(default_factory=BestillingRef)


class Maal(Model):
    tekst: NonEmpty
    maaldato: Dato | None = None
    handleplan_punkt: Text = ""  # which point of the bestilling/handleplan this goal serves


class Tegn(Model):
    id: Id = Field(default_factory=new_id)
    tekst: NonEmpty  # what one can see or count, e.g. "Hans børster selv tænder"
    maaletype: MaaleType
    bedre_retning: Retning = "op"
    baseline: Tal | None = None
    maalvaerdi: Tal | None = None
    forventet_hyppighed: Text = "dagligt"
    aggregering: Aggregering = "sum"
    # The shifts in which the sign can be seen ("tager selv tøj på om morgenen": dag only). A
    # shift not named here never counts the tegn as missing. Older plans: every shift.
    vagter: list[Vagt] = Field(default_factory=lambda: list(VAGTER), min_length=1, max_length=3)
    aktiv: bool = True

    def ses_i(self, vagt: str) -> bool:
        """Whether the sign can be seen (and is asked for) in ``vagt``."""
        return vagt in self.vagter

    @model_validator(mode="after")
    def _shifts_once_in_order(self) -> Tegn:
        object.__setattr__(self, "vagter", [v for v in VAGTER if v in self.vagter])
        return self

    @model_serializer(mode="wrap")
    def _every_shift_left_out(self, handler: Any) -> Any:
        # "Every shift" is not written: a plan that does not use the field stays readable by a
        # PC still running the version before it (models forbid unknown fields).
        data = handler(self)
        if isinstance(data, dict) and data.get("vagter") == list(VAGTER):
            del data["vagter"]
        return data

    @model_validator(mode="after")
    def _values_fit_kind(self) -> Tegn:
        # the words the plan editor uses for the two fields, not the code's names
        for name in ("baseline", "maalvaerdi"):
            value = getattr(self, name)
            if value is None:
                continue
            word = t(f"model.word.{name}")
            if self.maaletype == "ja_nej" and not 0 <= value <= 1:
                raise UserError("model.error.tegn.ja_nej", word=word)
            if self.maaletype == "skala_1_5" and not 1 <= value <= 5:
                raise UserError("model.error.tegn.skala", word=word)
            if value < 0:
                raise UserError("model.error.tegn.negative", word=word)
        return self


class Tiltag(Model):
    id: Id = Field(default_factory=new_id)
    hvad: NonEmpty
    hvem: Text = ""
    hvor_ofte: Text = ""
    instruktion: Text = ""
    medier: list[Text] = Field(default_factory=list)  # paths or URLs of picture/video instructions
    aktiv: bool = True
    fra_pdsa: Id | None = None  # the prøvehandling whose "adopt" shaped this tiltag


class Opfoelgningsplan(Model):
    """The follow-up structure: daily logging, a review cadence and the long-term evaluation."""

    daglig_logning: bool = True
    opfoelgning: Opfoelgning = "maanedlig"
    naeste_opfoelgning: Dato | None = None
    status_dato: Dato | None = None  # e.g. the 3-month status
    langsigtet_evaluering: Dato | None = None


class Interessent(Model):
    type: InteressentType
    navn: NonEmpty
    kontakt: Text = ""
    inddraget: list[Dato] = Field(default_factory=list)  # when they were involved
    note: Text = ""


class SmttePlan(Entity):
    """One borger's SMTTE plan. ``maal`` is a single goal by construction: one small goal per plan."""

    borger_id: Id
    status: PlanStatus = "kladde"
    sammenhaeng: Sammenhaeng = Field(default_factory=Sammenhaeng)
    maal: Maal | None = None
    tegn: list[Tegn] = Field(default_factory=list)
    tiltag: list[Tiltag] = Field(default_factory=list)
    evaluering: Opfoelgningsplan = Field(default_factory=Opfoelgningsplan)
    tovholder: Text = ""  # staff initials
    interessenter: list[Interessent] = Field(default_factory=list)
    # Goal-attainment level texts, keyed "-2".."2" (what each level would look like for this goal).
    maalopfyldelse_niveauer: dict[Literal["-2", "-1", "0", "1", "2"], Text] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _ids_unique(self) -> SmttePlan:
        if self.status == "aktiv" and self.maal is None:
            raise UserError("model.error.plan.no_goal")
        for name in ("tegn", "tiltag"):
            ids = [item.id for item in getattr(self, name)]
            if len(ids) != len(set(ids)):
                raise UserError("model.error.plan.same_id", name=name)
        return self

    def tegn_by_id(self, tegn_id: str) -> Tegn | None:
        return next((t for t in self.tegn if t.id == tegn_id), None)


# --- daily documentation ------------------------------------------------------------------------


class Observation(Entity):
    """One logged sign. Corrections and withdrawals are later revisions of the same id."""

    borger_id: Id
    plan_id: Id
    tegn_id: Id
    maaletype: MaaleType  # copied from the tegn so the value can be validated on its own
    vaerdi: bool | int | float
    dato: Dato
    vagt: Vagt
    note: Text = ""
    forfatter: NonEmpty  # staff initials
    terminal: NonEmpty

    @model_validator(mode="after")
    def _value_fits_kind(self) -> Observation:
        value, kind = self.vaerdi, self.maaletype
        if not isinstance(value, bool) and not is_finite_number(value):
            raise number_error(value)
        if kind == "ja_nej":
            if not isinstance(value, bool):
                raise UserError("model.error.obs.ja_nej")
        elif isinstance(value, bool):
            raise UserError("model.error.obs.number")
        elif kind == "antal" and (not float(value).is_integer() or value < 0):
            raise UserError("model.error.obs.antal")
        elif kind == "skala_1_5" and (not float(value).is_integer() or not 1 <= value <= 5):
            raise UserError("model.error.obs.skala")
        elif kind == "minutter" and not 0 <= value <= 24 * 60:
            raise UserError("model.error.obs.minutter")
        if kind in ("antal", "skala_1_5") and isinstance(value, float):
            object.__setattr__(self, "vaerdi", int(value))
        return self


class Notat(Entity):
    """A daily note about a borger, optionally tied to a plan, tegn, tiltag or PDSA cycle.

    A PDSA cycle's "Do" entries are Notat records with ``pdsa_id`` set: separate records, so two
    staff adding Do notes at the same time never conflict.
    """

    borger_id: Id
    dato: Dato
    vagt: Vagt | None = None
    tekst: NonEmpty
    forfatter: NonEmpty
    plan_id: Id | None = None
    tegn_id: Id | None = None
    tiltag_id: Id | None = None
    pdsa_id: Id | None = None
    overraskelse: bool = False  # a Do entry that records a surprise or problem


class PlanKommentar(Entity):
    """A comment or proposal on a plan. Any staff member may write one (a medarbejder cannot edit
    the plan itself); the tovholder marks it as handled. Its own record, so it never conflicts."""

    borger_id: Id
    plan_id: Id
    tid: Tidspunkt
    tekst: NonEmpty
    forfatter: NonEmpty
    trin: Literal["S", "M", "T1", "T2", "E", ""] = ""  # which step of the plan it is about
    behandlet: bool = False


# --- PDSA (prøvehandlinger) ---------------------------------------------------------------------


class Forudsigelse(Model):
    spoergsmaal: NonEmpty
    forudsigelse: Text = ""


class PdsaCycle(Entity):
    """A prøvehandling after IHI's PDSA worksheet. Cycles of one ramp share ``rampe_id``."""

    borger_id: Id
    plan_id: Id
    tiltag_id: Id | None = None
    rampe_id: Id = Field(default_factory=new_id)
    nummer: int = Field(default=1, ge=1)
    formaal: NonEmpty  # objective
    spoergsmaal: list[Forudsigelse] = Field(default_factory=list)
    aendring: Text = ""  # the change being tested
    hvem: Text = ""
    hvor: Text = ""
    hvornaar: Text = ""
    data_tegn: list[Id] = Field(default_factory=list)  # tegn ids that give the data
    start: Dato
    slut: Dato
    study: Text = ""
    act: PdsaAct | None = None
    act_begrundelse: Text = ""  # why adopt/adapt/abandon: required for abandon
    naeste_skridt: Text = ""
    status: PdsaStatus = "aktiv"

    @model_validator(mode="after")
    def _dates_in_order(self) -> PdsaCycle:
        if self.slut < self.start:
            raise UserError("model.error.pdsa.dates")
        if self.status == "afsluttet" and self.act is None:
            raise UserError("model.error.pdsa.no_act")
        return self


# --- evaluation and follow-up -------------------------------------------------------------------


class Evaluering(Entity):
    """An evaluation that was held (monthly follow-up, status meeting or long-term evaluation)."""

    borger_id: Id
    plan_id: Id
    dato: Dato
    art: EvalueringsArt = "opfoelgning"
    deltagere: list[Text] = Field(default_factory=list)
    borgerens_syn: Text = ""
    paaroerendes_syn: Text = ""
    maalopfyldelse: Score | None = None
    beslutning: Beslutning
    naeste_dato: Dato | None = None
    tekst: Text = ""
    forfatter: NonEmpty


class TimeoutNote(Entity):
    """One borger's line at the daily team time-out ("are we on track?")."""

    borger_id: Id
    dato: Dato
    status: TimeoutStatus
    note: Text = ""
    aftale: Text = ""  # the agreed action before next time-out
    ansvarlig: Text = ""  # who does it
    forfatter: NonEmpty


class AuditEvent(Entity):
    """Who did what, when, where: every read of personal data, search, change and export."""

    tid: Tidspunkt
    medarbejder: Text  # initials; empty before anyone has signed in
    terminal: NonEmpty
    handling: NonEmpty  # e.g. "login", "login_fejl", "laes_borger", "eksport", "soeg"
    maal: Text = ""  # what was acted on: an entity kind and id, a file, ...
    borger_id: Id | None = None
    soegeord: Annotated[str, StringConstraints(max_length=MAX_SOEGEORD)] | None = None
    # the borgere a view of several borgere showed, or a search found (events written before
    # this field existed have none, and stay valid)
    borgere: list[Id] = Field(default_factory=list, max_length=MAX_AUDIT_BORGERE)


ENTITY_MODELS: dict[str, type[Entity]] = {
    "borger": Borger,
    "medarbejder": Medarbejder,
    "plan": SmttePlan,
    "observation": Observation,
    "notat": Notat,
    "kommentar": PlanKommentar,
    "pdsa": PdsaCycle,
    "evaluering": Evaluering,
    "timeout": TimeoutNote,
    "audit": AuditEvent,
    "indstillinger": HusIndstillinger,
}
