"""Page building blocks shared by the pages: boxes that sit side by side on a wide screen and
stack on a phone (their classes are in assets/cmkpi.css)."""

from __future__ import annotations

import vizro.models as vm


def row(id: str, *components: vm.VizroBaseModel) -> vm.Container:
    """Boxes in a row that wraps: two or three per row on a wide screen, one on a phone."""
    return vm.Container(
        id=id, layout=vm.Flex(direction="row", wrap=True, gap="24px"), components=list(components)
    )


def panel(id: str, component: vm.VizroBaseModel, *, wide: bool = False) -> vm.Container:
    """One chart or grid in a box; ``wide`` boxes take about two thirds of a wide row."""
    return vm.Container(
        id=id,
        components=[component],
        extra={"class_name": "cmkpi-panel cmkpi-wide" if wide else "cmkpi-panel"},
    )
