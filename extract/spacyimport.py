"""spaCy imported without its command line, which then loads on first use.

``import spacy`` imports ``spacy.cli.info`` for the ``spacy.info`` function, and with it the
whole ``spacy.cli`` package: every ``spacy`` command and the libraries they use (typer,
weasel, requests, jinja2...), about a third of spaCy's import time, for code the extraction
never runs. `import_spacy` imports spaCy with empty stand-ins for those two modules, drops
them, and gives the ``spacy`` module a module ``__getattr__`` (PEP 562) that imports the
real ones: ``spacy.cli``, ``spacy.info`` and ``import spacy.cli`` then behave as before.
Garbage collection is paused while spaCy is imported and its objects are then frozen
(`gc.freeze`), as `extract.pipeline.load_pipeline` does for the model. Importing this module
does it all (``extract/__init__.py`` imports it first).
"""

from __future__ import annotations

import gc
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Any

DEFERRED = ("spacy.cli", "spacy.cli.info")


class _StandIns(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Empty ``spacy.cli`` and ``spacy.cli.info`` modules (``info`` is None) while spaCy's
    ``__init__`` runs; every other module, ``spacy.cli``'s submodules too, imports as usual."""

    def __init__(self) -> None:
        self.made: list[ModuleType] = []

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in DEFERRED:
            return None
        real = importlib.machinery.PathFinder.find_spec(fullname, path)
        if real is None:
            return None
        spec = importlib.util.spec_from_loader(fullname, self, is_package=fullname == DEFERRED[0])
        if spec is not None and real.submodule_search_locations is not None:
            spec.submodule_search_locations = list(real.submodule_search_locations)
        return spec

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return None

    def exec_module(self, module: ModuleType) -> None:
        vars(module)["info"] = None
        self.made.append(module)


def _load_deferred(name: str) -> Any:
    """``spacy.cli`` or ``spacy.info`` on first use: the real module, or function."""
    if name == "cli":
        return importlib.import_module("spacy.cli")
    if name == "info":
        info = importlib.import_module("spacy.cli.info").info
        vars(sys.modules["spacy"])["info"] = info
        return info
    raise AttributeError(f"module 'spacy' has no attribute {name!r}")


def import_spacy() -> ModuleType:
    """Import spaCy (once per process) without importing ``spacy.cli``; returns ``spacy``."""
    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    stand_ins = _StandIns()
    sys.meta_path.insert(0, stand_ins)
    # spaCy's modules live as long as the process: looking for garbage among their objects
    # while they are made is wasted work, and so is every later full collection that walks
    # them again (frozen, they are left out of it; `load_pipeline` does the same)
    collecting = gc.isenabled()
    gc.disable()
    try:
        import spacy
    finally:
        gc.freeze()
        if collecting:
            gc.enable()
        sys.meta_path.remove(stand_ins)
        for module in stand_ins.made:
            if sys.modules.get(module.__name__) is module:
                del sys.modules[module.__name__]
    names = vars(spacy)
    if any(names.get("cli") is m for m in stand_ins.made):
        del names["cli"]
    if "info" in names and names["info"] is None:
        del names["info"]
    names.setdefault("__getattr__", _load_deferred)
    return spacy


import_spacy()
