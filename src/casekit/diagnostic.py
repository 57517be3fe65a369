"""The local diagnostic kit: a short survey of local small firms, its CSV, and the profile.

One place holds the survey: :data:`QUESTIONS` gives each question's CSV column, its
wording in English and Spanish, and its answer codes. The printable questionnaire,
the CSV template, the Table Schema in ``data/schemas/`` and the checks on a filled-in
file are all made from it, so they cannot drift apart.

A filled-in CSV has one row per firm and one column per question. A question with
several answers takes the codes separated by spaces (``whatsapp social-media``).
Commas or semicolons may separate the columns (a spreadsheet set to Spanish saves
with semicolons). Lines starting with ``#`` before the header are notes; a note
containing the word SYNTHETIC marks invented example data, and every chart title
then says so.

:func:`load` reads a file or raises :class:`~casekit.errors.CasekitError` with one
line per bad row or column; :func:`problems` returns those lines instead. The
profile functions turn the responses into the share of firms naming each binding
constraint (``casekit.vocabulary.CONSTRAINTS``) and link each constraint to the
chooser of the "Design a programme" part.
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import altair as alt
import pandas as pd

from . import charts, i18n, paths
from .errors import CasekitError, Problem
from .i18n import N_, _, format_percent, ngettext
from .tables import Html, html_table
from .vocabulary import CONSTRAINTS

#: Where the shipped files sit, below the book's data/ folder.
DATA_SUBDIR = paths.DIAGNOSTIC_SUBDIR
EXAMPLE = "example-responses-SYNTHETIC.csv"
TEMPLATE = "responses-template.csv"
SCHEMA = "diagnostic-responses.schema.json"

#: The chooser page of "Design a programme" and its anchors (``#constraint-<id>``).
CHOOSER_DOC = paths.CHOOSER_DOC
MAX_BARRIERS = 3
MAX_WORKERS = 249  # micro, small and medium firms: fewer than 250 people
MAX_PROBLEMS = 50  # a file with more problems is probably the wrong file: say so, do not flood


@dataclass(frozen=True)
class Question:
    """One survey question: its CSV column and how the answer is written there."""

    column: str
    kind: str  # "id", "count", "one" (one code) or "many" (codes separated by spaces)
    en: str
    es: str
    choices: dict[str, tuple[str, str]] = field(default_factory=dict)  # code -> (English, Spanish)
    note_en: str = ""
    note_es: str = ""


#: What stops a firm selling more online, and the binding constraint each answer points to.
BARRIERS: dict[str, tuple[str | None, str, str]] = {
    "no-internet": (
        "connectivity",
        "No internet, or it is too slow or unreliable",
        "No hay internet, o es muy lento o inestable",
    ),
    "internet-cost": (
        "connectivity",
        "Mobile data or internet costs too much",
        "Los datos móviles o el internet cuestan demasiado",
    ),
    "does-not-know-how": (
        "skills",
        "We do not know how to sell online (photos, posts, listings, prices)",
        "No sabemos cómo vender en línea (fotos, publicaciones, fichas de producto, precios)",
    ),
    "cannot-take-digital-payments": (
        "payments",
        "We cannot receive digital payments, or their fees are too high",
        "No podemos recibir pagos digitales, o sus comisiones son muy altas",
    ),
    "buyers-want-cash": ("payments", "Buyers want to pay in cash", "La clientela quiere pagar en efectivo"),
    "delivery-cost": (
        "addresses-delivery",
        "Delivery costs too much or is unreliable",
        "El envío cuesta demasiado o no es confiable",
    ),
    "addresses": (
        "addresses-delivery",
        "Couriers cannot find buyers' addresses, or ours",
        "El personal de reparto no encuentra las direcciones de la clientela, o la del negocio",
    ),
    "no-money-to-invest": (
        "finance",
        "No money for a phone, a computer, stock or fees",
        "No hay dinero para un teléfono, una computadora, mercancía o comisiones",
    ),
    "few-buyers-online": (
        "market-access",
        "Too few buyers online, or it is hard to be seen",
        "Hay poca clientela en línea, o es difícil hacerse visible",
    ),
    "platform-terms": (
        "market-access",
        "Marketplace or app commissions and conditions",
        "Las comisiones y condiciones de las plataformas o aplicaciones",
    ),
    "fraud-risk": (
        "trust-cyber",
        "Fear of fraud, scams or stolen data",
        "Miedo al fraude, a las estafas o al robo de datos",
    ),
    "cannot-hire-digital-staff": (
        "talent-investment",
        "We cannot find or pay staff with digital skills",
        "No podemos encontrar ni pagar personal con habilidades digitales",
    ),
    "nothing": (None, "Nothing: we do not want to sell more online", "Nada: no queremos vender más en línea"),
}

#: Sales channels that count as selling online (every channel except in person).
ONLINE_CHANNELS = ("whatsapp", "social-media", "marketplace", "delivery-app", "own-website")

#: The survey, one :class:`Question` per CSV column, in the questionnaire's order.
QUESTIONS: tuple[Question, ...] = (
    Question(
        "firm_id",
        "id",
        "Form number (write the same number on the paper form)",
        "Número de formulario (el mismo que se anota en el formulario en papel)",
        note_en="Letters, digits and hyphens, different for every firm. Do not write the firm's name.",
        note_es="Letras, dígitos y guiones, distinto para cada empresa. No anote el nombre de la empresa.",
    ),
    Question(
        "sector",
        "one",
        "What does the business mainly do?",
        "¿A qué se dedica principalmente el negocio?",
        {
            "retail": ("Shop or retail trade", "Tienda o comercio minorista"),
            "food": (
                "Food and drink (restaurant, bakery, food stall)",
                "Alimentos y bebidas (restaurante, panadería, puesto de comida)",
            ),
            "crafts-manufacturing": ("Crafts or small-scale manufacturing", "Artesanía o manufactura a pequeña escala"),
            "agriculture": (
                "Farming, fishing or processed farm produce",
                "Agricultura, pesca o productos agrícolas procesados",
            ),
            "tourism": ("Tourism or accommodation", "Turismo o alojamiento"),
            "services": (
                "Other services (repairs, beauty, transport)",
                "Otros servicios (reparaciones, belleza, transporte)",
            ),
            "other": ("Other", "Otro"),
        },
    ),
    Question(
        "workers",
        "count",
        "How many people work in the business, including the owner?",
        "¿Cuántas personas trabajan en el negocio, incluida la persona propietaria?",
        note_en=f"A whole number from 1 to {MAX_WORKERS}.",
        note_es=f"Un número entero de 1 a {MAX_WORKERS}.",
    ),
    Question(
        "location",
        "one",
        "Where is the business?",
        "¿Dónde está el negocio?",
        {
            "city-centre": ("In the city centre", "En el centro de la ciudad"),
            "city-outskirts": ("In the city's outer neighbourhoods", "En los barrios periféricos de la ciudad"),
            "small-town": ("In a small town", "En un pueblo o ciudad pequeña"),
            "rural": ("In the countryside", "En zona rural"),
        },
    ),
    Question(
        "owner_gender",
        "one",
        "Who owns the business?",
        "¿A quién pertenece el negocio?",
        {
            "woman": ("A woman, or women", "A una mujer o a varias mujeres"),
            "man": ("A man, or men", "A un hombre o a varios hombres"),
            "mixed": ("Women and men together", "A mujeres y hombres en conjunto"),
            "not-stated": ("Prefers not to say", "Prefiere no decirlo"),
        },
    ),
    Question(
        "registered",
        "one",
        "Is the business registered with the tax authority or the municipality?",
        "¿El negocio está registrado ante la autoridad tributaria o el municipio?",
        {
            "yes": ("Yes", "Sí"),
            "no": ("No", "No"),
            "not-stated": ("Does not know or prefers not to say", "No sabe o prefiere no decirlo"),
        },
    ),
    Question(
        "internet",
        "one",
        "How does the business connect to the internet?",
        "¿Cómo se conecta el negocio a internet?",
        {
            "none": ("It does not", "No se conecta"),
            "phone-data": ("Only with mobile data on a phone", "Solo con datos móviles en el teléfono"),
            "fixed": ("A fixed or wifi connection at the business", "Con una conexión fija o wifi en el negocio"),
        },
    ),
    Question(
        "sells_via",
        "many",
        "How did the business sell in the last 12 months? Mark every answer that applies.",
        "¿Cómo vendió el negocio en los últimos 12 meses? Marque todas las respuestas que correspondan.",
        {
            "in-person": ("In person (shop, stall, market)", "En persona (local, puesto, mercado o feria)"),
            "whatsapp": ("WhatsApp or another messaging app", "WhatsApp u otra aplicación de mensajería"),
            "social-media": (
                "Social media (Facebook, Instagram, TikTok)",
                "Redes sociales (Facebook, Instagram, TikTok)",
            ),
            "marketplace": (
                "An online marketplace (such as Mercado Libre, Jumia or Daraz)",
                "Una plataforma de comercio electrónico (como Mercado Libre, Jumia o Daraz)",
            ),
            "delivery-app": (
                "A delivery app (such as Rappi or Glovo)",
                "Una aplicación de reparto (como Rappi o Glovo)",
            ),
            "own-website": ("Its own website or online shop", "Su propio sitio web o tienda en línea"),
        },
    ),
    Question(
        "online_share",
        "one",
        "About how much of the last 12 months' sales came through messaging, social media, marketplaces, apps or a website?",
        "¿Qué parte de las ventas de los últimos 12 meses llegó, aproximadamente, por mensajería, redes sociales, "
        "plataformas, aplicaciones o sitio web?",
        {
            "none": ("None", "Nada"),
            "under-a-tenth": ("Less than a tenth", "Menos de la décima parte"),
            "tenth-to-half": ("From a tenth to a half", "De la décima parte a la mitad"),
            "over-half": ("More than half", "Más de la mitad"),
            "dont-know": ("Does not know", "No sabe"),
        },
    ),
    Question(
        "paid_by",
        "many",
        "How do buyers pay? Mark every answer that applies.",
        "¿Cómo le paga la clientela? Marque todas las respuestas que correspondan.",
        {
            "cash": ("Cash at the business", "Efectivo en el negocio"),
            "cash-on-delivery": ("Cash on delivery", "Pago contra entrega"),
            "mobile-money": (
                "Mobile money or a digital wallet (including QR codes)",
                "Dinero móvil o billetera digital (incluido el pago con código QR)",
            ),
            "card": ("Debit or credit card", "Tarjeta de débito o crédito"),
            "bank-transfer": ("Bank transfer", "Transferencia bancaria"),
        },
    ),
    Question(
        "delivers_by",
        "many",
        "How do orders reach buyers? Mark every answer that applies.",
        "¿Cómo llegan los pedidos a la clientela? Marque todas las respuestas que correspondan.",
        {
            "buyer-collects": ("Buyers collect them at the business", "La clientela los retira en el negocio"),
            "own-delivery": (
                "The business delivers them (staff, motorbike, bicycle)",
                "El negocio los entrega (personal propio, moto, bicicleta)",
            ),
            "courier-or-post": ("A courier company or the postal service", "Una empresa de mensajería o el correo"),
            "platform-delivery": (
                "The marketplace's or app's own delivery",
                "El reparto de la plataforma o aplicación",
            ),
            "bus-or-taxi": (
                "Sent with a bus, taxi or moto-taxi driver",
                "Se envían con un bus, taxi o mototaxi (encomienda)",
            ),
        },
    ),
    Question(
        "buyers_where",
        "many",
        "Where are the business's buyers? Mark every answer that applies.",
        "¿Dónde está la clientela del negocio? Marque todas las respuestas que correspondan.",
        {
            "same-town": ("In the same city or town", "En la misma ciudad o pueblo"),
            "rest-of-country": ("Elsewhere in the country", "En el resto del país"),
            "abroad": ("In other countries", "En otros países"),
        },
    ),
    Question(
        "barriers",
        "many",
        f"What stops the business from selling more online? Mark up to {MAX_BARRIERS} answers.",
        f"¿Qué impide al negocio vender más en línea? Marque hasta {MAX_BARRIERS} respuestas.",
        {code: (en, es) for code, (_, en, es) in BARRIERS.items()},
        note_en="“Nothing” is marked alone.",
        note_es="«Nada» se marca sola.",
    ),
    Question(
        "main_barrier",
        "one",
        "Of the answers to the last question, which one matters most?",
        "De las respuestas a la pregunta anterior, ¿cuál pesa más?",
        {code: (en, es) for code, (_, en, es) in BARRIERS.items()},
        note_en="Write one of the codes marked in the last question.",
        note_es="Anote uno de los códigos marcados en la pregunta anterior.",
    ),
)

COLUMNS: tuple[str, ...] = tuple(q.column for q in QUESTIONS)


def _in_edition(english: str, spanish: str) -> str:
    """The survey's own wording (held here in both languages, one place for the survey) for the edition."""
    return spanish if i18n.language() == "es" else english


