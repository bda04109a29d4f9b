"""The ``cmkpi`` command line. Each area's module registers its commands on the shared app.

The modules are imported when their command runs (see ``cli.app.LazyGroup``), not here: that
keeps ``cmkpi --version``, ``--help`` and every single command from importing the others.
"""

from classicmodels_kpi.cli.app import app, main

__all__ = ["app", "main"]
