"""The local diagnostic kit (casekit.diagnostic): the survey's files, the checks on a filled-in CSV,
and the profile. The malformed files are in tests/diagnostic_corpus/<case>/responses.csv, each with
the exact lines `casekit diagnostic` must print in expected.txt (regenerate only after reading the
new message: CASEKIT_CORPUS_WRITE=1)."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from casekit import diagnostic
from casekit.contrib import cli
from casekit.errors import CasekitError
from casekit.vocabulary import CONSTRAINTS

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "tests" / "diagnostic_corpus"
ENTRIES = sorted(p.name for p in CORPUS.iterdir() if (p / "responses.csv").is_file())
EXAMPLE = REPO / "data" / "diagnostic" / diagnostic.EXAMPLE
HEADER = ",".join(diagnostic.COLUMNS)
ROW = "F1,retail,3,rural,woman,yes,phone-data,in-person whatsapp,under-a-tenth,cash mobile-money,buyer-collects,same-town,delivery-cost addresses,delivery-cost"


@pytest.fixture
def run_cli(monkeypatch, capsys):
    """`casekit diagnostic <name>` in <folder>, in this process (an exception would fail the test)."""

    def run(folder: Path, name: str = "responses.csv") -> SimpleNamespace:
        monkeypatch.chdir(folder)
        monkeypatch.setenv("CASEKIT_ROOT", str(REPO))
        code = cli.main(["diagnostic", name])
        out = capsys.readouterr()
        return SimpleNamespace(returncode=code, stdout=out.out, stderr=out.err)

    return run


def test_the_command_runs_as_a_program(tmp_path):
    (tmp_path / "r.csv").write_text(f"{HEADER}\n{ROW}\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "casekit", "diagnostic", "r.csv"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "casekit diagnostic: OK, 1 responses" in result.stderr
    assert "addresses-delivery: main barrier for 100% of firms, named by 100%" in result.stdout


def test_corpus_covers_enough_mistakes():
    assert len(ENTRIES) >= 20


@pytest.mark.parametrize("entry", ENTRIES)
def test_malformed_csv_gets_one_clear_line_per_problem(entry, run_cli):
    folder = CORPUS / entry
    before = sorted(p.name for p in folder.iterdir())
    result = run_cli(folder)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "nothing was profiled" in result.stderr
    if os.environ.get("CASEKIT_CORPUS_WRITE"):
        (folder / "expected.txt").write_text(result.stdout, encoding="utf-8")
    assert result.stdout == (folder / "expected.txt").read_text(encoding="utf-8")
    for line in result.stdout.splitlines():
        assert line.startswith("responses.csv: ") and "expected" in line
    assert sorted(p.name for p in folder.iterdir()) == before  # nothing written


def test_a_missing_file_is_one_line(tmp_path, run_cli):
    result = run_cli(tmp_path, "nowhere.csv")
    assert result.returncode == 1
    assert result.stdout == "nowhere.csv: (file): expected a CSV file of survey responses here; there is no such file\n"


def test_many_bad_rows_stop_after_a_cap(tmp_path, run_cli):
    rows = [ROW.replace("F1,", f"F{i},").replace(",rural,", ",moon,") for i in range(200)]
    (tmp_path / "responses.csv").write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    result = run_cli(tmp_path)
    lines = result.stdout.splitlines()
    assert result.returncode == 1
    assert len(lines) == diagnostic.MAX_PROBLEMS + 1
    assert lines[-1].endswith("is this the survey's responses file?")


def test_spreadsheet_variants_are_accepted(tmp_path):
    """Excel set to Spanish saves with semicolons; 'CSV UTF-8' adds a byte-order mark and CRLF."""
    text = "\r\n".join([HEADER.replace(",", ";"), ROW.replace(",", ";").replace("F1", "F9")]) + "\r\n"
    path = tmp_path / "mi-ciudad.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    responses = diagnostic.load(path)
    assert len(responses) == 1 and not responses.synthetic
    assert responses.frame.loc[0, "sells_via"] == ("in-person", "whatsapp")
    assert responses.frame.loc[0, "workers"] == 3


def test_codes_are_read_whatever_their_case_and_separator(tmp_path):
    path = tmp_path / "r.csv"
    row = ROW.replace("in-person whatsapp", '"In-Person, WhatsApp"').replace("cash mobile-money", "cash;mobile-money")
    path.write_text(f"{HEADER}\n{row}\n", encoding="utf-8")
    frame = diagnostic.load(path).frame
    assert frame.loc[0, "sells_via"] == ("in-person", "whatsapp")
    assert frame.loc[0, "paid_by"] == ("cash", "mobile-money")


def test_load_raises_casekit_error_not_a_traceback(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(f"{HEADER}\n{ROW.replace(',3,', ',x,')}\n", encoding="utf-8")
    with pytest.raises(CasekitError) as info:
        diagnostic.load(path)
    assert [str(p).split(": ", 1)[1] for p in info.value.problems] == [
        "workers (line 2): expected a whole number from 1 to 249, got 'x'"
    ]


# --- the shipped files -----------------------------------------------------------------------


def test_template_and_schema_are_made_from_the_questions():
    assert (REPO / "data/diagnostic" / diagnostic.TEMPLATE).read_text(encoding="utf-8") == diagnostic.template_csv()
    schema = json.loads((REPO / "data/schemas" / diagnostic.SCHEMA).read_text(encoding="utf-8"))
    assert schema == diagnostic.table_schema()
    package = json.loads((REPO / "data/datapackage.json").read_text(encoding="utf-8"))
    declared = {r["path"]: r for r in package["resources"]}
    for name in (diagnostic.TEMPLATE, diagnostic.EXAMPLE):
        assert declared[f"diagnostic/{name}"]["schema"] == f"schemas/{diagnostic.SCHEMA}"
    assert "SYNTHETIC" in declared[f"diagnostic/{diagnostic.EXAMPLE}"]["title"]


def test_survey_has_at_most_15_questions_and_covers_the_brief():
    assert len(diagnostic.QUESTIONS) <= 15
    codes = {q.column: set(q.choices) for q in diagnostic.QUESTIONS}
    assert {"whatsapp", "social-media", "marketplace", "own-website"} <= codes["sells_via"]
    assert {"cash-on-delivery", "mobile-money", "card", "bank-transfer"} <= codes["paid_by"]
    assert {"woman", "man"} <= codes["owner_gender"]
    for column in ("workers", "sector", "location", "delivers_by", "barriers"):
        assert column in diagnostic.COLUMNS


def test_every_constraint_can_be_named_and_every_barrier_points_to_one():
    pointed = {c for c, _, _ in diagnostic.BARRIERS.values()}
    assert pointed - {None} == set(CONSTRAINTS)
    assert set(diagnostic.BARRIERS) == set(diagnostic._BY_COLUMN["main_barrier"].choices)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_questionnaire_lists_every_question_and_code(lang):
    page = diagnostic.questionnaire(lang).html
    for q in diagnostic.QUESTIONS:
        assert f"<code>{q.column}</code>" in page
        assert (q.en if lang == "en" else q.es) in page.replace("&#x27;", "'")
        for code in q.choices:
            assert f"<code>{code}</code>" in page
    other = "es" if lang == "en" else "en"
    assert diagnostic.QUESTIONS[1].__dict__[other] not in page


def test_example_is_synthetic_and_every_title_says_so():
    responses = diagnostic.load(EXAMPLE)
    assert responses.synthetic
    assert EXAMPLE.read_text(encoding="utf-8").startswith("# SYNTHETIC")
    charts = [diagnostic.constraints_chart(responses)]
    charts += [diagnostic.answers_chart(responses, c) for c in ("sells_via", "paid_by", "delivers_by", "internet")]
    charts += [diagnostic.online_by_chart(responses, c) for c in ("location", "owner_gender")]
    for chart in charts:
        spec = chart.to_dict()
        assert spec["title"]["text"].startswith("SYNTHETIC example data: ")
        assert len(spec["description"]) > 40
    assert "<caption>SYNTHETIC example data: " in diagnostic.profile_table(responses).html


def test_real_data_gets_no_synthetic_label(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(f"# Survey of 2026, market district\n{HEADER}\n{ROW}\n", encoding="utf-8")
    responses = diagnostic.load(path)
    assert not responses.synthetic and responses.notes == ["Survey of 2026, market district"]
    assert "SYNTHETIC" not in diagnostic.constraints_chart(responses).to_dict()["title"]["text"]


def test_profile_counts_match_the_file():
    """Recount the example with the csv module, independently of the profile's code."""
    with EXAMPLE.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    profile = diagnostic.constraint_profile(diagnostic.load(EXAMPLE)).set_index("constraint")
    for constraint in CONSTRAINTS:
        codes = {k for k, (c, _, _) in diagnostic.BARRIERS.items() if c == constraint}
        main = sum(r["main_barrier"] in codes for r in rows)
        named = sum(bool(codes & set(r["barriers"].split())) for r in rows)
        assert profile.loc[constraint, "firms_main"] == main
        assert profile.loc[constraint, "firms_any"] == named
        assert profile.loc[constraint, "share_main"] == round(100 * main / len(rows), 1)
    nothing = sum(r["main_barrier"] == "nothing" for r in rows)
    assert profile["firms_main"].sum() + nothing == len(rows)
    online = sum(any(c in diagnostic.ONLINE_CHANNELS for c in r["sells_via"].split()) for r in rows)
    assert diagnostic.online_share(diagnostic.load(EXAMPLE)) == round(100 * online / len(rows), 1)