def _constraint_words(constraint: str) -> tuple[str, str]:
    """A binding constraint's short name and its meaning (vocabulary "Name: meaning"), in the edition's language."""
    name, _sep, meaning = _(CONSTRAINTS[constraint]).partition(":")
    meaning = meaning.strip()
    return name.strip(), meaning[:1].upper() + meaning[1:]


_BY_COLUMN = {q.column: q for q in QUESTIONS}
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,39}$")
_SPLIT = re.compile(r"[\s,;|+]+")


# ---------------------------------------------------------------------------------------------
# Reading and checking a filled-in file


@dataclass
class Responses:
    """The checked responses of one file: one row per firm; "many" columns hold tuples of codes."""

    frame: pd.DataFrame
    source: str
    synthetic: bool
    notes: list[str]

    def __len__(self) -> int:
        return len(self.frame)


def _expected_codes(question: Question) -> str:
    return ", ".join(question.choices)


def _check_cell(question: Question, raw: str, where: str, file: str) -> tuple[object, list[Problem]]:
    value = raw.strip()
    field_name = f"{question.column} ({where})"
    if question.kind == "id":
        if not _ID.match(value):
            return None, [
                Problem(
                    file,
                    field_name,
                    f"expected a form number made of letters, digits and hyphens (at most 40), got {value!r}",
                )
            ]
        return value, []
    if question.kind == "count":
        if not re.fullmatch(r"\d+", value) or not 1 <= int(value) <= MAX_WORKERS:
            return None, [Problem(file, field_name, f"expected a whole number from 1 to {MAX_WORKERS}, got {value!r}")]
        return int(value), []
    if question.kind == "one":
        code = value.lower()
        if code not in question.choices:
            got = "an empty cell" if not value else repr(value)
            return None, [Problem(file, field_name, f"expected one of {_expected_codes(question)}; got {got}")]
        return code, []
    codes = [c.lower() for c in _SPLIT.split(value) if c]
    if not codes:
        return None, [
            Problem(
                file,
                field_name,
                f"expected one or more of {_expected_codes(question)}, separated by spaces; got an empty cell",
            )
        ]
    unknown = [c for c in codes if c not in question.choices]
    if unknown:
        return None, [
            Problem(
                file,
                field_name,
                f"expected codes from {_expected_codes(question)}, separated by spaces; got {', '.join(map(repr, unknown))}",
            )
        ]
    return tuple(dict.fromkeys(codes)), []


