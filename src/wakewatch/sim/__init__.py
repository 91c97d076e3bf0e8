"""Scenario simulation: realistic vessel identities, reports and the files they are written to.

Building blocks (pure, deterministic for a seeded ``random.Random``):

* :mod:`wakewatch.sim.records` — what a vessel emits (position and static reports) and who
  hears it (receptions);
* :mod:`wakewatch.sim.identities` — MMSIs, IMO numbers, names, call signs, hulls and
  destination texts;
* :mod:`wakewatch.sim.emit` — NMEA 4.0 logs with tag blocks and MarineCadastre CSV.
"""