def test_constraints_link_to_the_chooser_only_when_the_book_has_it(tmp_path):
    responses = diagnostic.load(EXAMPLE)
    assert diagnostic.chooser_link("payments") == "../design/choose-instruments.html#constraint-payments"
    without = diagnostic.profile_table(responses, root=tmp_path).html
    assert "<a href" not in without
    (tmp_path / "design").mkdir()
    (tmp_path / "design" / "choose-instruments.md").write_text("# Chooser\n", encoding="utf-8")
    linked = diagnostic.profile_table(responses, root=tmp_path).html
    for constraint in CONSTRAINTS:
        assert f'<a href="../design/choose-instruments.html#constraint-{constraint}">' in linked
    steps = diagnostic.next_steps(responses, root=tmp_path).html
    assert steps.count('href="../design/choose-instruments.html#constraint-') == 2
    with pytest.raises(CasekitError):
        diagnostic.chooser_link("weather")


def test_text_from_the_file_is_escaped(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(f"{HEADER}\n{ROW.replace('F1,', '<b>x</b>,')}\n", encoding="utf-8")
    problems = diagnostic.problems(path)
    assert len(problems) == 1 and "'<b>x</b>'" in str(problems[0])


def test_profile_page_cache_follows_the_survey_files_and_the_chooser(tmp_path):
    """A built profile page is executed again when the example changes or the chooser page appears."""
    from casekit.sphinxext.cache import fingerprints

    (tmp_path / "data" / "diagnostic").mkdir(parents=True)
    example = tmp_path / "data" / "diagnostic" / diagnostic.EXAMPLE
    example.write_text(f"{HEADER}\n{ROW}\n", encoding="utf-8")
    doc, other = "diagnostic/profile", "chapters/overview"
    first = fingerprints(tmp_path, [doc, other])
    example.write_text(f"{HEADER}\n{ROW.replace(',3,', ',4,')}\n", encoding="utf-8")
    second = fingerprints(tmp_path, [doc, other])
    assert second[doc] != first[doc] and second[other] == first[other]
    (tmp_path / "design").mkdir()
    (tmp_path / "design" / "choose-instruments.md").write_text("# Chooser\n", encoding="utf-8")
    assert fingerprints(tmp_path, [doc])[doc] != second[doc]
