"""The programme design template: one list of fields, three forms.

The "Design a programme" part of the book offers the template an official fills in
as a printable page (``template_html``), a plain Markdown file (``markdown``) and a
Word document (``docx_bytes``, written with python-docx). The worked example's
filled-in copy (``worked_example``) takes its national figures from the book's own
indicator tables, so a corrected data row changes the download too.

The build (casekit.sphinxext.templatedownloads) writes the four downloads into
``<site>/design/downloads/`` when it finishes. The .docx is
byte-stable: its core properties carry a fixed date and every zip entry a fixed
timestamp, so two builds of the same book give the same file.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import os
import zipfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import i18n
from .errors import CasekitError, Problem
from .i18n import N_, _

if TYPE_CHECKING:
    from .tables import Html


@dataclass(frozen=True)
class Field:
    key: str
    heading: str  # English, marked for the catalogs: shown as ``_(heading)`` (see :meth:`words`)
    prompt: str
    step: str  # the docname (under design/) that explains how to fill it

    def words(self) -> tuple[str, str]:
        """The heading and the prompt in the edition's language."""
        return _(self.heading), _(self.prompt)


FIELDS: tuple[Field, ...] = (
    Field(
        "problem",
        N_("Problem and evidence"),
        N_(
            "Which firms cannot sell online, where, and why? Give the figures that show it, each with its source, year and area (national, regional, urban or rural, or your own survey)."
        ),
        "find-the-gap",
    ),
    Field(
        "target",
        N_("Target firms and places"),
        N_(
            "Which firms (size, sector, formal or informal) and which districts, towns or markets? How many firms are there, and who counted them?"
        ),
        "find-the-gap",
    ),
    Field(
        "instrument",
        N_("Instrument"),
        N_(
            "What the programme gives: training, vouchers, grants, a marketplace partnership, payment acceptance, addressing, a delivery hub ... and which binding constraint it addresses."
        ),
        "choose-instruments",
    ),
    Field(
        "eligibility",
        N_("Eligibility"),
        N_(
            "Who may apply, what they must show, and how applicants are chosen when there are more than places (first come, scoring, lottery)."
        ),
        "design-template",
    ),
    Field(
        "partner",
        N_("Delivery partner"),
        N_(
            "Who delivers (city office, business association, university, marketplace, payment provider, courier) and on what terms: open call or direct award, fees, data shared, exit."
        ),
        "partner",
    ),
    Field(
        "co_payment",
        N_("Co-payment"),
        N_("What share of the cost the firm pays, and why that share."),
        "budget",
    ),
    Field(
        "budget",
        N_("Budget"),
        N_(
            "Total public money by year and by line (grants or vouchers, staff, partner fees, evaluation), with the quotes or comparable cases it rests on. Leave a line empty rather than guess."
        ),
        "budget",
    ),
    Field(
        "timeline",
        N_("Timeline"),
        N_("Call, selection, delivery, first results, review: month by month for the first year."),
        "design-template",
    ),
    Field(
        "kpis",
        N_("KPIs"),
        N_(
            "Each indicator with its definition, unit, data source, frequency and who collects it; count active sellers, not sign-ups; report by district."
        ),
        "measure",
    ),
    Field(
        "risks",
        N_("Risks"),
        N_("Each risk with its early warning sign and what you will do about it."),
        "risks",
    ),
    Field(
        "review",
        N_("Review date and exit"),
        N_(
            "When the programme is reviewed, what result means stop, fix or expand, and how it ends (including what happens to partners' obligations and to the data)."
        ),
        "review-and-scale",
    ),
)

FIELD_KEYS = tuple(f.key for f in FIELDS)
TEMPLATE_TITLE = N_("Programme design template")
# A fixed date for the .docx core properties and zip entries: builds must not change the file.
FIXED_DATE = dt.datetime(2026, 1, 1, 0, 0, 0, tzinfo=dt.UTC)
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)

DOWNLOADS = {
    "template": "programme-design-template",
    "worked-example": "worked-example-design",
}


def _check(filled: Mapping[str, str] | None, where: str) -> dict[str, str]:
    filled = dict(filled or {})
    unknown = sorted(set(filled) - set(FIELD_KEYS))
    if unknown:
        raise CasekitError(
            [Problem(where, ", ".join(unknown), f"expected only the template's fields: {', '.join(FIELD_KEYS)}")]
        )
    for key, value in filled.items():
        if not isinstance(value, str):
            raise CasekitError([Problem(where, key, f"expected text, got {type(value).__name__}")])
    return filled


