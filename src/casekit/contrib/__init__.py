"""Contributor tooling: ``casekit check``, ``casekit new``, ``casekit list`` and what they share.

Not part of the notebook API: ``import casekit`` never imports this package, and its
optional dependencies (``frictionless`` for the data package check) are the ``check`` extra.
"""