def _cross_checks(row: dict[str, object], where: str, file: str) -> list[Problem]:
    out = []
    barriers = row.get("barriers")
    if isinstance(barriers, tuple):
        if len(barriers) > MAX_BARRIERS:
            out.append(
                Problem(file, f"barriers ({where})", f"expected at most {MAX_BARRIERS} answers, got {len(barriers)}")
            )
        if "nothing" in barriers and len(barriers) > 1:
            out.append(Problem(file, f"barriers ({where})", "expected 'nothing' alone, got it with other answers"))
        main = row.get("main_barrier")
        if isinstance(main, str) and main not in barriers:
            out.append(
                Problem(
                    file,
                    f"main_barrier ({where})",
                    f"expected one of the answers marked under barriers ({' '.join(barriers)}), got {main!r}",
                )
            )
    sells, share = row.get("sells_via"), row.get("online_share")
    online = {"under-a-tenth", "tenth-to-half", "over-half"}
    if isinstance(sells, tuple) and share in online and not any(c in ONLINE_CHANNELS for c in sells):
        out.append(
            Problem(
                file,
                f"online_share ({where})",
                f"expected 'none' or 'dont-know' for a firm that sells only in person, got {share!r}",
            )
        )
    return out


def _decode(raw: bytes, file: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CasekitError(
            [
                Problem(
                    file,
                    f"(line {line})",
                    "expected the file saved as UTF-8 text (in a spreadsheet: save as 'CSV UTF-8'); "
                    "it holds characters in another encoding",
                )
            ]
        ) from None


def read(path: str | Path, *, display_name: str | None = None) -> tuple[Responses | None, list[Problem]]:
    """Read and check a responses CSV. Returns the responses (None if anything is wrong) and the problems."""
    path = Path(path)
    file = display_name or paths.display(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(file, "(file)", "expected a CSV file of survey responses here; there is no such file")]
    except OSError as exc:
        return None, [Problem(file, "(file)", f"expected a readable CSV file, got: {exc.strerror or exc}")]
    try:
        text = _decode(raw, file)
    except CasekitError as exc:
        return None, exc.problems
    lines = text.splitlines(keepends=True)
    notes: list[str] = []
    first = 0
    while first < len(lines) and (lines[first].lstrip().startswith("#") or not lines[first].strip()):
        if lines[first].strip():
            notes.append(lines[first].strip().lstrip("#").strip())
        first += 1
    if first >= len(lines):
        return None, [Problem(file, "(file)", f"expected a header line with the columns {', '.join(COLUMNS)}")]
    header_line = lines[first]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO("".join(lines[first:])), delimiter=delimiter)
    header = [h.strip().lstrip("\ufeff") for h in next(reader)]
    header_line_no = first + 1
    problems: list[Problem] = []
    for column in COLUMNS:
        if column not in header:
            problems.append(Problem(file, column, f"expected this column in the header (line {header_line_no})"))
    for position, name in enumerate(header, start=1):
        if name not in _BY_COLUMN:
            label = repr(name) if name else f"an empty name at position {position}"
            problems.append(
                Problem(file, f"(header, line {header_line_no})", f"expected only the survey's columns, got {label}")
            )
    duplicates = sorted({h for h in header if h and header.count(h) > 1})
    for name in duplicates:
        problems.append(
            Problem(file, name, f"expected this column once in the header, got it {header.count(name)} times")
        )
    if problems:
        return None, problems

    rows: list[dict[str, object]] = []
    seen: dict[str, int] = {}
    for offset, cells in enumerate(reader):
        line = header_line_no + 1 + offset
        if not any(c.strip() for c in cells):
            continue  # spreadsheets leave blank lines at the end
        where = f"line {line}"
        if len(cells) != len(header):
            problems.append(
                Problem(
                    file,
                    f"({where})",
                    f"expected {len(header)} cells separated by {delimiter!r}, got {len(cells)}"
                    + (" (a cell holding the separator must be in double quotes)" if len(cells) > len(header) else ""),
                )
            )
            continue
        raw_row = dict(zip(header, cells, strict=True))
        row: dict[str, object] = {}
        row_problems: list[Problem] = []
        for question in QUESTIONS:
            value, found = _check_cell(question, raw_row[question.column], where, file)
            row[question.column] = value
            row_problems.extend(found)
        firm = row.get("firm_id")
        if isinstance(firm, str):
            if firm in seen:
                row_problems.append(
                    Problem(
                        file,
                        f"firm_id ({where})",
                        f"expected a different number on every row; {firm!r} is also on line {seen[firm]}",
                    )
                )
            else:
                seen[firm] = line
        row_problems.extend(_cross_checks(row, where, file))
        problems.extend(row_problems)
        rows.append(row)
        if len(problems) >= MAX_PROBLEMS:
            problems.append(
                Problem(file, "(file)", f"stopped after {MAX_PROBLEMS} problems: is this the survey's responses file?")
            )
            return None, problems
    if not rows and not problems:
        problems.append(Problem(file, "(file)", "expected at least one row of responses below the header"))
    if problems:
        return None, problems
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    synthetic = any("SYNTHETIC" in note for note in notes)
    return Responses(frame=frame, source=file, synthetic=synthetic, notes=notes), []


