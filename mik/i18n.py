"""UI and report texts, Dutch first, English available."""

from __future__ import annotations

LANGS = ("nl", "en")

TEXTS: dict[str, tuple[str, str]] = {
    "app_title": ("MIK – Maastricht Informatie-Knooppunt", "MIK – Maastricht Information Hub"),
    "language": ("Taal", "Language"),
    "year": ("Jaar", "Year"),
    "area": ("Gebied", "Area"),
    "overview": ("Overzicht", "Overview"),
    "demo_notice": (
        "Let op: dit zijn synthetische demodata van een fictieve stad, geen echte cijfers.",
        "Note: this is synthetic demo data for a fictional city, not real figures.",
    ),
    "stand_per": ("Stand per", "Data as of"),
    "value": ("Waarde", "Value"),
    "target": ("Doel", "Target"),
    "status": ("Status", "Status"),
    "reason": ("Toelichting", "Explanation"),
    "latest_measurement": ("Laatste meting", "Latest measurement"),
    "ytd": ("t/m", "through"),
    "no_indicator": (
        "Geen effectindicator voor dit thema.", "No effect indicator for this theme."),
    "theme_kind_prioriteit": ("Prioriteit", "Priority"),
    "theme_kind_overkoepelend": ("Overkoepelend thema", "Overarching theme"),
    "theme_kind_overig": ("Overig thema", "Other theme"),
    "source": ("Bron", "Source"),
    "population_year": ("bevolking 1 januari", "population 1 January"),
    "nearest_population": (
        "bevolking van het dichtstbijzijnde jaar gebruikt", "population of the nearest year used"),
    "incomplete": ("onvolledige periode", "incomplete period"),
    "no_database": (
        "Geen database gevonden op {path}. Zet MIK_DB naar een bestaande database of verwijder "
        "MIK_DB om de demodatabase te gebruiken.",
        "No database found at {path}. Point MIK_DB at an existing database, or unset MIK_DB to "
        "use the demo database.",
    ),
    "building_demo": ("Demodatabase wordt gebouwd…", "Building the demo database…"),
    "plan": ("Plan", "Plan"),
    "trend": ("Trend", "Trend"),
    "per_1000_inh": ("per 1.000 inwoners", "per 1,000 inhabitants"),
}


def t(key: str, lang: str = "nl", **kwargs) -> str:
    """The text for ``key`` in ``lang`` (Dutch when unknown), with ``{placeholders}`` filled."""
    nl, en = TEXTS[key]
    text = en if lang == "en" else nl
    return text.format(**kwargs) if kwargs else text
