"""The front matter that makes a Markdown file a MyST notebook, for the test books' pages.

Importable from every test folder: pytest puts tests/ on sys.path because tests/conftest.py is there.
"""

FRONT_MATTER = """\
---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

"""