def problems(path: str | Path) -> list[Problem]:
    """The problems of a responses CSV, one per bad row or column (empty if it is fine)."""
    return read(path)[1]


def load(path: str | Path | None = None) -> Responses:
    """The checked responses of ``path`` (default: the kit's SYNTHETIC example); raises CasekitError."""
    if path is None:
        path = example_path()
    elif not Path(path).is_absolute() and not Path(path).exists() and (paths.book_root() / path).exists():
        path = paths.book_root() / path  # "data/diagnostic/my-town.csv" works from any notebook folder
    responses, found = read(path)
    if responses is None:
        raise CasekitError(found)
    return responses


def example_path(root: Path | None = None) -> Path:
    return paths.data_dir(root) / DATA_SUBDIR / EXAMPLE


# ---------------------------------------------------------------------------------------------
# The files made from QUESTIONS


def template_csv() -> str:
    """The CSV template: the header line only."""
    return ",".join(COLUMNS) + "\n"


def _many_pattern(codes: Sequence[str]) -> str:
    one = "(" + "|".join(re.escape(c) for c in codes) + ")"
    return f"^{one}( {one})*$"


def table_schema() -> dict:
    """A Frictionless Table Schema for the responses, as shipped (codes separated by single spaces)."""
    fields = []
    for q in QUESTIONS:
        spec: dict[str, object] = {"name": q.column, "title": q.en}
        if q.kind == "id":
            spec.update(type="string", constraints={"required": True, "unique": True, "pattern": _ID.pattern[1:-1]})
        elif q.kind == "count":
            spec.update(type="integer", constraints={"required": True, "minimum": 1, "maximum": MAX_WORKERS})
        elif q.kind == "one":
            spec.update(type="string", constraints={"required": True, "enum": list(q.choices)})
        else:
            spec.update(
                type="string",
                description="codes separated by single spaces",
                constraints={"required": True, "pattern": _many_pattern(list(q.choices))[1:-1]},
            )
        fields.append(spec)
    return {"fields": fields, "primaryKey": ["firm_id"]}


