"""Declarations: shipment records (bills of lading, manifest lines) — load, check.

* :mod:`~wakewatch.declarations.schema` — the record, its columns and validation;
* :mod:`~wakewatch.declarations.load` — CSV / JSON-lines files into the store, every line
  accounted (accepted, duplicate, rejected with a reason);
* :mod:`~wakewatch.declarations.hs` — arms HS codes and munitions / dual-use wording;
* :mod:`~wakewatch.declarations.reconcile` — findings: declared voyage vs observed events.
"""
