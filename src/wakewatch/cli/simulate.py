"""``wakewatch simulate --scenario NAME [--seed N] [--vessels N --days N] --out DIR``.

Writes ``positions.nmea``, ``positions.csv`` and ``truth.jsonl`` into DIR
(:func:`wakewatch.sim.scenario.simulate`) and prints a one-line summary on stderr. Scenarios
with shipment records (``dprk-russia``) also get ``declarations.csv`` and
``declarations_truth.jsonl`` (:mod:`wakewatch.sim.declarations`). Scenarios
(:mod:`wakewatch.sim.scenarios`): ``background`` (honest traffic only), ``dprk-russia``,
``sts``, ``spoofing``, ``identity``, ``coverage``. An unknown scenario is exit code 1 with the
list of known ones.
"""

from __future__ import annotations

from pathlib import Path

import click

from wakewatch.sim.scenario import simulate as run_simulation


@click.command("simulate")
@click.option("--scenario", "name", required=True, metavar="NAME",
              help="Scenario: background, coverage, dprk-russia, identity, spoofing, sts.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Seed: the same seed gives the same bytes.")
@click.option("--vessels", type=int, default=None, help="Number of vessels (scenario default).")
@click.option("--days", type=float, default=None, help="Days simulated (scenario default).")
@click.option("--out", "out_dir", required=True, metavar="DIR",
              type=click.Path(file_okay=False, path_type=Path),
              help="Directory for positions.nmea, positions.csv and truth.jsonl.")
def simulate(name: str, seed: int, vessels: int | None, days: float | None,
             out_dir: Path) -> None:
    """Simulate a scenario: NMEA and MarineCadastre CSV reports, and its ground truth."""
    from wakewatch.sim.declarations import write_declarations
    from wakewatch.sim.scenarios import build

    s = run_simulation(name, seed, out_dir, vessels=vessels, days=days)
    n_decl = write_declarations(build(name, seed, vessels, days), seed, out_dir)
    kinds = ", ".join(f"{k} {n}" for k, n in s["truth"].items()) or "none"
    decl = f", declarations: {n_decl}" if n_decl else ""
    files = "positions.nmea,positions.csv,truth.jsonl" + (
        ",declarations.csv,declarations_truth.jsonl" if n_decl else "")
    click.echo(f"wakewatch simulate: {name} seed {seed}: {s['vessels']} vessels, "
               f"{s['transmitted']} reports transmitted, {s['heard']} heard, "
               f"{s['nmea_lines']} NMEA lines, {s['csv_rows']} CSV rows, truth: {kinds}"
               f"{decl} -> {out_dir}/{{{files}}}", err=True)
