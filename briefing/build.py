"""The pipeline, in order. Each stage is a module named after what it produces."""

from __future__ import annotations

from pathlib import Path

from .assemble import Briefing, assemble
from .derive import derive
from .validate import read_content
from .verify import verify


def build_briefing(content_dir: Path) -> Briefing:
    """load + validate -> verify -> derive -> assemble. Raises ``ContentError`` with every problem found."""
    content, problems = read_content(content_dir)  # load (briefing.load) and validate (briefing.validate)
    evidence = verify(content, problems)
    derivations = derive(content, problems)
    problems.raise_if_any()
    return assemble(content, evidence, derivations)