def markdown(filled: Mapping[str, str] | None = None, *, title: str | None = None, note: str = "") -> str:
    """The template as plain Markdown: one heading per field, its prompt, then the answer (or a blank).

    Headings, prompts and the default title are in the edition's language (casekit.i18n).
    """
    values = _check(filled, "casekit.templatedoc.markdown")
    lines = [f"# {_(title or TEMPLATE_TITLE)}", ""]
    if note:
        lines += [_(note), ""]
    blank = _("(to be filled in)")
    for field in FIELDS:
        heading, prompt = field.words()
        lines += [f"## {heading}", "", f"_{prompt}_", ""]
        answer = values.get(field.key, "").strip()
        lines += [answer if answer else blank, ""]
    return "\n".join(lines)


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed entry timestamps (zipfile stamps each entry with the current time)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def docx_bytes(filled: Mapping[str, str] | None = None, *, title: str | None = None, note: str = "") -> bytes:
    """The template as a Word document (python-docx), byte-identical for identical input."""
    import docx  # python-docx, in the `book` extra
    from docx.shared import Pt

    values = _check(filled, "casekit.templatedoc.docx_bytes")
    title = _(title or TEMPLATE_TITLE)
    document = docx.Document()
    document.add_heading(title, level=0)
    if note:
        document.add_paragraph(_(note))
    for field in FIELDS:
        heading, words = field.words()
        document.add_heading(heading, level=1)
        prompt = document.add_paragraph()
        run = prompt.add_run(words)
        run.italic = True
        run.font.size = Pt(10)
        answer = values.get(field.key, "").strip()
        for paragraph in answer.split("\n\n") if answer else ["", ""]:
            document.add_paragraph(paragraph)
    props = document.core_properties
    props.title = title
    props.author = "Local Ecommerce Casebook"
    props.last_modified_by = "Local Ecommerce Casebook"
    props.comments = _("Made by casekit.templatedoc; fill in and keep your own copy.")
    props.created = FIXED_DATE.replace(tzinfo=None)
    props.modified = FIXED_DATE.replace(tzinfo=None)
    props.last_printed = FIXED_DATE.replace(tzinfo=None)
    props.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return _normalise_zip(buffer.getvalue())


def template_html(filled: Mapping[str, str] | None = None, *, caption: str | None = None) -> Html:
    """The template as a printable HTML block: every heading, prompt and answer is escaped text."""
    from .tables import Html

    values = _check(filled, "casekit.templatedoc.template_html")
    caption = _(caption or TEMPLATE_TITLE)  # the book's own titles (EXAMPLE_TITLE) in the edition's language
    parts = [f'<section class="casekit-template" aria-label="{html.escape(caption, quote=True)}">']
    for field in FIELDS:
        heading, prompt = field.words()
        answer = values.get(field.key, "").strip()
        parts.append('<div class="casekit-template-field">')
        parts.append(f'<p class="casekit-template-heading"><strong>{html.escape(heading)}</strong></p>')
        parts.append(f'<p class="casekit-template-prompt"><em>{html.escape(prompt)}</em></p>')
        if answer:
            for paragraph in answer.split("\n\n"):
                parts.append(f'<p class="casekit-template-answer">{html.escape(paragraph)}</p>')
        else:
            parts.append('<div class="casekit-template-blank" aria-hidden="true"></div>')
        parts.append("</div>")
    parts.append("</section>")
    return Html("\n".join(parts), label="design template")


# --------------------------------------------------------------------------- the worked example

#: The word that starts every invented choice of the worked example.
ILLUSTRATIVE = N_("ILLUSTRATIVE")


def illustrative() -> str:
    """The worked example's label for invented choices, in the edition's language ("ILLUSTRATIVE")."""
    return _(ILLUSTRATIVE)


EXAMPLE_TITLE = N_("Programme design: worked example (ILLUSTRATIVE)")
EXAMPLE_NOTE = N_(
    "ILLUSTRATIVE. A worked example from the Local Ecommerce Casebook for an imagined programme in a "
    "secondary city in Mexico. The national figures come from the book's data tables with their sources; "
    "every choice below is invented to show how the template is filled in. It is not a plan of any real "
    "city, body or firm, and it names no real partner."
)


