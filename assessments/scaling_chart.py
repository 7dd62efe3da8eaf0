"""Lays out everyone's scaling scores over time for an SVG chart drawn by a template.

Each person is a line. Lines differ by marker shape as well as colour, so the chart does not
rely on colour alone; the data table beside it is the accessible alternative.
"""

from collections import Counter
from dataclasses import dataclass, field

WIDTH, HEIGHT = 720, 320
LEFT, RIGHT, TOP, BOTTOM = 48, 200, 16, 40
# Equal scores on one date would hide each other: they sit side by side, a marker apart.
MARKER_SPACING = 12
# Colours with at least 3:1 contrast on white, and a marker shape for each.
STYLES = [
    ("#1d70b8", "circle"),
    ("#d4351c", "square"),
    ("#00703c", "diamond"),
    ("#4c2c92", "triangle"),
    ("#b58840", "circle"),
    ("#0b0c0c", "square"),
    ("#d53880", "diamond"),
    ("#505a5f", "triangle"),
]


@dataclass
class Series:
    name: str
    kind: str
    colour: str
    marker: str
    legend_y: int
    points: list = field(default_factory=list)  # (x, y, answer)

    @property
    def path(self):
        return " ".join(f"{x},{y}" for x, y, _ in self.points)


@dataclass
class Chart:
    series: list
    y_ticks: list
    x_ticks: list
    legend_x: int
    width: int = WIDTH
    height: int = HEIGHT
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    plot_bottom: int = HEIGHT - BOTTOM


def scaling_chart(answers):
    """`answers` in date order. Returns None when there is nothing to draw."""
    if not answers:
        return None
    first, last = answers[0].answered_on, answers[-1].answered_on
    days = max((last - first).days, 1)
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM

    def x_for(day):
        if first == last:
            return LEFT + plot_width // 2
        return LEFT + round((day - first).days / days * plot_width)

    def y_for(score):
        return TOP + round((10 - score) / 10 * plot_height)

    series = {}
    sharing = Counter((answer.answered_on, answer.score) for answer in answers)
    placed = Counter()
    for answer in answers:
        key = (answer.respondent_name, answer.respondent_kind)
        if key not in series:
            colour, marker = STYLES[len(series) % len(STYLES)]
            series[key] = Series(
                answer.respondent_name,
                answer.get_respondent_kind_display(),
                colour,
                marker,
                legend_y=TOP + len(series) * 24,
            )
        # The points that share a date and a score spread out either side of the date.
        spot = (answer.answered_on, answer.score)
        offset = round((placed[spot] - (sharing[spot] - 1) / 2) * MARKER_SPACING)
        placed[spot] += 1
        x = x_for(answer.answered_on) + offset
        series[key].points.append((x, y_for(answer.score), answer))

    dates = sorted({answer.answered_on for answer in answers})
    step = max(1, len(dates) // 6)
    return Chart(
        series=list(series.values()),
        y_ticks=[(score, y_for(score)) for score in range(0, 11, 2)],
        x_ticks=[(day, x_for(day)) for day in dates[::step]],
        legend_x=WIDTH - RIGHT + 16,
    )


def spread(latest_answers):
    """How far apart the family's and the professionals' latest scores are."""
    family = [answer.score for answer in latest_answers if answer.is_family]
    professionals = [answer.score for answer in latest_answers if not answer.is_family]

    def summary(scores):
        if not scores:
            return None
        return {"low": min(scores), "high": max(scores), "average": sum(scores) / len(scores)}

    result = {"family": summary(family), "professionals": summary(professionals), "gap": None}
    if family and professionals:
        result["gap"] = abs(result["family"]["average"] - result["professionals"]["average"])
    return result
