"""casekit.contrib.safety: what the check lets through, and the building blocks of what it refuses."""

from __future__ import annotations

from casekit.contrib import safety

NB = "case_studies/msme-digitization/demo-city-voucher.md"


def _problems(minibook, extra: str) -> list[str]:
    page = minibook / NB
    page.write_text(page.read_text(encoding="utf-8").replace("Lessons.", "Lessons.\n\n" + extra), encoding="utf-8")
    return [str(p) for p in safety.pages(minibook)]


def test_allowed_html_and_files_inside_the_repository_pass(minibook):
    (minibook / "data" / "handout.csv").write_text("a\n1\n")
    extra = (
        "<!-- a note for editors -->\n\nLine one<br>line two, CO<sub>2</sub>, <kbd>Ctrl</kbd>, "
        '<abbr title="micro, small and medium enterprises">MSMEs</abbr>.\n\n'
        "Get {download}`the handout <../../data/handout.csv>` and {download}`/data/handout.csv`.\n\n"
        "```python\n<script>in a code block is only code</script>\n```\n\nInline `<script>` code too."
    )
    assert _problems(minibook, extra) == []


def test_a_comment_that_hides_a_script_is_refused(minibook):
    assert _problems(minibook, "<!-- x --><script>alert(1)</script>")


def test_event_handlers_and_links_with_schemes_are_refused(minibook):
    assert _problems(minibook, '<abbr title="x" onclick="alert(1)">x</abbr>')
    assert _problems(minibook, "{download}`x <javascript:alert(1)>`")
    assert _problems(minibook, "```{image} file:///etc/hostname\n```")


def test_a_symlinked_folder_is_reported_once_and_not_walked(minibook, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.csv").write_text("x\n")
    (minibook / "chapters").mkdir()
    (minibook / "chapters" / "linked").symlink_to(outside, target_is_directory=True)
    found = [str(p) for p in safety.symlinks(minibook)]
    assert found == [
        f"chapters/linked: (file): expected a regular file or folder, got a symbolic link to {str(outside)!r}; "
        "put the file itself in the repository (links are never published)"
    ]