def questionnaire(lang: str = "en") -> Html:
    """The printable questionnaire in English (``"en"``) or Spanish (``"es"``), with the CSV codes."""
    if lang not in {"en", "es"}:
        raise CasekitError(
            [Problem("casekit.diagnostic.questionnaire", "lang", f"expected 'en' or 'es', got {lang!r}")]
        )
    words = {
        "en": ("Column", "Code to write in the CSV", "one answer", "several answers", "Write the answer"),
        "es": ("Columna", "Código para la hoja CSV", "una respuesta", "varias respuestas", "Anote la respuesta"),
    }[lang]
    parts = ['<ol class="casekit-questionnaire">']
    for q in QUESTIONS:
        text = q.en if lang == "en" else q.es
        note = q.note_en if lang == "en" else q.note_es
        parts.append("<li>")
        parts.append(f"<p><strong>{html.escape(text)}</strong>")
        if q.kind in {"one", "many"}:
            parts.append(f" <em>({words[2] if q.kind == 'one' else words[3]})</em>")
        parts.append(f'<br><span class="casekit-q-column">{words[0]}: <code>{q.column}</code></span>')
        if note:
            parts.append(f"<br>{html.escape(note)}")
        parts.append("</p>")
        if q.choices:
            box = "○" if q.kind == "one" else "☐"
            parts.append("<ul>")
            for code, labels in q.choices.items():
                label = labels[0] if lang == "en" else labels[1]
                parts.append(f"<li>{box} {html.escape(label)} <code>{html.escape(code)}</code></li>")
            parts.append("</ul>")
        else:
            parts.append(f"<p>{words[4]}: ____________________</p>")
        parts.append("</li>")
    parts.append("</ol>")
    return Html("\n".join(parts), label=f"questionnaire ({lang})")


