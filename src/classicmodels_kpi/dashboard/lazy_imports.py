"""Modules the dashboard's libraries import but the dashboard never uses, loaded only when used.

Start-up is mostly imports (``cmkpi serve`` must answer within 2.5 s on two cores). Two kinds of
import are wasted there:

* **whole modules** that Vizro imports for a feature the dashboard does not use
  (:func:`import_on_use`);
* **every component class of a Dash component library**, when the dashboard makes a handful
  (:func:`components_on_use`). dash_mantine_components defines 200 classes on import, about
  0.45 s of CPU and 15 MB; Vizro uses six of them (its date picker, provider, flex and
  notification container). Dash's own ``html`` and ``dcc`` are deferred the same way (0.1 s).

Both must run before the library is first imported, so ``classicmodels_kpi.dashboard`` calls
them when it is imported, before Vizro. A library already imported is left as it is. With
``CMKPI_VIZRO_PATCHES=0`` nothing is deferred.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import os
import re
import sys
import types
from pathlib import Path
from typing import Any

#: The generated layout of a Dash component library (``dash-generate-components``): the package
#: imports ``_imports_``, which imports one module per component, named as its class.
_IMPORTS = "_imports_"


class ImportedOnUse(types.ModuleType):
    """Stands for a module that is imported when one of its attributes is first used."""

    def __getattr__(self, attribute: str) -> Any:
        module = self.__dict__.get("_module")
        if module is None:
            if sys.modules.get(self.__name__) is self:
                del sys.modules[self.__name__]
            module = self.__dict__["_module"] = importlib.import_module(self.__name__)
        return getattr(module, attribute)


def import_on_use(*names: str) -> None:
    """Let ``import name`` bind a stand-in that imports the module when it is first used.

    Vizro imports black and autoflake when it is imported, only to format the Python code of a
    dashboard it exports (``_to_python``), which the dashboard never does: 0.16 s of start-up.
    """
    for name in names:
        if name in sys.modules:
            continue
        spec = importlib.util.find_spec(name)
        if spec is None:
            continue
        stand_in = ImportedOnUse(name)
        stand_in.__spec__ = spec
        sys.modules[name] = stand_in


def components_on_use(*packages: str) -> None:
    """Let each Dash component library define a component class when it is first asked for.

    The library's ``_imports_`` module is replaced by one that defines nothing and gives the
    package a module ``__getattr__``: the first time ``package.Name`` is read, it imports
    ``package.Name`` and hands the class the package's scripts, as the library's own code does.

    The browser sees no difference: Dash serves a library's scripts from the package module
    (its ``_js_dist``), and each component's ``children_props`` is registered up front (see
    :func:`_component_loader`). What differs: ``from package import *`` binds no component,
    and a class not yet used is not an attribute in ``dir(package)``.
    """
    for package in packages:
        name = f"{package}.{_IMPORTS}"
        if package in sys.modules or name in sys.modules:
            continue
        folder = _package_folder(package)
        if folder is None or not (folder / f"{_IMPORTS}.py").is_file():
            continue  # not installed, or not laid out as generated component libraries are
        sys.modules[name] = _NoComponents(name, folder)


def _package_folder(package: str) -> Path | None:
    """Where ``package`` lives, found without importing it (nor its parent, for a subpackage)."""
    top, _, rest = package.partition(".")
    spec = importlib.util.find_spec(top)
    if spec is None or spec.origin is None:
        return None
    folder = Path(spec.origin).parent
    return folder.joinpath(*rest.split(".")) if rest else folder


class _NoComponents(types.ModuleType):
    """The stand-in ``_imports_``: the package's ``from ._imports_ import *`` finds no name.

    The package reads this module's ``__all__`` while its own code runs, the one moment it can
    be given its ``__getattr__`` before anything uses it (Dash itself makes an ``html.Div`` on
    import).
    """

    def __init__(self, name: str, folder: Path) -> None:
        super().__init__(name)
        self._folder = folder

    @property
    def __all__(self) -> list[str]:  # type: ignore[override]
        package = sys.modules[self.__name__.rpartition(".")[0]]
        if "__getattr__" not in package.__dict__:
            package.__getattr__ = _component_loader(package, self._folder)  # type: ignore[attr-defined]
        return []


_IMPORTED = re.compile(r"^from \.(\w+) import \1$", re.MULTILINE)


def _class_attribute(source: bytes, name: bytes) -> Any:
    """The literal value of a generated component class's attribute (None when absent).

    A plain search rather than a regular expression or a parse: dash_mantine_components has
    4.6 MB of such source, which this reads in a few milliseconds.
    """
    start = source.find(b"\n    " + name)
    if start < 0:
        return None
    value = source[start + 1 : source.find(b"\n", start + 1)].partition(b"=")[2].strip()
    if value == b"[]":
        return []  # most components: no prop but children holds components
    return ast.literal_eval(value.decode())


def _component_loader(package: types.ModuleType, folder: Path) -> Any:
    """The package's ``__getattr__``; it also tells Dash each component's ``children_props``.

    Dash sends, with every page, the props of each component class defined so far that may hold
    components (``label``, ``leftSection``…), and the browser looks for components only there.
    A class defined after a page was served would be missing from that page's list, so every
    component's entry is read from its module's source now (a few milliseconds), as defining
    the class would have registered it.
    """
    from dash.development.base_component import ComponentRegistry

    # the components are those the library's own _imports_ would import
    names = set(_IMPORTED.findall((folder / f"{_IMPORTS}.py").read_text(encoding="utf-8")))
    for name in names:
        with open(os.path.join(folder, f"{name}.py"), "rb") as module_file:
            source = module_file.read()
        namespace = _class_attribute(source, b"_namespace")
        if namespace is not None:
            ComponentRegistry.namespace_to_package[namespace] = package.__name__.split(".")[0]
            registered = ComponentRegistry.children_props[namespace]
            registered.setdefault(name, _class_attribute(source, b"_children_props"))

    def component(name: str) -> Any:
        if name not in names:
            raise AttributeError(f"module {package.__name__!r} has no attribute {name!r}")
        cls = getattr(importlib.import_module(f"{package.__name__}.{name}"), name)
        cls._js_dist = getattr(package, "_js_dist", [])
        cls._css_dist = getattr(package, "_css_dist", [])
        setattr(package, name, cls)
        return cls

    return component