_EXAMPLE_ROWS = (  # key in the figures, label in the table
    ("internet_users", N_("People using the internet")),
    ("g4_coverage", N_("Population covered by a 4G network")),
    ("email_urban", N_("Urban residents who sent an e-mail with an attachment")),
    ("email_rural", N_("Rural residents who sent an e-mail with an attachment")),
    ("accounts", N_("Adults with an account at a bank or mobile-money provider")),
    ("lpi", N_("Logistics Performance Index")),
)


def _latest(df, where: str) -> dict[str, Any]:
    rows = df.dropna(subset=["value"]).sort_values("year")
    if rows.empty:
        raise CasekitError([Problem(where, "value", "expected at least one row with a value")])
    last = rows.iloc[-1]
    return {
        "value": float(last["value"]),
        "year": int(last["year"]),
        "unit": str(last["unit"]),
        "source": str(last["source"]),
    }


def example_evidence():
    """The worked example's national figures with unit, year and source key, from the data tables."""
    import pandas as pd

    from . import data

    users = data.indicators("IT.NET.USER.ZS", countries="MEX")
    g4 = data.indicators("IT_MOB_4GNTWK", countries="MEX", table="mobile_4g_coverage")
    skills = data.indicators(countries="MEX", table="ict_skills")
    email = skills[skills["skill"] == "EMAIL"]
    accounts = data.indicators(countries="MEX", table="account_ownership")
    lpi = data.indicators("LP.LPI.OVRL.XQ", countries="MEX", table="logistics_performance")
    latest = {
        "internet_users": _latest(users, "data/indicators/digital_economy.csv"),
        "g4_coverage": _latest(g4, "data/indicators/mobile_4g_coverage.csv"),
        "email_urban": _latest(email[email["location"] == "urban"], "data/indicators/ict_skills.csv"),
        "email_rural": _latest(email[email["location"] == "rural"], "data/indicators/ict_skills.csv"),
        "accounts": _latest(accounts[accounts["location"] == "allarea"], "data/indicators/account_ownership.csv"),
        "lpi": _latest(lpi, "data/indicators/logistics_performance.csv"),
    }
    return pd.DataFrame([{"key": key, "indicator": _(label), **latest[key]} for key, label in _EXAMPLE_ROWS])


def example_figures() -> dict[str, tuple[float, int]]:
    """Key -> (value, year) of the worked example's national figures."""
    return {r.key: (r.value, r.year) for r in example_evidence().itertuples(index=False)}


def example_table() -> Html:
    """The worked example's national figures as an accessible table, each row with its source key."""
    from .tables import table

    df = example_evidence().assign(value=lambda d: d["value"].round(1))
    return table(
        df,
        caption=_("Mexico: national figures from the book's data tables"),
        columns={
            "indicator": _("Indicator (Mexico)"),
            "value": _("Value"),
            "unit": _("Unit"),
            "year": _("Year"),
            "source": _("Source"),
        },
    )


def example_skills():
    """Mexico's basic ICT skills in 2021 for urban and rural residents, with a short ``skill`` label.

    ``skill_code`` keeps the data's code (``EMAIL``, ``COPA``, ``PCPR``), the same in both editions;
    the label is the indicator's text after its "ICT skill (SDG 4.4.1, ITU):" prefix.
    """
    from . import data

    df = data.indicators(countries="MEX", years=[2021], table="ict_skills")
    df = df[df["location"].isin(["urban", "rural"])].copy()
    df["skill_code"] = df["skill"]
    df["skill"] = df["indicator"].str.replace(r"^[^:]*:\s*", "", regex=True)
    return df.reset_index(drop=True)


#: The ICT skills of example_skills() as the data tables name them, marked for the catalogs.
_SKILL_LABELS = (
    N_("Using copy and paste tools within a document"),
    N_("Sending e-mails with attached files"),
    N_("Writing a computer program using a specialised programming language"),
)


