"""Controlled vocabularies shared by the case files, the checker and the charts.

A case file may only use the values listed here. Adding a value is a deliberate,
reviewed change: it shows up in every chart legend and filter of the book.
"""

from __future__ import annotations

THEMES: dict[str, str] = {
    "msme-digitization": "MSME digitization",
    "rural-ecommerce": "Rural ecommerce",
    "logistics": "Ecommerce logistics",
    "investment-attraction": "Attracting tech investment",
}

#: Policy instruments a programme can use, with a one-line meaning.
INSTRUMENTS: dict[str, str] = {
    "grant": "Non-repayable money for a firm's project, often matched by the firm",
    "voucher": "A fixed-value grant a firm spends with an approved supplier",
    "loan": "Repayable finance, including guarantees and subsidised credit",
    "tax-incentive": "Tax holidays, reduced rates or exemptions tied to a place or activity",
    "training": "Courses, seminars and workshops for owners and staff",
    "mentoring": "One-to-one advice, coaching or consulting",
    "marketplace-partnership": "An agreement with an online marketplace to onboard local sellers",
    "platform": "A public or publicly backed online sales or service platform",
    "digital-payments": "Getting firms to accept digital payments: wallets, QR codes, card terminals, fee waivers",
    "digital-centre": "Physical access points offering digital services and assisted selling",
    "connectivity": "Broadband, mobile or fibre roll-out and access subsidies",
    "addressing": "Street addresses, postcodes or digital address codes",
    "logistics-hub": "Shared delivery hubs, micro-hubs and parcel lockers",
    "off-hour-delivery": "Incentives or rules that move deliveries to night or early hours",
    "freight-regulation": "Time windows, vehicle bans and loading rules for freight",
    "research-partnership": "Pilots and evaluations run with universities or labs",
    "tech-district": "A designated zone or park for technology firms, with land and services",
    "investment-promotion": "An agency or programme that markets a place to investors",
    "talent-pipeline": "Education and skills programmes aimed at an industry's hiring needs",
    "clean-energy": "Renewable or reliable power offered as a location advantage",
    "cybersecurity": "Threat sharing, protection tools and training against cyber attacks",
    "certification": "Labels and standards a firm or vehicle can earn (for example low noise)",
}

#: The binding constraint a programme addressed (the "Design a programme" chooser groups by it).
CONSTRAINTS: dict[str, str] = {
    "connectivity": "Connectivity: broadband or mobile coverage, cost and quality",
    "skills": "Skills: owners and staff lack the know-how to sell online",
    "payments": "Payments: firms or buyers cannot pay or be paid digitally",
    "addresses-delivery": "Addresses and delivery: parcels cannot be addressed, delivered or returned affordably",
    "finance": "Finance: firms cannot pay for the investment or working capital",
    "market-access": "Market access and demand: firms cannot reach buyers, or buyers do not buy online",
    "trust-cyber": "Trust and cyber risk: fraud, data protection and attacks deter firms or buyers",
    "talent-investment": "Talent and investment: the place lacks the skilled workers or capital of a tech economy",
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
    "municipal": "A city, municipality, canton, district or county government",
    "state-provincial": "A state, province, region or prefecture",
    "national": "A national government or one of its agencies",
    "private-led": "A firm, platform, association or NGO, with government in a supporting role",
}

#: What a case's population figure counts.
POPULATION_AREAS: dict[str, str] = {
    "city": "The city or municipality proper",
    "agglomeration": "The urban agglomeration or metropolitan area",
    "region": "A state, province, region, county or district",
    "country": "The whole country (national or multi-region cases)",
}

#: How strong the evidence behind a case is, as judged by the editors.
EVIDENCE_LEVELS: dict[str, str] = {
    "high": "Official or primary sources for the programme and its outcomes",
    "medium": "Programme facts are sourced; outcomes rest on secondary or partial sources",
    "low": "Few sources; the case is kept short and says what is not known",
}

YEAR_MIN = 1980
YEAR_MAX = 2035
