"""`wakewatch demo` on the bundled real samples, and the README showing exactly its output."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from wakewatch.cli.main import cli

README = Path(__file__).resolve().parents[2] / "README.md"


def _readme_block() -> list[str]:
    text = README.read_text()
    start = text.index("(`wakewatch demo --limit 6`, output as printed)")
    body = text[text.index("```\n", start) + 4:]
    return body[:body.index("```")].rstrip("\n").splitlines()


def test_demo_output_is_what_the_readme_shows(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "demo.duckdb"), "demo",
                                      "--limit", "6"])
    assert result.exit_code == 0, result.output
    printed = [line.rstrip() for line in result.stdout.rstrip("\n").splitlines()]
    assert printed == _readme_block()


def test_demo_twice_adds_nothing(tmp_path: Path) -> None:
    from wakewatch.store import Store

    db = tmp_path / "demo.duckdb"

    def stored() -> tuple[int, int, int, int, int]:
        with Store.open(db, read_only=True) as store:
            (row,) = store.con.sql(
                "SELECT (SELECT count(*) FROM positions), (SELECT count(*) FROM statics), "
                "(SELECT count(*) FROM rejects), (SELECT count(*) FROM events), "
                "(SELECT sum(positions) FILTER (WHERE path NOT LIKE '%dprk-russia%') "
                " FROM ingest_log)").fetchall()
        return int(row[0]), int(row[1]), int(row[2]), int(row[3]), int(row[4])

    first = CliRunner().invoke(cli, ["--db", str(db), "demo"])
    assert first.exit_code == 0, first.output
    after_first = stored()
    assert after_first[4] == 2_987 + 18_392 + 3 + 1_000  # the real samples
    assert after_first[0] > after_first[4] + 50_000  # and the simulated scenario
    second = CliRunner().invoke(cli, ["--db", str(db), "demo"])
    assert second.exit_code == 0, second.output
    assert "already ingested" in second.stdout
    assert stored() == after_first
