"""Catalogue queries that are computation over SQL results rather than SQL alone.

Each is named in a catalogue file's ``-- python: module:function`` header line; the function takes
the :class:`~classicmodels_kpi.catalogue.Catalogue` and the bound parameters.
"""
