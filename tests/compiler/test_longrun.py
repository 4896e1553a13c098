"""A process that compiles many policies keeps what it must, and no more (docs/design.md, "A process that compiles
many policies").  Counts, not timings or memory sizes: what used to pile up per compile is looked at directly.

* Every module LLVM parses for an emission lives in an LLVM context of its own (``codegen.emit.Emission``), never
  in the global one, where its named CO-RE struct types and uniqued debug metadata stayed for the process's life;
  the context is disposed once the object no longer needs the module (its assembly made, or the object gone).
* The frontend's parsed-file cache keeps at most ``MAX_SOURCE_FILES`` files, however many names it has seen.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import llvmlite.binding as llvm
import pytest

import pyoombpf
from pyoombpf.codegen import emit
from pyoombpf.errors import CodegenError
from pyoombpf.frontend import source
from tests.examples import example as load_example


class Recorder:
    """The LLVM contexts the emissions below make, and the module parsed in each (llvmlite's objects: each says
    whether it is closed; the Emissions themselves are not kept, so that an object dropped can take its own)."""

    def __init__(self) -> None:
        self.contexts: list[Any] = []
        self.parsed: list[tuple[Any, Any]] = []

    def closed(self, i: int) -> bool:
        """Emission ``i``'s context and every module parsed in it are disposed."""
        context = self.contexts[i]
        return context.closed and all(m.closed for c, m in self.parsed if c is context)


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    rec = Recorder()

    class Recorded(emit.Emission):
        __slots__ = ()

        def __init__(self) -> None:
            super().__init__()
            rec.contexts.append(self.context)

    real_parse = llvm.parse_assembly

    def parse(text: str, context: Any = None) -> Any:
        module = real_parse(text, context=context)
        rec.parsed.append((context, module))
        return module

    monkeypatch.setattr(emit, "Emission", Recorded)
    monkeypatch.setattr(llvm, "parse_assembly", parse)
    return rec


def compile_example(name: str, mode: str) -> Any:
    return pyoombpf.compile(getattr(load_example(name), name), mode=mode, isolate=False, cache=False)


@pytest.mark.parametrize(("example", "mode"), [("largest_leaf", "struct_ops"), ("oomd_like", "bridge")])
def test_every_emission_parses_in_a_context_of_its_own_and_disposes_it(
    recorder: Recorder, example: str, mode: str
) -> None:
    first = compile_example(example, mode)
    second = compile_example(example, mode)
    assert len(recorder.contexts) == 2 and recorder.contexts[0] is not recorder.contexts[1]
    assert recorder.parsed and all(c is not None for c, _ in recorder.parsed)  # nothing in the global context
    assert {id(c) for c, _ in recorder.parsed} <= {id(c) for c in recorder.contexts}
    assert not recorder.closed(0)  # the object may still make its assembly
    assert first.asm and second.asm
    assert recorder.closed(0) and recorder.closed(1)
    # an object dropped without its assembly takes its module and context with it
    third = compile_example(example, mode)
    assert not recorder.closed(2)
    del third
    gc.collect()
    assert recorder.closed(2)
    assert first.elf == second.elf  # (a context per emission changes nothing in the object)


def test_a_failed_emission_disposes_its_context(recorder: Recorder) -> None:
    with pytest.raises(CodegenError):
        emit.emit_object("this is not LLVM IR", isolate=False)
    assert len(recorder.contexts) == 1 and recorder.closed(0)


def test_the_parsed_file_cache_is_bounded(tmp_path: Path) -> None:
    before = dict(source._cache)
    try:
        for i in range(source.MAX_SOURCE_FILES + 20):
            path = tmp_path / f"cell_{i}.py"  # a notebook names each cell's code afresh
            path.write_text(f"def f{i}() -> int:\n    return {i}\n")
            source.source_file(str(path))
        assert len(source._cache) == source.MAX_SOURCE_FILES
        assert str(tmp_path / f"cell_{source.MAX_SOURCE_FILES + 19}.py") in source._cache
        assert str(tmp_path / "cell_0.py") not in source._cache  # the least recently used went first
    finally:
        source._cache.clear()
        source._cache.update(before)