def skills_chart(skills=None):
    """The worked example's dot chart: Mexico's basic ICT skills, urban against rural residents.

    Title, description and labels are in the edition's language; the description's figures come
    from the data (the e-mail skill's rural and urban shares, rounded).
    """
    from . import charts

    df = example_skills() if skills is None else skills
    year = int(df["year"].max())
    email = df[df["skill_code"] == "EMAIL"].set_index("location")["value"]
    category, group = i18n.pgettext("chart field", "skill"), i18n.pgettext("chart field", "location")
    residence = {"urban": i18n.pgettext("residence", "urban"), "rural": i18n.pgettext("residence", "rural")}
    frame = df.drop(columns=["skill", "location", "skill_code"]).assign(
        **{category: df["skill"].map(_), group: df["location"].map(lambda c: residence.get(c, c))}
    )
    return charts.dumbbell(
        frame,
        category=category,
        value="value",
        group=group,
        title=_("Mexico: basic ICT skills of urban and rural residents, {year}").format(year=year),
        description=_(
            "Dot chart of three ICT skills in Mexico in {year}, each shown for urban and rural residents; rural "
            "residents are well behind on every skill, for example about {rural} percent against {urban} percent "
            "for sending an e-mail with an attachment."
        ).format(
            year=year,
            rural=i18n.format_number(round(email["rural"])),
            urban=i18n.format_number(round(email["urban"])),
        ),
        x_title=_("Individuals with the skill (%)"),
    )


def _pct(value: float) -> str:
    if i18n.language() == i18n.SOURCE_LANGUAGE:
        return f"{value:.1f}%"
    return i18n.format_percent(round(value, 1), 1)


def _one_decimal(value: float) -> str:
    if i18n.language() == i18n.SOURCE_LANGUAGE:
        return f"{value:.1f}"
    return i18n.format_number(round(value, 1), 1)


def worked_example(figures: Mapping[str, tuple[float, int]] | None = None) -> dict[str, str]:
    """The filled-in template of the worked example (design/worked-example.md)."""
    f = dict(figures or example_figures())
    users, users_y = f["internet_users"]
    g4, g4_y = f["g4_coverage"]
    eu, eu_y = f["email_urban"]
    er, _er_y = f["email_rural"]
    acc, acc_y = f["accounts"]
    lpi, lpi_y = f["lpi"]
    return {
        "problem": (
            _(
                "National figures (Mexico): {users} of people used the internet in {users_year} "
                "(ITU via World Bank WDI); a 4G network covered {g4} of the population in {g4_year} (ITU); "
                "{email_urban} of urban and {email_rural} of rural residents had sent an e-mail with an attachment "
                "in {email_year} (ITU, SDG 4.4.1); {accounts} of adults had an account at a bank or mobile-money "
                "provider in {accounts_year} (World Bank Global Findex); Mexico's Logistics Performance Index score was "
                "{lpi} out of 5 in {lpi_year} (World Bank)."
            ).format(
                users=_pct(users),
                users_year=users_y,
                g4=_pct(g4),
                g4_year=g4_y,
                email_urban=_pct(eu),
                email_rural=_pct(er),
                email_year=eu_y,
                accounts=_pct(acc),
                accounts_year=acc_y,
                lpi=_one_decimal(lpi),
                lpi_year=lpi_y,
            )
            + "\n\n"
            + _(
                "ILLUSTRATIVE: the city's own figures would come from INEGI's ENDUTIH (people, by state), the "
                "Censos Económicos (establishments, by municipality) and the book's local diagnostic survey. "
                "Here we suppose that survey found that most small shops advertise on social media but few take "
                "digital payments or ship beyond the city; the binding constraints are skills and payments."
            )
        ),
        "target": _(
            "ILLUSTRATIVE: formal and informal retail and food micro-firms (up to ten staff) in three "
            "districts with the lowest card and QR acceptance in the diagnostic survey, and the traders of "
            "two municipal markets. The number of eligible firms comes from the Censos Económicos for the "
            "municipality; it is not estimated here."
        ),
        "instrument": _(
            "ILLUSTRATIVE: a short practical course (selling on social media and marketplaces, taking "
            "digital payments) followed by a matched voucher for approved suppliers (web shop, photography, "
            "payment set-up), as in Ireland's Trading Online Vouchers; plus an open call to payment providers "
            "for reduced fees in the markets, as Mexico City's economic development secretariat did in 2021."
        ),
        "eligibility": _(
            "ILLUSTRATIVE: a business registered or trading in the three districts or the two markets for "
            "at least six months, with up to ten staff, that attends the course. If there are more "
            "applicants than places, a public lottery among eligible firms."
        ),
        "partner": _(
            "ILLUSTRATIVE: course delivered by a local university or business association chosen through an "
            "open call; payment offers from any authorised provider that meets published terms (no "
            "exclusivity); the city receives anonymised counts by district each quarter; either side can end "
            "the agreement with three months' notice; obligations survive a change of administration."
        ),
        "co_payment": _(
            "ILLUSTRATIVE: the firm pays half of the voucher project, as in Ireland's scheme outside the "
            "2020 crisis; the course is free."
        ),
        "budget": _(
            "To be filled in from quotes: number of vouchers x voucher value, course delivery, two staff to "
            "process claims, evaluation. The book does not estimate a budget; the budget page lists what "
            "comparable programmes spent, in US dollars."
        ),
        "timeline": _(
            "ILLUSTRATIVE: months 1-2 partner calls; month 3 call for firms; months 4-6 courses; months 5-9 "
            "voucher projects and claims; month 12 first review; month 18 survey of participants."
        ),
        "kpis": _(
            "Firms trained; vouchers paid; days from claim to payment; firms taking digital payments six "
            "months after the course; firms with at least one online sale in the last month, twelve months "
            "after the course; all by district and by sex of the owner. See the KPI table."
        ),
        "risks": _(
            "Claims pile up (Dublin's 2020 backlog): two staff for claims and a published payment deadline. "
            "Trainees do not become active sellers (Walmart Vriddhi: about 6,000 active of 32,000 trained): "
            "count sellers, not trainees. Partner-reported figures only: require data at the agreed level of "
            "detail. See the risk register."
        ),
        "review": _(
            "ILLUSTRATIVE: review at month 12. Stop if fewer than one in five trained firms take digital "
            "payments; fix the course or the voucher if claims take more than 60 days; expand to more "
            "districts if both targets are met. The programme ends after 24 months unless renewed by a "
            "decision that cites the review."
        ),
    }


