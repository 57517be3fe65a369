"""Controlled vocabularies shared by the case files, the checker and the charts.

A case file may only use the values listed here. Adding a value is a deliberate,
reviewed change: it shows up in every chart legend and filter of the book.
"""

from __future__ import annotations

from .i18n import N_, gettext

THEMES: dict[str, str] = {
    "msme-digitization": N_("MSME digitization"),
    "rural-ecommerce": N_("Rural ecommerce"),
    "logistics": N_("Ecommerce logistics"),
    "investment-attraction": N_("Attracting tech investment"),
}

#: Policy instruments a programme can use, with a one-line meaning.
INSTRUMENTS: dict[str, str] = {
    "grant": N_("Non-repayable money for a firm's project, often matched by the firm"),
    "voucher": N_("A fixed-value grant a firm spends with an approved supplier"),
    "loan": N_("Repayable finance, including guarantees and subsidised credit"),
    "tax-incentive": N_("Tax holidays, reduced rates or exemptions tied to a place or activity"),
    "training": N_("Courses, seminars and workshops for owners and staff"),
    "mentoring": N_("One-to-one advice, coaching or consulting"),
    "marketplace-partnership": N_("An agreement with an online marketplace to onboard local sellers"),
    "platform": N_("A public or publicly backed online sales or service platform"),
    "digital-payments": N_("Getting firms to accept digital payments: wallets, QR codes, card terminals, fee waivers"),
    "digital-centre": N_("Physical access points offering digital services and assisted selling"),
    "connectivity": N_("Broadband, mobile or fibre roll-out and access subsidies"),
    "addressing": N_("Street addresses, postcodes or digital address codes"),
    "logistics-hub": N_("Shared delivery hubs, micro-hubs and parcel lockers"),
    "off-hour-delivery": N_("Incentives or rules that move deliveries to night or early hours"),
    "freight-regulation": N_("Time windows, vehicle bans and loading rules for freight"),
    "research-partnership": N_("Pilots and evaluations run with universities or labs"),
    "tech-district": N_("A designated zone or park for technology firms, with land and services"),
    "investment-promotion": N_("An agency or programme that markets a place to investors"),
    "talent-pipeline": N_("Education and skills programmes aimed at an industry's hiring needs"),
    "clean-energy": N_("Renewable or reliable power offered as a location advantage"),
    "cybersecurity": N_("Threat sharing, protection tools and training against cyber attacks"),
    "certification": N_("Labels and standards a firm or vehicle can earn (for example low noise)"),
}

#: The binding constraint a programme addressed (the "Design a programme" chooser groups by it).
CONSTRAINTS: dict[str, str] = {
    "connectivity": N_("Connectivity: broadband or mobile coverage, cost and quality"),
    "skills": N_("Skills: owners and staff lack the know-how to sell online"),
    "payments": N_("Payments: firms or buyers cannot pay or be paid digitally"),
    "addresses-delivery": N_("Addresses and delivery: parcels cannot be addressed, delivered or returned affordably"),
    "finance": N_("Finance: firms cannot pay for the investment or working capital"),
    "market-access": N_("Market access and demand: firms cannot reach buyers, or buyers do not buy online"),
    "trust-cyber": N_("Trust and cyber risk: fraud, data protection and attacks deter firms or buyers"),
    "talent-investment": N_("Talent and investment: the place lacks the skilled workers or capital of a tech economy"),
}

_ALL_CONSTRAINTS = tuple(CONSTRAINTS)

#: Which binding constraints each instrument can address. A programme names its instruments and
#: its constraints separately; the "Design a programme" chooser pairs them only where they fit
#: (a programme whose constraint no instrument fits is shown with all its instruments).
INSTRUMENT_CONSTRAINTS: dict[str, tuple[str, ...]] = {
    "grant": _ALL_CONSTRAINTS,
    "voucher": tuple(c for c in _ALL_CONSTRAINTS if c != "skills"),  # it buys a service, not know-how
    "loan": ("finance", "connectivity", "talent-investment"),
    "tax-incentive": ("talent-investment", "finance"),
    "training": ("skills", "trust-cyber", "payments"),
    "mentoring": ("skills", "market-access", "talent-investment"),
    "marketplace-partnership": ("market-access", "addresses-delivery", "payments"),
    "platform": ("market-access", "payments", "addresses-delivery"),
    "digital-payments": ("payments",),
    "digital-centre": ("connectivity", "skills", "market-access", "payments", "addresses-delivery"),
    "connectivity": ("connectivity",),
    "addressing": ("addresses-delivery",),
    "logistics-hub": ("addresses-delivery",),
    "off-hour-delivery": ("addresses-delivery",),
    "freight-regulation": ("addresses-delivery",),
    "research-partnership": _ALL_CONSTRAINTS,
    "tech-district": ("talent-investment",),
    "investment-promotion": ("talent-investment",),
    "talent-pipeline": ("talent-investment", "skills"),
    "clean-energy": ("talent-investment",),
    "cybersecurity": ("trust-cyber",),
    "certification": ("market-access", "trust-cyber", "addresses-delivery"),
}