# ---------------------------------------------------------------------------------------------
# The profile


def chooser_link(constraint: str, *, prefix: str = "..") -> str:
    """The chooser's section for one binding constraint, as a relative link from a page one level down."""
    if constraint not in CONSTRAINTS:
        raise CasekitError(
            [
                Problem(
                    "casekit.diagnostic.chooser_link",
                    "constraint",
                    f"expected one of {', '.join(CONSTRAINTS)}, got {constraint!r}",
                )
            ]
        )
    return f"{prefix}/{CHOOSER_DOC}.html#constraint-{constraint}"


def chooser_available(root: Path | None = None) -> bool:
    """Whether this copy of the book has the chooser page (a workshop kit, or a book without it, has not)."""
    root = root or paths.book_root()
    return any((root / CHOOSER_DOC).with_suffix(s).is_file() for s in (".md", ".ipynb"))


def _percent(count: int, total: int) -> float:
    return round(100 * count / total, 1) if total else 0.0


def constraint_profile(responses: Responses) -> pd.DataFrame:
    """Per binding constraint: firms naming it among their barriers and as the main one, in % of firms."""
    frame, total = responses.frame, len(responses)
    rows = []
    for constraint in CONSTRAINTS:
        label, meaning = _constraint_words(constraint)
        codes = {code for code, (c, _en, _es) in BARRIERS.items() if c == constraint}
        any_count = int(frame["barriers"].map(lambda b, codes=codes: bool(codes & set(b))).sum())
        main_count = int(frame["main_barrier"].isin(codes).sum())
        rows.append(
            {
                "constraint": constraint,
                "label": label,
                "meaning": meaning,
                "firms_any": any_count,
                "share_any": _percent(any_count, total),
                "firms_main": main_count,
                "share_main": _percent(main_count, total),
            }
        )
    out = pd.DataFrame(rows)
    return out.sort_values(["share_main", "share_any", "constraint"], ascending=[False, False, True]).reset_index(
        drop=True
    )


def binding_constraints(responses: Responses, *, top: int = 2) -> list[str]:
    """The constraints most firms name as their main barrier (ties broken by any mention, then by id)."""
    profile = constraint_profile(responses)
    profile = profile[profile["firms_main"] > 0]
    return list(profile["constraint"].head(top))


def profile_table(responses: Responses, *, link_prefix: str = "..", root: Path | None = None) -> Html:
    """The constraint profile as a table; each constraint links to the chooser when the book has it."""
    profile = constraint_profile(responses)
    linked = chooser_available(root)
    rows = []
    for rec in profile.itertuples(index=False):
        name = (
            Html(
                f'<a href="{html.escape(chooser_link(rec.constraint, prefix=link_prefix), quote=True)}">{html.escape(rec.label)}</a>'
            )
            if linked
            else rec.label
        )
        rows.append(
            (
                name,
                rec.meaning,
                f"{format_percent(round(rec.share_main))} ({rec.firms_main})",
                f"{format_percent(round(rec.share_any))} ({rec.firms_any})",
            )
        )
    caption = _title(responses, _("Binding constraints named by {count} firms").format(count=len(responses)))
    columns = [
        _("Constraint"),
        _("What it means"),
        _("Main barrier: % of firms (number)"),
        _("Among up to {count} barriers: % (number)").format(count=MAX_BARRIERS),
    ]
    return html_table(rows, columns, caption=caption)


def nothing_share(responses: Responses) -> float:
    """% of firms that say nothing stops them (they do not want to sell more online)."""
    return _percent(int((responses.frame["main_barrier"] == "nothing").sum()), len(responses))


def online_share(responses: Responses) -> float:
    """% of firms selling through at least one online channel."""
    online = responses.frame["sells_via"].map(lambda s: any(c in ONLINE_CHANNELS for c in s))
    return _percent(int(online.sum()), len(responses))


def answer_shares(responses: Responses, column: str) -> pd.DataFrame:
    """% of firms giving each answer to one question (several answers may add up to more than 100)."""
    question = _BY_COLUMN.get(column)
    if question is None or not question.choices:
        raise CasekitError(
            [
                Problem(
                    "casekit.diagnostic.answer_shares",
                    "column",
                    f"expected a question with answer codes, got {column!r}",
                )
            ]
        )
    frame, total = responses.frame, len(responses)
    rows = []
    for code, (english, spanish) in question.choices.items():
        label = _in_edition(english, spanish)
        if question.kind == "many":
            count = int(frame[column].map(lambda v, code=code: code in v).sum())
        else:
            count = int((frame[column] == code).sum())
        rows.append({"code": code, "answer": label, "firms": count, "share": _percent(count, total)})
    return pd.DataFrame(rows)


