"""chart: articles per day/month/year in the window as inline SVG, with a dot per bucket with events."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from briefing.chart import BOTTOM, HEIGHT, LEFT, TOP, WIDTH, _next, articles_chart, bucket_of, buckets
from briefing.model import Article, Window

SVG = "{http://www.w3.org/2000/svg}"
D = dt.date.fromisoformat


def article(aid: str, published: dt.date | None) -> Article:
    """An article that only needs a date here."""
    return Article(id=aid, text="Teks.", path=f"in/{aid}.txt", language="id", published=published)


def parse(svg: str) -> ET.Element:
    """The SVG as XML: it must be well-formed."""
    return ET.fromstring(svg)


def window(start: str, end: str) -> Window:
    """A window from ISO dates."""
    return Window(D(start), D(end))


@pytest.mark.parametrize(("start", "end", "unit", "count", "first", "last"), [
    ("2023-09-20", "2023-09-20", "day", 1, "2023-09-20", "2023-09-20"),
    ("2023-09-01", "2023-09-30", "day", 30, "2023-09-01", "2023-09-30"),
    ("2023-08-01", "2023-10-01", "day", 62, "2023-08-01", "2023-10-01"),  # 62 days: still days
    ("2023-08-01", "2023-10-02", "month", 3, "2023-08-01", "2023-10-01"),  # 63 days: months
    ("2023-08-15", "2023-10-02", "day", 49, "2023-08-15", "2023-10-02"),
    ("2020-01-01", "2023-12-31", "month", 48, "2020-01-01", "2023-12-01"),
    ("2020-01-15", "2024-12-31", "month", 60, "2020-01-01", "2024-12-01"),  # 5 years less two weeks
    ("2019-01-01", "2024-12-31", "year", 6, "2019-01-01", "2024-01-01"),
    ("2015-06-30", "2023-02-01", "year", 9, "2015-01-01", "2023-01-01"),
])
def test_buckets(start, end, unit, count, first, last):
    got_unit, starts = buckets(window(start, end))
    assert (got_unit, len(starts), starts[0], starts[-1]) == (unit, count, D(first), D(last))
    # The buckets cover the window without gaps: each starts where the previous one ends.
    assert starts[0] <= D(start) and _next(starts[-1], unit) > D(end)
    assert all(_next(a, unit) == b for a, b in zip(starts, starts[1:]))


@pytest.mark.parametrize(("day", "unit", "start"), [
    ("2023-09-20", "day", "2023-09-20"), ("2023-09-20", "month", "2023-09-01"), ("2023-09-20", "year", "2023-01-01"),
    ("2024-02-29", "month", "2024-02-01"), ("2023-12-31", "year", "2023-01-01"),
])
def test_bucket_of(day, unit, start):
    assert bucket_of(D(day), unit) == D(start)


@pytest.mark.parametrize(("day", "unit", "following"), [
    ("2023-01-31", "day", "2023-02-01"), ("2023-01-01", "month", "2023-02-01"), ("2023-12-01", "month", "2024-01-01"),
    ("2024-02-01", "month", "2024-03-01"), ("2023-01-01", "year", "2024-01-01"),
])
def test_next_bucket(day, unit, following):
    assert _next(D(day), unit) == D(following)


def bars(root: ET.Element) -> list[ET.Element]:
    """The bars of the chart."""
    return root.findall(f"{SVG}rect")


def bucket_index(x: float, n: int) -> int:
    """Which bucket a bar or dot at `x` belongs to."""
    return int((x - LEFT) // ((WIDTH - LEFT) / n))


def test_bars_only_for_buckets_with_articles_and_scaled_to_the_tallest():
    w = window("2023-09-01", "2023-09-30")
    arts = [article("a", D("2023-09-03")), article("b", D("2023-09-03")), article("c", D("2023-09-03")),
            article("d", D("2023-09-20")), article("e", None)]
    root = parse(str(articles_chart(arts, [], w, "Artikel per hari")))
    rects = bars(root)
    assert [bucket_index(float(r.get("x")), 30) for r in rects] == [2, 19]
    heights = [float(r.get("height")) for r in rects]
    full = HEIGHT - BOTTOM - TOP - 10
    assert heights == [pytest.approx(full, abs=0.05), pytest.approx(full / 3, abs=0.05)]
    assert all(float(r.get("y")) + float(r.get("height")) == pytest.approx(HEIGHT - BOTTOM, abs=0.05) for r in rects)
    top_label = [t.text for t in root.findall(f"{SVG}text")][0]
    assert top_label == "3"


def test_articles_outside_the_window_neither_draw_nor_scale():
    w = window("2023-09-19", "2023-09-20")
    arts = [article("in", D("2023-09-20"))] + [article(f"old{i}", D("2023-09-01")) for i in range(4)]
    root = parse(str(articles_chart(arts, [], w, "c")))
    rects = bars(root)
    assert [bucket_index(float(r.get("x")), 2) for r in rects] == [1]
    assert float(rects[0].get("height")) == pytest.approx(HEIGHT - BOTTOM - TOP - 10, abs=0.05)
    assert root.findall(f"{SVG}text")[0].text == "1"


def test_one_event_dot_per_bucket_with_events():
    w = window("2020-01-01", "2023-12-31")  # months
    arts = [article("a", D("2022-09-13")), article("b", D("2023-09-19"))]
    events = [D("2022-09-12"), D("2022-09-13"), D("2023-09-19"), D("2020-10-03"), D("2019-05-01")]  # 2019: outside
    root = parse(str(articles_chart(arts, events, w, "c")))
    dots = root.findall(f"{SVG}circle")
    months = [bucket_index(float(c.get("cx")), 48) for c in dots]
    assert months == [9, 32, 44]  # Oct 2020, Sep 2022, Sep 2023
    assert [bucket_index(float(r.get("x")), 48) for r in bars(root)] == [32, 44]


def test_axis_labels_are_thinned_but_keep_the_last_bucket():
    w = window("2023-09-01", "2023-09-30")
    labels = [t.text for t in parse(str(articles_chart([], [], w, "c"))).findall(f"{SVG}text")]
    assert labels == ["1", "01.09", "04.09", "07.09", "10.09", "13.09", "16.09", "19.09", "22.09", "25.09", "28.09",
                      "30.09"]


@pytest.mark.parametrize(("start", "end", "labels"), [
    ("2023-09-19", "2023-09-20", ["19.09", "20.09"]),
    ("2023-01-01", "2023-04-30", ["01/23", "02/23", "03/23", "04/23"]),
    ("2016-01-01", "2023-12-31", ["2016", "2017", "2018", "2019", "2020", "2021", "2022", "2023"]),
])
def test_axis_label_forms(start, end, labels):
    root = parse(str(articles_chart([], [], window(start, end), "c")))
    assert [t.text for t in root.findall(f"{SVG}text")][1:] == labels


def test_caption_is_escaped_and_the_svg_well_formed():
    caption = 'Artikel <script>alert("x")</script> & "kutipan" \'satu\''
    svg = str(articles_chart([article("a", D("2023-09-20"))], [D("2023-09-20")], window("2023-09-19", "2023-09-20"),
                             caption))
    assert "<script" not in svg
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("aria-label") == caption
    assert root.get("viewBox") == f"0 0 {WIDTH} {HEIGHT}"
    assert [child.tag.removeprefix(SVG) for child in root] == ["line", "text", "text", "rect", "circle", "text"]


def test_empty_chart_has_axis_and_no_marks():
    root = parse(str(articles_chart([], [], window("2023-09-20", "2023-09-20"), "c")))
    assert bars(root) == [] and root.findall(f"{SVG}circle") == []
    assert len(root.findall(f"{SVG}line")) == 1
