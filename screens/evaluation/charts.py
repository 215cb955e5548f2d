"""Run charts of a plan's tegn, one under the other, each with its verdict in words.

U switches day/week/month, B freezes the centre line at the points before the first prøvehandling
(did things change after we started testing?) or uses every point, N shows the next plan's tegn.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from smtte_tui.analysis.charts import PERIODS, TegnChart, tegn_chart
from smtte_tui.features.evaluation.timeline import Timeline
from smtte_tui.i18n import t
from smtte_tui.models import SmttePlan
from smtte_tui.screens.kit.base import AppScreen
from smtte_tui.screens.kit.styles import css_of
from smtte_tui.screens.widgets.plain import Plain
from smtte_tui.screens.widgets.runchart import RunChartPlot, chart_heading, chart_words


def plan_order(plans: list[SmttePlan]) -> list[SmttePlan]:
    """Active plan first, then drafts, then closed ones; only plans with tegn."""
    rank = {"aktiv": 0, "kladde": 1, "afsluttet": 2}
    return sorted((p for p in plans if p.tegn), key=lambda p: rank[p.status])


def charts_for(data: Timeline, plan: SmttePlan, period, frozen: bool) -> list[TegnChart]:
    """One chart per tegn of ``plan``; frozen = centre line from the points before its first PDSA."""
    starts = [c.start for c in data.cycles if c.plan_id == plan.id]
    until = min(starts) if frozen and starts else None
    observations = [obs for obs in data.observations if obs.plan_id == plan.id]
    markers = [m for m in data.markers if m.plan_id in (None, plan.id)]
    return [tegn_chart(item, observations, period=period, baseline_until=until, markers=markers) for item in plan.tegn if item.aktiv]


class ChartPanel(Vertical):
    """Heading, chart and words of one tegn."""

    def __init__(self, chart: TegnChart, **kwargs) -> None:
        super().__init__(**kwargs)
        self.chart = chart

    def compose(self) -> ComposeResult:
        yield Plain(chart_heading(self.chart), classes="chart-heading")
        yield RunChartPlot(self.chart)
        yield Plain(chart_words(self.chart), classes="chart-words")

    def show(self, chart: TegnChart) -> None:
        self.chart = chart
        self.query_one(".chart-heading", Static).update(chart_heading(chart))
        self.query_one(RunChartPlot).show(chart)
        self.query_one(".chart-words", Static).update(chart_words(chart))


class ChartsScreen(AppScreen):
    CSS_PATH = css_of(__file__, "evaluation.tcss")
    BINDINGS = [
        Binding("u", "period", t("charts.key.period"), id="charts.period"),
        Binding("b", "baseline", t("charts.key.baseline"), id="charts.baseline"),
        Binding("n", "next_plan", t("charts.key.next_plan"), id="charts.next_plan"),
        Binding("escape", "back", t("app.key.back"), id="charts.back"),
    ]

    def __init__(self, borger_id: str, data: Timeline) -> None:
        super().__init__()
        self.borger_id = borger_id
        self.data = data
        self.plans = plan_order(data.plans)
        self.plan_index = 0
        self.period = "uge"
        self.frozen = False
        self.charts: list[TegnChart] = []

    def main_container(self) -> Widget | None:
        return None  # this screen lays out its own body

    def compose_main(self) -> ComposeResult:
        yield Plain("", id="charts-title")
        yield VerticalScroll(id="charts-body")

    def on_mount(self) -> None:
        self.redraw()
        self.query_one("#charts-body").focus()

    @property
    def plan(self) -> SmttePlan | None:
        return self.plans[self.plan_index] if self.plans else None

    def redraw(self) -> None:
        body = self.query_one("#charts-body", VerticalScroll)
        body.remove_children()
        plan = self.plan
        if plan is None:
            self.query_one("#charts-title", Static).update(t("charts.no_tegn"))
            self.charts = []
            return
        self.charts = charts_for(self.data, plan, self.period, self.frozen)
        goal = plan.maal.tekst if plan.maal else t("planhub.no_goal")
        baseline = t("charts.baseline.frozen") if self.frozen else t("charts.baseline.all")
        self.query_one("#charts-title", Static).update(t("charts.title", goal=goal, status=t(f"plan.diff.value.status.{plan.status}"), baseline=baseline))
        body.mount_all([ChartPanel(chart) for chart in self.charts])

    def action_period(self) -> None:
        self.period = PERIODS[(PERIODS.index(self.period) + 1) % len(PERIODS)]
        self.redraw()

    def action_baseline(self) -> None:
        self.frozen = not self.frozen
        self.redraw()

    def action_next_plan(self) -> None:
        if len(self.plans) > 1:
            self.plan_index = (self.plan_index + 1) % len(self.plans)
            self.redraw()
