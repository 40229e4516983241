"""pyHanko's HTTP clients, loaded when first used instead of whenever pyHanko is imported.

pyHanko imports aiohttp with any of its signing or validation code: its timestamp client
(``pyhanko.sign.timestamps.aiohttp_client``) and its fetchers of validation data
(``pyhanko_certvalidator.fetchers.aiohttp_fetchers``) are imported at the top of modules every
signature needs. Importing aiohttp costs about 0.2 s and an SSL context in each process, which
is a fifth of ``docgen sign`` and of ``docgen verify``, and docgen reaches the network only
with a timestamp server (``--tsa``) or when validation data is fetched.

Until then, each of those two modules is a stand-in: a name taken from it is a deferred
callable, and calling it (``HTTPTimeStamper(url)``, ``AIOHttpFetcherBackend()``, the only ways
pyHanko uses them) imports the real module and calls the real name. Any other name, or a
submodule, loads the real module at once. ``install()`` must run before pyHanko is imported
(``docgen.signing`` does it); in a process where pyHanko came first it changes nothing.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import threading
import types
from collections.abc import Sequence
from typing import Any

# the modules that import aiohttp at their top, with the names pyHanko takes from them
DEFERRED: dict[str, tuple[str, ...]] = {
    "pyhanko.sign.timestamps.aiohttp_client": ("HTTPTimeStamper", "AIOHttpTimeStamper"),
    "pyhanko_certvalidator.fetchers.aiohttp_fetchers": ("AIOHttpFetcherBackend",),
}

_lock = threading.RLock()
_loaded: set[str] = set()


def real_module(name: str) -> types.ModuleType:
    """The real module ``name``, imported now if its stand-in is still in place."""
    with _lock:
        module = sys.modules.get(name)
        if module is not None and not getattr(module, "__docgen_stand_in__", False):
            return module
        _loaded.add(name)
        sys.modules.pop(name, None)
        module = importlib.import_module(name)
        parent, _, child = name.rpartition(".")
        if parent in sys.modules:
            setattr(sys.modules[parent], child, module)
        return module


class _Deferred:
    """A name of a stand-in module: calling it calls the real name."""

    def __init__(self, module: str, name: str) -> None:
        self.module, self.name = module, name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return getattr(real_module(self.module), self.name)(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<deferred {self.module}.{self.name}>"


class _StandIn(types.ModuleType):
    __docgen_stand_in__ = True

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__"):
            raise AttributeError(attr)
        if attr in DEFERRED.get(self.__name__, ()):
            return _Deferred(self.__name__, attr)
        return getattr(real_module(self.__name__), attr)


class _Loader(importlib.abc.Loader):
    def __init__(self, search: Sequence[str] | None) -> None:
        self.search = search

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        return _StandIn(spec.name)

    def exec_module(self, module: types.ModuleType) -> None:
        if self.search is not None:  # a package: its submodules stay importable
            module.__path__ = list(self.search)


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: types.ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in DEFERRED or fullname in _loaded:
            return None
        real = importlib.machinery.PathFinder.find_spec(fullname, path)
        if real is None:
            return None
        search = real.submodule_search_locations
        spec = importlib.machinery.ModuleSpec(
            fullname, _Loader(search), is_package=search is not None
        )
        if search is not None:
            spec.submodule_search_locations = list(search)
        return spec


_FINDER = _Finder()


def install() -> None:
    """Put the stand-ins in place for the modules not imported yet (idempotent)."""
    with _lock:
        if _FINDER not in sys.meta_path:
            sys.meta_path.insert(0, _FINDER)
