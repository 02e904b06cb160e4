"""A small inline SVG: articles per day (or month, or year) in the window, with the timeline's events."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from markupsafe import Markup, escape

from briefing.model import Article, Window

WIDTH, HEIGHT, TOP, BOTTOM, LEFT = 640, 120, 14, 26, 30


def bucket_of(day: dt.date, unit: str) -> dt.date:
    """The first day of the bucket holding `day`."""
    if unit == "year":
        return day.replace(month=1, day=1)
    if unit == "month":
        return day.replace(day=1)
    return day


def buckets(window: Window) -> tuple[str, list[dt.date]]:
    """Bucket size and bucket starts covering the window: days up to two months, months up to five years."""
    days = (window.end - window.start).days + 1
    unit = "day" if days <= 62 else "month" if days <= 5 * 366 else "year"
    starts, day = [], bucket_of(window.start, unit)
    while day <= window.end:
        starts.append(day)
        day = _next(day, unit)
    return unit, starts


def _next(day: dt.date, unit: str) -> dt.date:
    """The start of the following bucket."""
    if unit == "day":
        return day + dt.timedelta(days=1)
    if unit == "month":
        return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return day.replace(year=day.year + 1)


def _label(day: dt.date, unit: str) -> str:
    """Axis label of a bucket."""
    return {"day": day.strftime("%d.%m"), "month": day.strftime("%m/%y"), "year": str(day.year)}[unit]


def articles_chart(articles: list[Article], events: list[dt.date], window: Window, caption: str) -> Markup:
    """Bars of articles per bucket in the window; a dot above each bucket with timeline events."""
    unit, starts = buckets(window)
    # Articles outside the window (or undated) have no bar; they must not set the scale either.
    counts = Counter(bucket_of(a.published, unit) for a in articles if a.published and window.contains(a.published))
    marks = Counter(bucket_of(d, unit) for d in events if window.contains(d))
    top = max(counts.values(), default=1)
    step = (WIDTH - LEFT) / max(1, len(starts))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'font-family="DejaVu Sans" role="img" aria-label="{escape(caption)}">']
    base = HEIGHT - BOTTOM
    parts.append(f'<line x1="{LEFT}" y1="{base}" x2="{WIDTH}" y2="{base}" stroke="#888" stroke-width="1"/>')
    parts.append(f'<text x="{LEFT - 4}" y="{TOP + 4}" font-size="14" fill="#555" text-anchor="end">{top}</text>')
    every = max(1, len(starts) // 8)
    for i, start in enumerate(starts):
        x = LEFT + i * step
        height = (base - TOP - 10) * counts[start] / top
        if counts[start]:
            parts.append(f'<rect x="{x + step * 0.15:.1f}" y="{base - height:.1f}" width="{step * 0.7:.1f}" '
                         f'height="{height:.1f}" fill="#1f3a5f"/>')
        if marks[start]:
            parts.append(f'<circle cx="{x + step / 2:.1f}" cy="{TOP - 4}" r="3" fill="#c0392b"/>')
        if i % every == 0 or i == len(starts) - 1:
            parts.append(f'<text x="{x + step / 2:.1f}" y="{HEIGHT - 6}" font-size="14" fill="#555" text-anchor="middle">'
                         f'{escape(_label(start, unit))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