def online_by(responses: Responses, column: str) -> pd.DataFrame:
    """% of firms selling online within each answer to ``column`` (e.g. location, owner_gender)."""
    question = _BY_COLUMN.get(column)
    if question is None or question.kind != "one":
        raise CasekitError(
            [Problem("casekit.diagnostic.online_by", "column", f"expected a one-answer question, got {column!r}")]
        )
    frame = responses.frame
    online = frame["sells_via"].map(lambda s: any(c in ONLINE_CHANNELS for c in s))
    rows = []
    for code, (english, spanish) in question.choices.items():
        group = frame[column] == code
        n = int(group.sum())
        if n:
            count = int((online & group).sum())
            label = ngettext("{answer} ({count} firm)", "{answer} ({count} firms)", n).format(
                answer=_in_edition(english, spanish), count=n
            )
            rows.append({"code": code, "group": label, "firms": n, "share": _percent(count, n)})
    return pd.DataFrame(rows)


def _title(responses: Responses, text: str) -> str:
    return _("SYNTHETIC example data: {title}").format(title=text) if responses.synthetic else text


def _bars(frame: pd.DataFrame, category: str, *, title: str, description: str, x_title: str) -> alt.TopLevelMixin:
    charts._require_text(title, description, "diagnostic")
    data = charts._records(frame, [category, "share", "firms"])
    order = list(data[category])
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y(f"{category}:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
            x=alt.X("share:Q", title=x_title, scale=alt.Scale(domain=[0, 100])),
            tooltip=[
                alt.Tooltip(f"{category}:N", title=_("Answer")),
                alt.Tooltip("share:Q", title=_("% of firms"), format=".0f"),
                alt.Tooltip("firms:Q", title=_("Firms")),
            ],
        )
    )
    labels = (
        alt.Chart(data)
        .mark_text(align="left", dx=3, fontSize=11)
        .encode(y=alt.Y(f"{category}:N", sort=order), x="share:Q", text=alt.Text("share:Q", format=".0f"))
    )
    return charts._finish(alt.layer(bars, labels), title, description, None)


_QUESTION_TITLES = {
    "sells_via": N_("How firms sell"),
    "paid_by": N_("How buyers pay"),
    "delivers_by": N_("How orders reach buyers"),
    "buyers_where": N_("Where buyers are"),
    "internet": N_("How firms connect to the internet"),
    "sector": N_("What firms do"),
    "location": N_("Where firms are"),
    "owner_gender": N_("Who owns the firms"),
    "registered": N_("Whether firms are registered"),
    "online_share": N_("Share of sales made online"),
}


def answers_chart(responses: Responses, column: str) -> alt.TopLevelMixin:
    """Bars: % of firms giving each answer to one question."""
    frame = answer_shares(responses, column)
    question = _BY_COLUMN[column]
    top = frame.sort_values("share", ascending=False).iloc[0]
    heading = _(_QUESTION_TITLES[column]) if column in _QUESTION_TITLES else column
    title = _title(responses, _("{what} (% of {count} firms)").format(what=heading, count=len(responses)))
    description = _(
        "Bar chart of the answers of {count} firms to the question '{question}'. "
        "The most common answer is '{answer}', given by {share} of firms."
    ).format(
        count=len(responses),
        question=_in_edition(question.en, question.es),
        answer=top["answer"],
        share=format_percent(round(top["share"])),
    )
    if question.kind == "many":
        description += " " + _("A firm can give several answers, so the bars can add up to more than 100%.")
    return _bars(frame, "answer", title=title, description=description, x_title=_("% of firms"))


def constraints_chart(responses: Responses) -> alt.TopLevelMixin:
    """Bars: % of firms naming each binding constraint as their main barrier, and among their barriers."""
    profile = constraint_profile(responses)
    measures = [_("Main barrier"), _("Among up to {count} barriers").format(count=MAX_BARRIERS)]
    long = pd.concat(
        [
            profile.assign(measure=measures[0], share=profile["share_main"], firms=profile["firms_main"]),
            profile.assign(measure=measures[1], share=profile["share_any"], firms=profile["firms_any"]),
        ]
    )
    data = charts._records(long, ["label", "measure", "share", "firms"])
    order = list(profile["label"])
    top = profile.iloc[0]
    title = _title(responses, _("What stops {count} firms selling more online").format(count=len(responses)))
    description = _(
        "Grouped bar chart: for each of {constraints} binding constraints, the percentage of {count} firms "
        "naming it as their main barrier and among up to {most} barriers. "
        "{top} is named as the main barrier most often, by {share} of firms."
    ).format(
        constraints=len(profile),
        count=len(responses),
        most=MAX_BARRIERS,
        top=top["label"],
        share=format_percent(round(top["share_main"])),
    )
    charts._require_text(title, description, "constraints_chart")
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", sort=order, title=None),
            yOffset=alt.YOffset("measure:N", sort=measures),
            x=alt.X("share:Q", title=_("% of firms"), scale=alt.Scale(domain=[0, 100])),
            color=alt.Color(
                "measure:N", title=None, scale=alt.Scale(domain=measures, range=[charts.PALETTE[5], charts.PALETTE[0]])
            ),
            tooltip=[
                alt.Tooltip("label:N", title=_("Constraint")),
                alt.Tooltip("measure:N", title=_("Named as")),
                alt.Tooltip("share:Q", title=_("% of firms"), format=".0f"),
                alt.Tooltip("firms:Q", title=_("Firms")),
            ],
        )
    )
    labels = (
        alt.Chart(data)
        .mark_text(align="left", dx=3, fontSize=10)
        .encode(
            y=alt.Y("label:N", sort=order),
            yOffset=alt.YOffset("measure:N", sort=measures),
            x="share:Q",
            text=alt.Text("share:Q", format=".0f"),
        )
    )
    return charts._finish(alt.layer(bars, labels), title, description, None)