def write_downloads(outdir: Path, *, example: bool = True, lang: str | None = None) -> list[Path]:
    """Write the blank template (and, with ``example``, the worked example) as .md and .docx into ``outdir``.

    ``lang`` is the edition to write (``"es"``); by default the current one (``CASEKIT_LANGUAGE``).
    """
    with _edition(lang):
        outdir.mkdir(parents=True, exist_ok=True)
        texts = [(DOWNLOADS["template"], markdown(), docx_bytes())]
        if example:
            filled = worked_example()
            texts.append(
                (
                    DOWNLOADS["worked-example"],
                    markdown(filled, title=EXAMPLE_TITLE, note=EXAMPLE_NOTE),
                    docx_bytes(filled, title=EXAMPLE_TITLE, note=EXAMPLE_NOTE),
                )
            )
    written = []
    for stem, text, blob in texts:
        md, doc = outdir / f"{stem}.md", outdir / f"{stem}.docx"
        md.write_text(text, encoding="utf-8")
        doc.write_bytes(blob)
        written += [md, doc]
    return written


@contextmanager
def _edition(lang: str | None) -> Iterator[None]:
    """Write in ``lang`` for the duration (the build's process may be writing the other edition)."""
    if lang is None or lang == i18n.language():
        yield
        return
    before = os.environ.get(i18n.LANGUAGE_VARIABLE)
    i18n.set_language(lang)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(i18n.LANGUAGE_VARIABLE, None)
        else:
            os.environ[i18n.LANGUAGE_VARIABLE] = before


def download_links(*, worked_example: bool = False) -> Html:
    """Links to the two downloads of the blank template (or of the worked example), for a page in design/."""
    from .tables import Html

    stem = DOWNLOADS["worked-example" if worked_example else "template"]
    if worked_example:
        docx_text = _("Download the worked example as a Word document (.docx)")
        md_text = _("Download the worked example as plain text (Markdown, .md)")
    else:
        docx_text = _("Download the blank template as a Word document (.docx)")
        md_text = _("Download the blank template as plain text (Markdown, .md)")
    return Html(
        '<ul class="casekit-downloads">'
        f'<li><a href="downloads/{stem}.docx" download>{html.escape(docx_text, quote=False)}</a></li>'
        f'<li><a href="downloads/{stem}.md" download>{html.escape(md_text, quote=False)}</a></li>'
        "</ul>",
        label="downloads",
    )
