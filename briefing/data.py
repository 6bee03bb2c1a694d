"""Data downloads: site/data/facts.json, the interface described in DESIGN.md."""

from __future__ import annotations

import json
from typing import Any

from .assemble import Briefing


def facts_json(briefing: Briefing, site_url: str = "") -> str:
    """``{"facts": [...], "sources": [...]}``; URLs are relative to the site root unless ``site_url`` is set."""
    base = site_url.rstrip("/") + "/" if site_url else ""
    facts: list[dict[str, Any]] = []
    for fact in briefing.facts:
        facts.append({
            "id": fact.id,
            "statement": fact.statement,
            "kind": fact.kind,
            "date": str(fact.date) if fact.date else None,
            "date_display": fact.date.display() if fact.date else None,
            "topics": fact.topics,
            "entities": fact.entities,
            "url": f"{base}facts/#{fact.id}",
            "citations": [
                {
                    "source": c.source.id,
                    "reference": c.source.reference,
                    "locator": c.citation.locator,
                    "quote": c.citation.quote,
                    "url": base + c.source_url,
                    "lines": [c.match.first_line, c.match.last_line],
                    "voice": c.voice_name,
                    "voice_label": c.voice_label,
                }
                for c in briefing.cited[fact.id]
            ],
            "caveats": [{"id": cv.id, "text": cv.text} for cv in briefing.caveats_of.get(fact.id, [])],
        })
    sources = [
        {
            "id": s.id,
            "reference": s.reference,
            "title": s.title,
            "kind": s.kind,
            "authority": s.authority,
            "published": str(s.published),
            "url": s.url,
            "page": f"{base}sources/{s.id}/",
            "capture": s.capture,
            "sha256": s.sha256,
        }
        for s in briefing.sources
    ]
    return json.dumps({"facts": facts, "sources": sources}, indent=2, ensure_ascii=False) + "\n"