_BY_WHAT = {
    "location": N_("where the firm is"),
    "owner_gender": N_("who owns the firm"),
    "sector": N_("what the firm does"),
}


def online_by_chart(responses: Responses, column: str) -> alt.TopLevelMixin:
    """Bars: % of firms selling online, within each answer to ``column``."""
    frame = online_by(responses, column)
    what = _(_BY_WHAT[column]) if column in _BY_WHAT else column
    title = _title(responses, _("Firms selling online, by {what}").format(what=what))
    question = _BY_COLUMN[column]
    description = _(
        "Bar chart: the percentage of firms selling through at least one online channel (messaging, social media, "
        "marketplace, delivery app or own website), for each answer to '{question}', out of {count} firms."
    ).format(question=_in_edition(question.en, question.es), count=len(responses))
    return _bars(
        frame, "group", title=title, description=description, x_title=_("% of firms in the group selling online")
    )


def check_shipped(root: Path | None = None) -> list[Problem]:
    """``casekit check``: the shipped template is the header the survey expects, and every other
    responses file under ``data/diagnostic/`` passes the survey's checks (the book's pages read them)."""
    folder = paths.data_dir(root) / DATA_SUBDIR
    if not folder.is_dir():
        return []
    found: list[Problem] = []
    for path in sorted(folder.glob("*.csv")):
        rel = f"data/{DATA_SUBDIR}/{path.name}"
        if path.name == TEMPLATE:
            if path.read_text(encoding="utf-8-sig") != template_csv():
                found.append(
                    Problem(rel, "(header)", f"expected exactly the survey's columns: {template_csv().strip()}")
                )
            continue
        found.extend(read(path, display_name=rel)[1])
    return found


def barrier_table() -> Html:
    """Each answer to the barriers question and the binding constraint it points to."""
    rows = [
        (
            code,
            _in_edition(en, es),
            _constraint_words(constraint)[0] if constraint else _("None (the firm does not want to sell more online)"),
        )
        for code, (constraint, en, es) in BARRIERS.items()
    ]
    return html_table(rows, [_("Code"), _("Answer"), _("Binding constraint")], caption=_("What each barrier points to"))


def next_steps(responses: Responses, *, link_prefix: str = "..", root: Path | None = None) -> Html:
    """One paragraph naming the binding constraints most firms named first, linked to the chooser when the book has it."""
    top = binding_constraints(responses)
    if not top:
        return Html(
            "<p>"
            + html.escape(
                _("No firm named a barrier to selling more online, so the survey points to no binding constraint.")
            )
            + "</p>"
        )
    linked = chooser_available(root)
    names = []
    for constraint in top:
        label = _constraint_words(constraint)[0]
        if linked:
            href = html.escape(chooser_link(constraint, prefix=link_prefix), quote=True)
            names.append(f'<a href="{href}">{html.escape(label)}</a>')
        else:
            names.append(f"<strong>{html.escape(label)}</strong>")
    where = (
        _(
            "Each name links to the instruments and cases that addressed that constraint in the chooser of "
            "the “Design a programme” part."
        )
        if linked
        else _(
            "Look each one up in the chooser of the “Design a programme” part, which groups instruments and "
            "cases by binding constraint (that part is not in this copy of the book)."
        )
    )
    joined = names[0]
    for name in names[1:]:
        joined = html.escape(_("{first} and {second}"), quote=False).format(first=joined, second=name)
    sentence = (
        _("In these SYNTHETIC example responses, the constraints named most often as the main barrier are {names}.")
        if responses.synthetic
        else _("The constraints named most often as the main barrier are {names}.")
    )
    return Html(
        f"<p>{html.escape(sentence, quote=False).format(names=joined)} {html.escape(where, quote=False)}</p>",
        label="next steps",
    )
