"""Caches cannot change output: every kind of entry, corrupted, gives what a cold build gives."""

from __future__ import annotations

import importlib.util
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from briefing import cache, card
from briefing import charts as charting
from briefing.build import build_briefing
from briefing.data import facts_json
from briefing.load import KnownFiles

SAMPLE = Path(__file__).parent / "sample"


def flip(text: bytes) -> Callable[[bytes], bytes]:
    """A corruption that changes one letter inside ``text`` (a string the entry holds)."""
    def corrupt(data: bytes) -> bytes:
        assert text in data, "the entry does not hold the text to flip"
        return data.replace(text, text[:-1] + bytes([text[-1] ^ 1]), 1)
    return corrupt


def truncate(data: bytes) -> bytes:
    return data[: len(data) * 2 // 3]


def test_a_corrupt_yaml_store_is_discarded(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    store = KnownFiles.store_for(content)
    cold = facts_json(build_briefing(content))
    good = store.read_bytes()
    # another entry's bytes: a store that is valid where it was written (its name is in its checksum), but says otherwise
    payload = bytes(cache.read(store) or b"")
    cache.write(tmp_path / "elsewhere.marshal", flip(b"all in the north ward")(payload))
    foreign = (tmp_path / "elsewhere.marshal").read_bytes()
    corruptions: dict[str, Callable[[bytes], bytes]] = {
        "a letter of a statement flipped": flip(b"all in the north ward"),
        "truncated": truncate,
        "another entry's bytes": lambda data: foreign,
    }
    for name, corrupt in corruptions.items():
        store.write_bytes(corrupt(good))
        assert facts_json(build_briefing(content)) == cold, name
        assert store.read_bytes() == good, f"{name}: the store was not written again"


def _spec(n: int) -> dict[str, Any]:
    return {"mark": "bar", "title": "Notices issued", "data": {"values": [{"ward": "North", "n": n}, {"ward": "South", "n": 3}]},
            "encoding": {"x": {"field": "ward", "type": "nominal"}, "y": {"field": "n", "type": "quantitative"}}}


@pytest.mark.parametrize("kind", ["svg", "vg.json"])
def test_a_corrupt_chart_rendering_is_discarded(kind: str, tmp_path: Path) -> None:
    spec, other = charting.themed(_spec(12)), charting.themed(_spec(7))
    cold = charting.render(spec, None)
    charting.render(spec, tmp_path)
    charting.render(other, tmp_path)
    entry = tmp_path / f"{charting.cache_key(spec)}.{kind}"
    foreign = (tmp_path / f"{charting.cache_key(other)}.{kind}").read_bytes()
    good = entry.read_bytes()
    corruptions: dict[str, Callable[[bytes], bytes]] = {
        "a letter flipped": flip(b"North"),
        "truncated": truncate,
        "another entry's bytes": lambda data: foreign,
    }
    for name, corrupt in corruptions.items():
        entry.write_bytes(corrupt(good))
        assert charting.render(spec, tmp_path) == cold, name
        assert entry.read_bytes() == good, f"{name}: the entry was not written again"


def test_a_corrupt_remembered_spec_is_discarded(tmp_path: Path) -> None:
    module_path = tmp_path / "charts_module.py"
    module_path.write_text(
        "from briefing.charts import remembered\n"
        "CALLS = []\n"
        "@remembered\n"
        "def bars(n):\n"
        "    CALLS.append(n)\n"
        "    return {'mark': 'bar', 'title': f'Notices in the North: {n}'}\n", encoding="utf-8")

    def fresh() -> Any:  # a new build: the module imported again, nothing remembered in memory
        spec = importlib.util.spec_from_file_location("charts_module", module_path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    cold = fresh().bars(12)
    fresh().bars(7)
    folder = tmp_path / ".cache" / "charts" / "specs"
    [entry] = [p for p in folder.glob("*.json") if b": 12" in p.read_bytes()]
    [foreign] = [p.read_bytes() for p in folder.glob("*.json") if p != entry]
    good = entry.read_bytes()
    for name, corrupt in {"a letter flipped": flip(b"North"), "truncated": truncate, "another entry's bytes": lambda d: foreign}.items():
        entry.write_bytes(corrupt(good))
        module = fresh()
        assert module.bars(12) == cold and module.CALLS == [12], name


def test_a_corrupt_vega_embed_bundle_is_discarded(tmp_path: Path) -> None:
    cold = charting.javascript_bundle(tmp_path)
    [entry] = tmp_path.glob("vega-embed-*.js")
    good = entry.read_bytes()
    for name, corrupt in {"a letter flipped": flip(b"briefingVegaEmbed"), "truncated": truncate}.items():
        entry.write_bytes(corrupt(good))
        assert charting.javascript_bundle(tmp_path) == cold, name
        assert entry.read_bytes() == good


def test_a_corrupt_preview_card_is_discarded(tmp_path: Path) -> None:
    settings = build_briefing(SAMPLE).settings
    assert settings is not None
    svg = card.card_svg(settings, "Findings", "Where the documents agree, qualify or contradict one another.")
    assert "Findings" in svg and svg != card.card_svg(settings), "a page's card is not the home page's"
    cold = card.card_png(svg, None)
    assert cold[:8] == b"\x89PNG\r\n\x1a\n" and card.card_png(svg, tmp_path) == cold
    [entry] = tmp_path.glob("*.png")
    good = entry.read_bytes()
    for name, corrupt in {"a byte flipped": flip(b"IDAT"), "truncated": truncate}.items():
        entry.write_bytes(corrupt(good))
        assert card.card_png(svg, tmp_path) == cold, name
        assert entry.read_bytes() == good


def test_an_entry_is_bound_to_its_own_name(tmp_path: Path) -> None:
    cache.write(tmp_path / "a.svg", b"<svg>a</svg>")
    shutil.copy(tmp_path / "a.svg", tmp_path / "b.svg")
    assert cache.read(tmp_path / "a.svg") == b"<svg>a</svg>"
    assert cache.read(tmp_path / "b.svg") is None
    (tmp_path / "c.svg").write_bytes(b"<svg>written by an older version, without a checksum</svg>")
    assert cache.read(tmp_path / "c.svg") is None and cache.read(tmp_path / "missing.svg") is None
