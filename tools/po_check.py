"""Check Spanish .po files: every message translated, not fuzzy, MyST roles/links and numbers kept.

    python tools/po_check.py FILE.po [FILE.po ...]
Prints one line per problem; exit 1 if any.
"""

import re
import sys
from collections import Counter

from babel.messages.pofile import read_po

ROLE = re.compile(r"\{[a-z:]+\}`[^`]*`")
LINK_TARGET = re.compile(r"\]\(([^)]+)\)")
NUMBER = re.compile(r"\d(?:[\d,.\u202f\u00a0 ]*\d)?")
CODE = re.compile(r"``?[^`]+``?")


def numbers(text: str) -> Counter:
    text = ROLE.sub(" ", text)
    return Counter(re.sub(r"\D", "", m) for m in NUMBER.findall(text))


def role_targets(text: str) -> Counter:
    out = Counter()
    for m in ROLE.findall(text):
        name, _, body = m.partition("`")
        if name in ("{doc}", "{ref}", "{download}", "{numref}", "{term}"):
            inner = body.rstrip("`")
            target = inner[inner.rfind("<") + 1 : -1] if inner.endswith(">") else inner
            out[name + target] += 1
        else:
            out[m] += 1  # citations and others: kept exactly
    return out


bad = 0
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        catalog = read_po(f)
    for msg in catalog:
        if not msg.id:
            continue
        mid = msg.id if isinstance(msg.id, str) else msg.id[0]
        mstr = msg.string if isinstance(msg.string, str) else msg.string[0]
        where = f"{path}:{msg.lineno}"
        if not mstr:
            print(f"{where}: untranslated")
            bad += 1
            continue
        if msg.fuzzy:
            print(f"{where}: fuzzy")
            bad += 1
        if role_targets(mid) != role_targets(mstr):
            print(f"{where}: roles differ: {sorted(role_targets(mid))} vs {sorted(role_targets(mstr))}")
            bad += 1
        if Counter(LINK_TARGET.findall(mid)) != Counter(LINK_TARGET.findall(mstr)):
            print(f"{where}: link targets differ")
            bad += 1
        if numbers(mid) != numbers(mstr):
            print(f"{where}: numbers differ: {sorted(numbers(mid).elements())} vs {sorted(numbers(mstr).elements())}")
            bad += 1
print(f"{bad} problem(s)", file=sys.stderr)
sys.exit(1 if bad else 0)
