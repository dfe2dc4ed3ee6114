"""UI and report texts, Dutch first, English available."""

from __future__ import annotations

LANGS = ("nl", "en")

TEXTS: dict[str, tuple[str, str]] = {
    "app_title": ("MIK – {name}", "MIK – {name}"),
    "db_mismatch": (
        "Deze database hoort niet bij deze installatie: de configuratie ({config}) is voor {name} ({code}), "
        "maar de database ({db}) bevat gebieden van {found}. Start MIK met de configuratie van die gemeente "
        "(MIK_CONFIG, te maken met `python -m mik init --gemeente CODE --name NAAM -o BESTAND`) of met een "
        "database van {name} (MIK_DB), of importeer de grenzen van {name} (`python -m mik import boundaries`).",
        "This database does not belong to this installation: the config ({config}) is for {name} ({code}), "
        "but the database ({db}) holds areas of {found}. Start MIK with that gemeente's config (MIK_CONFIG, "
        "made with `python -m mik init --gemeente CODE --name NAME -o FILE`) or with a database of {name} "
        "(MIK_DB), or import {name}'s boundaries (`python -m mik import boundaries`).",
    ),
    "no_areas": (
        "Er zijn nog geen gebiedsgrenzen geladen in {db}. Importeer eerst de buurtgrenzen van {name}: "
        "`python -m mik import boundaries BESTAND` (zie README, 'Een andere gemeente').",
        "No area boundaries are loaded in {db} yet. Import {name}'s buurt boundaries first: "
        "`python -m mik import boundaries FILE` (see README, 'Another gemeente').",
    ),
    "years_apart": (
        "De geladen politiecijfers gaan over {data}; het plan stelt doelen voor {plan}. Kies een jaar:",
        "The police figures loaded cover {data}; the plan sets targets for {plan}. Choose a year:",
    ),
    "show_data_year": ("Cijfers van {year}", "Figures of {year}"),
    "show_plan_year": ("Planjaar {year}", "Plan year {year}"),
    "headline_total": ("Geregistreerde misdrijven", "Registered crimes"),
    "headline_vs": ("t.o.v. {period}", "vs {period}"),
    "headline_none": (
        "Nog geen politiecijfers (misdrijven) geladen: importeer een CBS/Politie-tabel of de maandexport.",
        "No police figures (crimes) loaded yet: import a CBS/Politie table or the monthly export.",
    ),
    "headline_source": (
        "Bron: {source} · periode {period} · bevolking 1 januari {pyear}{nearest} · na te rekenen met `{query}`",
        "Source: {source} · period {period} · population 1 January {pyear}{nearest} · reproduce with `{query}`",
    ),
    "headline_unreported": (
        "⚠ {n} buurt(en) zonder gepubliceerd cijfer in {period} (CBS laat kleine aantallen leeg): dit totaal is "
        "onvolledig, daarom geen verandering.",
        "⚠ {n} neighbourhood(s) without a published figure in {period} (CBS leaves small counts empty): this total "
        "is incomplete, so no change is shown.",
    ),
    "headline_hidden": ("afgeschermd (klein aantal)", "suppressed (small count)"),
    "nearest_year": (" (dichtstbijzijnde jaar)", " (nearest year)"),
    "no_figures_period": (
        "Voor {period} zijn geen cijfers van deze soort geladen.",
        "No figures of this kind are loaded for {period}.",
    ),
    "no_activities": (
        "Nog geen activiteiten van het plan geladen: importeer ze met `python -m mik import activities BESTAND` "
        "(CSV of Excel, zie README).",
        "No plan activities loaded yet: import them with `python -m mik import activities FILE` (CSV or Excel, "
        "see README).",
    ),
    "update_data": ("Data bijwerken", "Update data"),
    "update_how": (
        "Upload een bestand, controleer het op een kopie en publiceer het. De app blijft draaien: wie werkt "
        "ziet de nieuwe cijfers bij de volgende klik; een geweigerd bestand verandert niets.",
        "Upload a file, check it on a copy and publish it. The app keeps running: readers see the new "
        "figures on their next click; a refused file changes nothing.",
    ),
    "import_kind": ("Soort bestand", "Kind of file"),
    "import_file": ("Bestand", "File"),
    "check_import": ("Controleren", "Check"),
    "publish": ("Publiceren", "Publish"),
    "discard": ("Niet publiceren", "Discard"),
    "published": ("Gepubliceerd: de nieuwe cijfers zijn nu zichtbaar.", "Published: the new figures are now shown."),
    "import_refused": ("Geweigerd, er is niets veranderd", "Refused, nothing changed"),
    "table": ("Tabel", "Table"),
    "checked": (
        "{file} is gecontroleerd op een kopie: dit verandert er als u publiceert.",
        "{file} was checked on a copy: this is what publishing changes.",
    ),
    "difference": ("Verschil", "Difference"),
    "table_registrations": ("Registraties", "Registrations"),
    "table_lineage": ("Herkomst (geladen bestanden)", "Lineage (loaded files)"),
    "table_categories": ("Categorieën", "Categories"),
    "table_areas": ("Gebieden", "Areas"),
    "table_population": ("Bevolking", "Population"),
    "table_area_context": ("Kerncijfers per gebied", "Key figures per area"),
    "table_peer_figures": ("Vergelijkingscijfers", "Peer figures"),
    "table_survey_results": ("Veiligheidsmonitor", "Safety survey"),
    "table_activities": ("Activiteiten", "Activities"),
    "table_activity_status": ("Status van activiteiten", "Activity status"),
    "before": ("Rijen voor", "Rows before"),
    "after": ("Rijen na", "Rows after"),
    "kind_boundaries": ("Gebiedsgrenzen (PDOK/CBS)", "Boundaries (PDOK/CBS)"),
    "kind_population": ("Bevolking (CBS kerncijfers)", "Population (CBS key figures)"),
    "kind_crime": ("Misdrijven (politie-maandexport, CBS 47018NED)", "Crimes (police monthly export, CBS 47018NED)"),
    "kind_survey": ("Veiligheidsmonitor", "Safety survey"),
    "kind_peers": ("Vergelijkingsgemeenten (StatLine)", "Peer municipalities (StatLine)"),
    "kind_activities": ("Activiteiten van het plan", "Plan activities"),
    "yearly_title": ("Jaarcijfers", "Yearly figures"),
    "yearly_note": (
        "Alleen jaarcijfers geladen (geen maandcijfers): staven per jaar; stippellijn: doel van dat jaar.",
        "Only yearly figures loaded (no monthly figures): bars per year; dashed: that year's target.",
    ),
    "indicator_no_data": (
        "Voor {name} zijn geen cijfers geladen (categorieën {cats}). Geladen soorten: {loaded}.",
        "No figures are loaded for {name} (categories {cats}). Loaded kinds: {loaded}.",
    ),
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
    "no_indicator": ("Geen effectindicator voor dit thema.", "No effect indicator for this theme."),
    "theme_kind_prioriteit": ("Prioriteit", "Priority"),
    "theme_kind_overkoepelend": ("Overkoepelend thema", "Overarching theme"),
    "theme_kind_overig": ("Overig thema", "Other theme"),
    "source": ("Bron", "Source"),
    "population_year": ("bevolking 1 januari", "population 1 January"),
    "population_reference": ("peildatum bevolking", "population reference date"),
    "choose": ("Kies …", "Choose …"),
    "nearest_population": ("bevolking van het dichtstbijzijnde jaar gebruikt", "population of the nearest year used"),
    "incomplete": ("onvolledige periode", "incomplete period"),
    "no_database": (
        "Geen database gevonden op {path}. Zet MIK_DB naar een bestaande database of verwijder "
        "MIK_DB om de demodatabase te gebruiken.",
        "No database found at {path}. Point MIK_DB at an existing database, or unset MIK_DB to use the demo database.",
    ),
    "building_demo": ("Demodatabase wordt gebouwd…", "Building the demo database…"),
    "plan": ("Plan", "Plan"),
    "trend": ("Trend", "Trend"),
    "per_1000_inh": ("per 1.000 inwoners", "per 1,000 inhabitants"),
    "indicator": ("Indicator", "Indicator"),
    "period": ("Periode", "Period"),
    "theme": ("Thema", "Theme"),
    "themes": ("Thema's", "Themes"),
    "map": ("Kaart", "Map"),
    "comparison": ("Vergelijking", "Comparison"),
    "what_if": ("Wat als", "What if"),
    "execution": ("Uitvoering", "Implementation"),
    "sources": ("Data en bronnen", "Data and sources"),
    "presentation": ("Presentatie", "Presentation"),
    "trend_note": (
        "Lijn: voortschrijdend 12-maands cijfer; stippellijn: doel van dat jaar. Staven: aantal per maand "
        "(lichte staaf = lopende, onvolledige maand); streepje: zelfde maand vorig jaar.",
        "Line: rolling 12-month figure; dashed: that year's target. Bars: count per month (light bar = running, "
        "incomplete month); tick: same month last year.",
    ),
    "breakdown": ("Verdeling naar soort", "Breakdown by type"),
    "changed_most": ("Buurten met de grootste verandering", "Neighbourhoods that changed most"),
    "vs_last_year": ("t.o.v. vorig jaar", "vs last year"),
    "activities": ("Activiteiten uit het plan", "Plan activities"),
    "no_police_indicator": (
        "Dit thema heeft geen politie-indicator met maandcijfers.",
        "This theme has no police indicator with monthly figures.",
    ),
    "what": ("Wat", "What"),
    "category": ("Categorie", "Category"),
    "absolute": ("Absoluut", "Absolute"),
    "per_1000_short": ("Per 1.000 inwoners", "Per 1,000 inhabitants"),
    "level": ("Niveau", "Level"),
    "unit": ("Eenheid", "Unit"),
    "classes": ("Klassenindeling", "Classification"),
    "quantiles": ("Kwantielen", "Quantiles"),
    "natural_breaks": ("Natuurlijke grenzen", "Natural breaks"),
    "equal_interval": ("Gelijke intervallen", "Equal intervals"),
    "click_buurt": ("Klik op een buurt voor details.", "Click a neighbourhood for details."),
    "attention_outline": ("Oranje omlijning: aandachtsgebieden.", "Orange outline: special attention areas."),
    "detail": ("Detail", "Detail"),
    "city": ("Stad", "City"),
    "scenario_banner": (
        "SCENARIO – dit is een wat-als-berekening, niet het vastgestelde plan. Niets wordt opgeslagen.",
        "SCENARIO – this is a what-if calculation, not the adopted plan. Nothing is saved.",
    ),
    "plan_status": ("Status plan", "Status (plan)"),
    "scenario_status": ("Status scenario", "Status (scenario)"),
    "buurten_red": ("Buurten 'niet gehaald'/'risico'", "Neighbourhoods 'not met'/'at risk'"),
    "buurten_green": ("Buurten 'gehaald'/'op koers'", "Neighbourhoods 'met'/'on track'"),
    "reset": ("Terug naar het plan", "Back to the plan"),
    "share_link": ("Deel deze weergave: kopieer de adresregel.", "Share this view: copy the address bar."),
    "filter_theme": ("Thema", "Theme"),
    "filter_lead": ("Trekker", "Lead"),
    "filter_term": ("Termijn", "Term"),
    "filter_status": ("Status", "Status"),
    "count_actions": ("Aantal acties", "Number of actions"),
    "loaded": ("Geladen data", "Loaded data"),
    "definitions": ("Definities van de indicatoren", "Indicator definitions"),
    "rank": ("Rang", "Rank"),
    "peer_none": ("Geen vergelijkingscijfers voor deze indicator.", "No comparison figures for this indicator."),
    "next": ("Volgende", "Next"),
    "previous": ("Vorige", "Previous"),
    "slide": ("Scherm", "Screen"),
    "reports": ("Rapporten", "Reports"),
    "report_kind": ("Rapport", "Report"),
    "report_driehoek": ("Driehoek (maand)", "Driehoek (month)"),
    "report_raad": ("Raad (kwartaal)", "Council (quarter)"),
    "format": ("Formaat", "Format"),
    "make_report": ("Maak rapport", "Make report"),
    "making_report": ("Rapport wordt gemaakt…", "Making the report…"),
    "download": ("Download", "Download"),
    "login": ("Inloggen", "Log in"),
    "login_oidc": ("Inloggen met gemeente-account", "Log in with municipal account"),
    "user": ("Gebruikersnaam", "User name"),
    "password": ("Wachtwoord", "Password"),
    "login_failed": ("Onbekende gebruiker of onjuist wachtwoord.", "Unknown user or wrong password."),
    "login_throttled": (
        "Te veel mislukte pogingen: probeer het over {seconds} seconden opnieuw.",
        "Too many failed attempts: try again in {seconds} seconds.",
    ),
    "logout": ("Uitloggen", "Log out"),
    "role": ("Rol", "Role"),
    "audit": ("Auditlog", "Audit log"),
    "restricted_detail": (
        "Maandcijfers en de verdeling naar soort zijn voor uw rol alleen op gemeenteniveau beschikbaar "
        "(kleine aantallen worden afgeschermd).",
        "Monthly figures and the breakdown by type are available to your role at city level only "
        "(small counts are suppressed).",
    ),
    "denied": ("Niet beschikbaar voor uw rol", "Not available for your role"),
}


def t(key: str, lang: str = "nl", **kwargs) -> str:
    """The text for ``key`` in ``lang`` (Dutch when unknown), with ``{placeholders}`` filled."""
    nl, en = TEXTS[key]
    text = en if lang == "en" else nl
    return text.format(**kwargs) if kwargs else text