#: Which level of government led a case (or "private-led" where a firm or NGO led).
LEVELS_OF_GOVERNMENT: dict[str, str] = {
    "municipal": N_("A city, municipality, canton, district or county government"),
    "state-provincial": N_("A state, province, region or prefecture"),
    "national": N_("A national government or one of its agencies"),
    "private-led": N_("A firm, platform, association or NGO, with government in a supporting role"),
}

#: What a case's population figure counts.
POPULATION_AREAS: dict[str, str] = {
    "city": N_("The city or municipality proper"),
    "agglomeration": N_("The urban agglomeration or metropolitan area"),
    "region": N_("A state, province, region, county or district"),
    "country": N_("The whole country (national or multi-region cases)"),
}

#: How strong the evidence behind a case is, as judged by the editors.
EVIDENCE_LEVELS: dict[str, str] = {
    "high": N_("Official or primary sources for the programme and its outcomes"),
    "medium": N_("Programme facts are sourced; outcomes rest on secondary or partial sources"),
    "low": N_("Few sources; the case is kept short and says what is not known"),
}

YEAR_MIN = 1980
YEAR_MAX = 2035

# Names shown for the values themselves, in tables and charts: in English the value as written
# in the case files; in another edition its translation (casekit.i18n looks them up with _()).
#: Short names of the instruments.
INSTRUMENT_NAMES: dict[str, str] = {
    "grant": N_("grant"),
    "voucher": N_("voucher"),
    "loan": N_("loan"),
    "tax-incentive": N_("tax-incentive"),
    "training": N_("training"),
    "mentoring": N_("mentoring"),
    "marketplace-partnership": N_("marketplace-partnership"),
    "platform": N_("platform"),
    "digital-payments": N_("digital-payments"),
    "digital-centre": N_("digital-centre"),
    "connectivity": N_("connectivity"),
    "addressing": N_("addressing"),
    "logistics-hub": N_("logistics-hub"),
    "off-hour-delivery": N_("off-hour-delivery"),
    "freight-regulation": N_("freight-regulation"),
    "research-partnership": N_("research-partnership"),
    "tech-district": N_("tech-district"),
    "investment-promotion": N_("investment-promotion"),
    "talent-pipeline": N_("talent-pipeline"),
    "clean-energy": N_("clean-energy"),
    "cybersecurity": N_("cybersecurity"),
    "certification": N_("certification"),
}
#: Evidence levels.
EVIDENCE_NAMES: dict[str, str] = {"high": N_("high"), "medium": N_("medium"), "low": N_("low")}
#: Levels of government (``led_by``) in a table cell or a sentence.
LEVEL_NAMES: dict[str, str] = {
    "municipal": N_("municipal"),
    "state-provincial": N_("state or provincial"),
    "national": N_("national"),
    "private-led": N_("private-led"),
}
#: A programme's status, from its end year and ``ongoing``.
STATUS_NAMES: dict[str, str] = {
    "ongoing": N_("ongoing"),
    "ended": N_("ended"),
    "end not reported": N_("end not reported"),
}


def shown(names: dict[str, str], value: str) -> str:
    """``value`` (an id of one of the vocabularies above) as the edition shows it."""
    return gettext(names.get(value, value))


def instrument_list(ids: list[str]) -> str:
    """Instrument ids as a comma-separated list of their names in the edition's language."""
    return ", ".join(shown(INSTRUMENT_NAMES, i) for i in ids)


#: What a case's population figure counts, in a table cell.
POPULATION_AREA_NAMES: dict[str, str] = {
    "city": N_("city"),
    "agglomeration": N_("agglomeration"),
    "region": N_("region"),
    "country": N_("country"),
}
