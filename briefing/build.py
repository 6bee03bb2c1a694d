"""The pipeline, in order. Each stage is a module named after what it produces."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .assemble import Briefing, assemble
from .claims import check_claims
from .derive import derive
from .framing import check_framing
from .validate import read_content
from .verify import verify


def build_briefing(content_dir: Path) -> Briefing:
    """load + validate -> verify -> framing -> derive -> claims -> assemble. Raises ``ContentError`` with every problem found."""
    with cyclic_gc_paused():
        content, problems = read_content(content_dir)  # load (briefing.load) and validate (briefing.validate)
        evidence = verify(content, problems)
        check_framing(content, evidence, problems)  # voices, periods, relations, caveats, right of reply
        derivations = derive(content, problems)
        check_claims(content, derivations, problems)  # claims on prose, against the verified quotes and computed values
        problems.raise_if_any()
        return assemble(content, evidence, derivations)


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cycle collector while building the model.

    A build makes millions of long-lived objects and almost no reference cycles (reference counting
    frees the rest), yet each full collection walks every object: at 100x content the collector took
    a third of `briefing check`. Cycles left over are collected once it resumes.
    """
    enabled = gc.isenabled()
    gc.disable()
    gc.unfreeze()  # what the last build froze can be collected again, if it has become garbage
    try:
        yield
    finally:
        gc.freeze()  # what this build made is left out of later collections (resuming would otherwise walk it all at once)
        if enabled:
            gc.enable()
