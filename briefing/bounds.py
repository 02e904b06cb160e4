"""Limits on what one run takes in: future-dated articles, and at most N articles and M chunks.

What is left out is listed in the brief's `skipped` with the reason and the setting to change.
Over a cap the newest articles are kept: a brief is about the latest reporting.
"""

from __future__ import annotations

import datetime as dt

from briefing.model import Article, Chunk, Skipped

MAX_ARTICLES = 1000
MAX_CHUNKS = 4000
FUTURE_GRACE_DAYS = 1  # a site one time zone ahead may already date its article tomorrow


def not_in_future(articles: list[Article], today: dt.date) -> tuple[list[Article], list[Skipped]]:
    """Articles dated after tomorrow are left out, whatever the window: the date is wrong or the post scheduled."""
    latest = today + dt.timedelta(days=FUTURE_GRACE_DAYS)
    kept, skipped = [], []
    for article in articles:
        if article.published is not None and article.published > latest:
            skipped.append(Skipped(article.path, f"{article.id}: dated {article.published}, after today ({today}): "
                                   "a wrong date or a scheduled post; fix the date to use it"))
        else:
            kept.append(article)
    return kept, skipped


def newest_first(articles: list[Article]) -> list[Article]:
    """Articles by published date, newest first, undated last; input order among equals."""
    return sorted(articles, key=lambda a: -(a.published.toordinal() if a.published else 0))


def cap_articles(articles: list[Article], limit: int) -> tuple[list[Article], list[Skipped]]:
    """At most `limit` articles, the newest; the rest skipped. Input order is kept."""
    if len(articles) <= limit:
        return articles, []
    keep = {a.id for a in newest_first(articles)[:limit]}  # ids are unique in a run (ingest checks)
    reason = f"over --max-articles {limit}: only the {limit} newest articles of the window are used"
    return ([a for a in articles if a.id in keep],
            [Skipped(a.path, f"{a.id}: {reason}") for a in articles if a.id not in keep])


def cap_chunks(articles: list[Article], chunks: list[Chunk], limit: int
               ) -> tuple[list[Article], list[Chunk], list[Skipped]]:
    """Whole articles, newest first, while their chunks fit in `limit`; an article that does not fit is skipped."""
    per_article: dict[str, list[Chunk]] = {}
    for chunk in chunks:
        per_article.setdefault(chunk.article_id, []).append(chunk)
    keep: set[str] = set()
    used = 0
    for article in newest_first(articles):
        size = len(per_article.get(article.id, []))
        if used + size <= limit:
            keep.add(article.id)
            used += size
    skipped = [Skipped(a.path, f"{a.id}: over --max-chunks {limit}: its {len(per_article.get(a.id, []))} chunks do "
                       "not fit after newer articles'") for a in articles if a.id not in keep]
    return ([a for a in articles if a.id in keep], [c for c in chunks if c.article_id in keep], skipped)
