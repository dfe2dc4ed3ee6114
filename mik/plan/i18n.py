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
    "scope_note_wijk": (
        "Uw rol ziet {areas}; de rest van de stad alleen op gemeenteniveau.",
        "Your role sees {areas}; the rest of the city at the level of the municipality only.",
    ),
    "scope_note_buurt": (
        "Uw rol ziet {areas} en de buurten daarin; de rest van de stad alleen op gemeenteniveau.",
        "Your role sees {areas} and the neighbourhoods in them; the rest of the city at the level of the "
        "municipality only.",
    ),
    "scope_missing": (
        "De wijken van uw rol ({codes}) staan niet in de geladen gebiedsindeling: u ziet alleen de gemeente. "
        "Vraag de beheerder de rol in config.toml bij te werken.",
        "Your role's districts ({codes}) are not in the loaded boundaries: you see the municipality only. Ask the "
        "administrator to update the role in config.toml.",
    ),
    "map_no_own_areas": (
        "De wijken van uw rol staan niet in de geladen gebiedsindeling: er is niets om op de kaart te tonen.",
        "Your role's districts are not in the loaded boundaries: there is nothing to show on the map.",
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
    "whatif_keeps_plan": ("het plan ({value}) blijft staan", "the plan's value ({value}) stays"),
    "headline_before": ("Een jaar eerder ({period})", "A year before ({period})"),
    "headline_none": (
        "Nog geen politiecijfers (misdrijven) geladen: importeer een CBS/Politie-tabel of de maandexport.",
        "No police figures (crimes) loaded yet: import a CBS/Politie table or the monthly export.",
    ),
    "headline_source": (
        "Bron: {source} · periode {period} · {population}",
        "Source: {source} · period {period} · {population}",
    ),
    "headline_population": ("bevolking 1 januari {pyear}{nearest}", "population 1 January {pyear}{nearest}"),
    "headline_no_population": (
        "geen inwonertallen geladen (per 1.000 inwoners kan niet)",
        "no inhabitants loaded (no rate per 1,000)",
    ),
    "headline_unreported": (
        "⚠ {n} buurt(en) zonder gepubliceerd cijfer in {period} (CBS laat kleine aantallen leeg): dit totaal is "
        "onvolledig, daarom geen verandering.",
        "⚠ {n} neighbourhood(s) without a published figure in {period} (CBS leaves small counts empty): this total "
        "is incomplete, so no change is shown.",
    ),
    "headline_hidden": ("afgeschermd (klein aantal)", "suppressed (small count)"),
    "nearest_year": (" (dichtstbijzijnde jaar)", " (nearest year)"),
    "changes_no_year_before": (
        "Nog geen vergelijking: voor {period}, een jaar eerder, zijn geen cijfers geladen.",
        "No comparison yet: no figures are loaded for {period}, a year earlier.",
    ),
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
    "published": (
        "Gepubliceerd. Iedereen ziet de nieuwe cijfers bij de volgende klik, zodra ze zijn berekend (meestal "
        "binnen enkele seconden).",
        "Published. Everyone sees the new figures on their next click, once they are computed (usually "
        "within seconds).",
    ),
    "import_refused": ("Geweigerd, er is niets veranderd", "Refused, nothing changed"),
    "import_crashed": (
        "{file} kon niet worden gelezen ({error}); er is niets veranderd. De fout staat in het serverlog en "
        "het auditlog.",
        "{file} could not be read ({error}); nothing changed. The error is in the server log and the audit log.",
    ),
    "db_unreadable": (
        "De cijfers kunnen nu niet worden gelezen: de database {db} is beschadigd of ontbreekt. "
        "De beheerder ziet de oorzaak met `python -m mik health` en kan de vorige versie terugzetten met "
        "`python -m mik rollback`.",
        "The figures cannot be read now: the database {db} is damaged or missing. The "
        "administrator sees why with `python -m mik health` and can publish the previous version again "
        "with `python -m mik rollback`.",
    ),
    "versions_title": ("Eerdere versies", "Earlier versions"),
    "versions_none": (
        "Nog geen eerdere versies: elke publicatie bewaart de database die zij vervangt.",
        "No earlier versions yet: every publish keeps the database it replaces.",
    ),
    "versions_how": (
        "Elke publicatie bewaart de database die zij vervangt (de nieuwste {keep}). Zet er een terug als "
        "een gepubliceerd bestand onjuist bleek; de huidige wordt dan zelf een versie.",
        "Every publish keeps the database it replaces (the newest {keep}). Restore one when a published "
        "file proved wrong; the current one then becomes a version itself.",
    ),
    "version": ("Versie", "Version"),
    "version_replaced_at": ("Vervangen op", "Replaced at"),
    "version_replaced_by": ("Vervangen door", "Replaced by"),
    "version_replaced_rollback": ("terugzetten van versie {number}", "restoring version {number}"),
    "version_newest_import": ("Nieuwste import erin", "Newest import in it"),
    "version_choose": ("Versie om terug te zetten", "Version to restore"),
    "version_restore": ("Zet versie {number} terug", "Restore version {number}"),
    "version_restored": (
        "Versie {number} is weer gepubliceerd; de vervangen database is bewaard als versie {saved}.",
        "Version {number} is published again; the database it replaced is kept as version {saved}.",
    ),
    "table": ("Tabel", "Table"),
    "checked": (
        "{file} is gecontroleerd op een kopie: dit verandert er als u publiceert.",
        "{file} was checked on a copy: this is what publishing changes.",
    ),
    "difference": ("Verschil", "Difference"),
    "table_registrations": ("Registraties", "Registrations"),
    "table_lineage": ("Herkomst (geladen bestanden)", "Lineage (loaded files)"),
    "table_registration_points": ("Registraties op straatniveau (punten)", "Street-level registrations (points)"),
    "table_denominators": ("Extra noemers (bezoekers, studenten)", "Extra denominators (visitors, students)"),
    "table_categories": ("Categorieën", "Categories"),
    "table_areas": ("Gebieden", "Areas"),
    "table_population": ("Bevolking", "Population"),
    "table_area_context": ("Kerncijfers per gebied", "Key figures per area"),
    "table_peer_figures": ("Vergelijkingscijfers", "Peer figures"),
    "table_survey_results": ("Veiligheidsmonitor", "Safety survey"),
    "table_activities": ("Activiteiten", "Activities"),
    "table_attention_areas": ("Aandachtsgebieden", "Attention areas"),
    "table_activity_status": ("Status van activiteiten", "Activity status"),
    "before": ("Rijen voor", "Rows before"),
    "after": ("Rijen na", "Rows after"),
    "kind_boundaries": ("Gebiedsgrenzen (PDOK/CBS)", "Boundaries (PDOK/CBS)"),
    "kind_population": ("Bevolking (CBS kerncijfers)", "Population (CBS key figures)"),
    "kind_crime": ("Misdrijven (politie-maandexport, CBS 47018NED)", "Crimes (police monthly export, CBS 47018NED)"),
    "kind_survey": ("Veiligheidsmonitor", "Safety survey"),
    "kind_peers": ("Vergelijkingsgemeenten (StatLine)", "Peer municipalities (StatLine)"),
    "kind_activities": ("Activiteiten van het plan", "Plan activities"),
    "kind_denominators": (
        "Extra noemers: bezoekers, studenten, pendelaars",
        "Extra denominators: visitors, students, commuters",
    ),
    "yearly_title": ("Jaarcijfers", "Yearly figures"),
    "yearly_note": (
        "Alleen jaarcijfers geladen (geen maandcijfers): staven per jaar; stippellijn: doel van dat jaar.",
        "Only yearly figures loaded (no monthly figures): bars per year; dashed: that year's target.",
    ),
    "yearly_note_no_target": (
        "Alleen jaarcijfers geladen (geen maandcijfers): staven per jaar. Het plan stelt voor deze jaren geen doel.",
        "Only yearly figures loaded (no monthly figures): bars per year. The plan sets no target for these years.",
    ),
    "trend_note_line": (
        "Lijn: voortschrijdend 12-maands cijfer; stippellijn: doel van dat jaar.",
        "Line: rolling 12-month figure; dashed: that year's target.",
    ),
    "trend_note_line_no_target": (
        "Lijn: voortschrijdend 12-maands cijfer (het plan stelt voor deze maanden geen doel).",
        "Line: rolling 12-month figure (the plan sets no target for these months).",
    ),
    "trend_note_no_line": (
        "Een voortschrijdend 12-maands cijfer vraagt 12 maanden cijfers; er zijn er nog minder geladen.",
        "A rolling 12-month figure needs 12 months of figures; fewer are loaded yet.",
    ),
    "trend_note_bars": (
        "Staven: aantal per maand (lichte staaf = lopende, onvolledige maand).",
        "Bars: count per month (light bar = running, incomplete month).",
    ),
    "trend_note_tick": ("Streepje: zelfde maand vorig jaar.", "Tick: same month last year."),
    "indicator_no_data": (
        "Voor {name} zijn geen cijfers geladen: de politiecijfers die er zijn, gaan over andere soorten "
        "misdrijven ({loaded}). De codes die deze indicator telt staan onder 'Hoe berekend?'.",
        "No figures are loaded for {name}: the police figures loaded are of other kinds of crime ({loaded}). "
        "The codes this indicator counts are under 'How computed?'.",
    ),
    "loaded_codes": ("geladen codes", "codes loaded"),
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
    "card_no_target": ("Geen doel voor {year}", "No target for {year}"),
    "card_projection": ("Prognose jaareinde {year}", "Year-end projection {year}"),
    "card_so_far": ("Tot nu toe ({period}): {value}", "So far ({period}): {value}"),
    "card_no_measurement": ("Geen meting in {period}", "No measurement in {period}"),
    "card_no_figures": ("Geen cijfers voor {period}", "No figures for {period}"),
    "card_change": ("{pct}% t.o.v. {period}", "{pct}% against {period}"),
    "card_mean3": ("Gemiddelde {first}–{last}: {value}", "Mean {first}–{last}: {value}"),
    "how_computed": ("Hoe berekend?", "How computed?"),
    "how_computed_text": (
        "Dezelfde cijfers uit de database, met de bron, de periode en het bevolkingsjaar (docs/queries.md):",
        "The same figures from the database, with source, period and population year (docs/queries.md):",
    ),
    "card_no_police_rows": (
        "Niet in de geladen politiecijfers (zie Data en bronnen)",
        "Not in the police figures loaded (see Data and sources)",
    ),
    "meeting_basic": (
        "Basismonitor zonder doelen: elke kaart vergelijkt met dezelfde periode een jaar eerder (getoetst) en "
        "met het gemiddelde van de drie jaren daarvoor.",
        "Basic monitor without targets: each card compares with the same period a year before (tested) and "
        "with the mean of the three years before.",
    ),
    "no_population_map": (
        "Alleen aantallen: voor cijfers per 1.000 inwoners zijn inwonertallen per buurt nodig (CBS-kerncijfers, "
        "zie Data en bronnen).",
        "Counts only: rates per 1,000 inhabitants need inhabitants per buurt (CBS key figures, see Data and sources).",
    ),
    "card_incomplete": (
        "Geen verandering: {n} buurt(en) zonder gepubliceerd cijfer in {period}",
        "No change: {n} neighbourhood(s) without a published figure in {period}",
    ),
    "card_no_figures_short": ("geen cijfers", "no figures"),
    "card_no_change_short": ("geen vergelijking", "no comparison"),
    "card_in_development": ("Indicator in ontwikkeling", "Indicator being developed"),
    "card_latest": ("Laatste meting ({year}): {value}", "Latest measurement ({year}): {value}"),
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
    "breakdown": ("Verdeling naar soort", "Breakdown by type"),
    "changed_most": ("Buurten: de duidelijkste veranderingen", "Neighbourhoods: the clearest changes"),
    "changed_most_wijk": ("Wijken: de duidelijkste veranderingen", "Districts: the clearest changes"),
    "changes_method": (
        "Gerangschikt op bewijs, niet op procenten: elke verandering is getoetst met een exacte toets voor twee "
        "aantallen die rekening houdt met de gewone schommeling van jaar tot jaar; de q-waarde houdt rekening met "
        "alle getoetste combinaties (Benjamini-Hochberg). Onder 0,05 heet een verandering significant, anders valt "
        "ze binnen de toevalsmarge.",
        "Ranked by evidence, not by percentage: every change is tested with an exact test for two counts that "
        "allows for the usual variation from year to year; the q-value accounts for all combinations tested "
        "(Benjamini-Hochberg). Below 0.05 a change is called significant, otherwise it is within the margin of "
        "chance.",
    ),
    "changes_variation": (
        "Die schommeling is geschat uit de getoetste combinaties zelf: aantallen wisselen hier van jaar tot jaar "
        "ongeveer ±{variation}% meer dan toeval alleen.",
        "That variation is estimated from the combinations tested: counts here vary from year to year by about "
        "±{variation}% more than chance alone.",
    ),
    "changes_short": (
        "Op bewijs gerangschikt; de toets houdt rekening met de gewone schommeling van jaar tot jaar (hier "
        "±{variation}% bovenop toeval). Uitleg: 'Opvallende signalen'.",
        "Ranked by evidence; the test allows for the usual variation from year to year (here ±{variation}% "
        "beyond chance). Explained under 'Notable signals'.",
    ),
    "changes_short_none": (
        "Op bewijs gerangschikt; de aantallen wisselen hier niet meer dan toeval alleen. Uitleg: 'Opvallende "
        "signalen'.",
        "Ranked by evidence; counts here vary no more than chance alone. Explained under 'Notable signals'.",
    ),
    "changes_variation_none": (
        "Die schommeling is geschat uit de getoetste combinaties zelf: hier wisselen de aantallen niet meer dan "
        "toeval alleen.",
        "That variation is estimated from the combinations tested: here counts vary no more than chance alone.",
    ),
    "changes_variation_unknown": (
        "Te weinig combinaties om die schommeling te schatten: getoetst als gewone (Poisson-)aantallen.",
        "Too few combinations to estimate that variation: tested as plain (Poisson) counts.",
    ),
    "vs_last_year": ("t.o.v. vorig jaar", "vs last year"),
    "activities": ("Activiteiten uit het plan", "Plan activities"),
    "duiding": ("Duiding", "Interpretation"),
    "duiding_err_month": ("geen maand: {month!r} (verwacht JJJJ-MM)", "not a month: {month!r} (expected YYYY-MM)"),
    "duiding_err_empty": ("de tekst is leeg", "the text is empty"),
    "duiding_err_long": ("de tekst is {n} tekens; het maximum is {most}", "the text is {n} characters; at most {most}"),
    "duiding_err_small": (
        "de tekst noemt kleine getallen ({numbers}): rollen die aantallen onder {threshold} afgeschermd zien, "
        "lezen deze tekst ook. Noem geen aantal personen of delicten onder {threshold}; gaat het om iets anders "
        "(3 wijken, week 2), vink dan 'Gecontroleerd op kleine aantallen' aan en sla opnieuw op.",
        "the text names small numbers ({numbers}): roles that see counts below {threshold} hidden read this text "
        "too. Name no count of people or offences below {threshold}; if it is something else (3 wijken, week 2), "
        "tick 'Checked for small counts' and save again.",
    ),
    "duiding_checked": ("Gecontroleerd op kleine aantallen", "Checked for small counts"),
    "duiding_checked_help": (
        "Aanvinken als de tekst getallen onder de drempel noemt die geen aantal personen of delicten zijn.",
        "Tick when the text names numbers below the threshold that are no count of people or offences.",
    ),
    "duiding_err_level": ("onbekend niveau {level!r}", "unknown level {level!r}"),
    "duiding_err_unseen": ("de rol {role} ziet het niveau {level} niet", "the role {role} does not see level {level}"),
    "duiding_err_write": (
        "de rol {role} mag geen duiding schrijven",
        "the role {role} may not write an interpretation",
    ),
    "duiding_err_remark": ("de rol {role} mag geen opmerking plaatsen", "the role {role} may not add a remark"),
    "duiding_err_final": (
        "de rol {role} mag een duiding niet definitief maken",
        "the role {role} may not make an interpretation final",
    ),
    "duiding_err_nothing": ("er is nog geen duiding om op te reageren", "there is no interpretation yet"),
    "duiding_err_conflict": (
        "intussen is versie {current} opgeslagen (u schreef op versie {base}); lees die eerst, uw tekst is niet "
        "opgeslagen",
        "version {current} was saved meanwhile (you wrote on version {base}); read it first, your text is not saved",
    ),
    "duiding_err_newer": (
        "intussen is versie {current} opgeslagen; lees die eerst",
        "version {current} was saved meanwhile; read it first",
    ),
    "duiding_err_already": ("versie {current} is al definitief", "version {current} is already final"),
    "factsheet": ("Factsheet", "Factsheet"),
    "factsheet_figures": ("Cijfers tegen de stad", "Figures against the city"),
    "factsheet_figures_intro": (
        "Geregistreerde misdrijven en incidenten per indicator van het plan, {period}. Index: het cijfer per "
        "1.000 inwoners van het gebied tegen dat van de stad (stad = 100; boven 100 is meer dan in de stad).",
        "Registered crimes and incidents per indicator of the plan, {period}. Index: the area's figure per 1,000 "
        "inhabitants against the city's (city = 100; above 100 is more than in the city).",
    ),
    "factsheet_no_population": (
        "Er zijn geen inwonertallen geladen: alleen aantallen, geen cijfers per 1.000 inwoners en geen index.",
        "No inhabitants are loaded: counts only, no figures per 1,000 inhabitants and no index.",
    ),
    "factsheet_no_police": (
        "Geen politiecijfers: het plan heeft geen indicator uit politiecijfers met geladen gegevens.",
        "No police figures: the plan has no police indicator with data loaded.",
    ),
    "factsheet_dash": (
        "–: voor deze periode zijn geen cijfers van deze soort geladen.",
        "–: no figures of this kind are loaded for this period.",
    ),
    "factsheet_rate_here": ("Per 1.000 inwoners (gebied)", "Per 1,000 inhabitants (area)"),
    "factsheet_rate_city": ("Per 1.000 inwoners (stad)", "Per 1,000 inhabitants (city)"),
    "factsheet_index": ("Index (stad = 100)", "Index (city = 100)"),
    "factsheet_trend": ("Trend per jaar", "Trend per year"),
    "factsheet_trend_chart": ("{name}: gebied en stad per jaar", "{name}: area and city per year"),
    "factsheet_trend_intro": (
        "{name} per heel jaar ({years}), het gebied naast de stad.",
        "{name} per whole year ({years}), the area beside the city.",
    ),
    "factsheet_no_trend": (
        "Geen trend: voor {name} is in dit gebied geen heel jaar geladen (of de aantallen zijn afgeschermd).",
        "No trend: no whole year of {name} is loaded for this area (or its counts are hidden).",
    ),
    "factsheet_signals": ("Signalen in {month}", "Signals in {month}"),
    "factsheet_signals_level": (
        "Signalen per {level} zijn er voor deze rol niet: die ziet maandcijfers per {level} niet zonder "
        "afscherming (zie de signalen van de hele stad in de driehoek-rapportage).",
        "There are no signals per {level} for this role: it does not see monthly counts per {level} "
        "unsuppressed (see the city's signals in the driehoek deck).",
    ),
    "factsheet_signals_none": (
        "Geen signalen in {name} in {month}: geen categorie lag boven de controlegrens.",
        "No signals in {name} in {month}: no category was above its control limit.",
    ),
    "perception": ("Cijfers en beleving per {level}", "Figures and perception per {level}"),
    "perception_intro": (
        "Politie: {police} ({year}). Beleving: {survey} (enquête {year}). Beide als index "
        "tegen de stad: de stad = 100, boven 100 is slechter dan de stad. De strepen zijn 95%-intervallen: "
        "bij de cijfers het toeval en de eigen schommeling van de aantallen van jaar tot jaar{variation}, bij "
        "de beleving de marge van de steekproef. Een {level} heet beter of slechter als het hele interval "
        "onder of boven 100 ligt.",
        "Police: {police} ({year}). Perception: {survey} (survey {year}). Both as an "
        "index against the city: the city = 100, above 100 is worse than the city. The bars are 95% intervals: "
        "for the figures chance and the counts' own variation from year to year{variation}, for perception "
        "the survey's margin. A {level} is called better or worse when the whole interval lies below or above "
        "100.",
    ),
    "perception_rate": (" per 1.000 inwoners", " per 1,000 inhabitants"),
    "perception_variation": (" (hier ±{pct} boven het toeval)", " (here ±{pct} beyond chance)"),
    "perception_objective": ("Volgens de cijfers", "By the figures"),
    "perception_subjective": ("Zoals beleefd", "As perceived"),
    "perception_axis": ("Index (stad = 100; boven 100 is slechter)", "Index (city = 100; above 100 is worse)"),
    "perception_index": ("Index", "Index"),
    "perception_worse": ("slechter dan de stad", "worse than the city"),
    "perception_better": ("beter dan de stad", "better than the city"),
    "perception_same": ("als de stad", "like the city"),
    "perception_safe_but_felt_unsafe": (
        "veilig volgens de cijfers, onveilig beleefd",
        "safe by the figures, unsafe as perceived",
    ),
    "perception_unsafe_but_felt_safe": (
        "onveilig volgens de cijfers, veilig beleefd",
        "unsafe by the figures, safe as perceived",
    ),
    "perception_line": (
        "{area}: {kind} (cijfers: index {obj}, interval {obj_low}–{obj_high}; beleving: index {subj}, "
        "interval {subj_low}–{subj_high}).",
        "{area}: {kind} (figures: index {obj}, interval {obj_low}–{obj_high}; perception: index {subj}, "
        "interval {subj_low}–{subj_high}).",
    ),
    "perception_none_divergent": (
        "In geen enkele {level} spreken cijfers en beleving elkaar tegen: waar de een beter of slechter is "
        "dan de stad, is de ander dat ook of valt binnen de marge.",
        "In no {level} do figures and perception contradict each other: where one is better or worse than "
        "the city, the other is too or lies within the margin.",
    ),
    "perception_no_pair": (
        "Dit thema heeft niet zowel een indicator uit politiecijfers als een uit de enquête: er is geen "
        "vergelijking van cijfers en beleving.",
        "This theme has not both a police indicator and a survey indicator: there is no comparison of figures "
        "and perception.",
    ),
    "perception_no_survey": (
        "Geen enquêteresultaten per wijk of buurt voor {survey} tot en met {year}: de vergelijking van "
        "cijfers en beleving heeft uitkomsten per wijk of buurt nodig (importeren: zie Data en bronnen).",
        "No survey results per wijk or buurt for {survey} up to {year}: comparing figures and perception "
        "needs results per wijk or buurt (to import them: see Data and sources).",
    ),
    "perception_no_police": (
        "De enquête van {year} heeft geen volledig jaar politiecijfers van deze indicator naast zich: de "
        "vergelijking kan pas als dat jaar met zijn categorieën geladen is.",
        "The {year} survey has no complete year of this indicator's police figures beside it: the comparison "
        "needs that year loaded with its categories.",
    ),
    "perception_no_population": (
        "Zonder inwonertallen geen cijfers per 1.000 inwoners, en dus geen index per gebied: importeer de "
        "bevolking (CBS) om cijfers en beleving te vergelijken.",
        "Without inhabitants no figures per 1,000 inhabitants, so no index per area: import the population "
        "(CBS) to compare figures and perception.",
    ),
    "perception_not_own": (
        "De enquête van {year} heeft geen uitkomsten voor de wijken van uw rol of hun buurten; de rest van de "
        "stad ziet uw rol alleen op gemeenteniveau.",
        "The {year} survey has no results for your role's districts or their neighbourhoods; your role sees the "
        "rest of the city at the level of the municipality only.",
    ),
    "col_obj_index": ("Index cijfers", "Index figures"),
    "col_subj_index": ("Index beleving", "Index perception"),
    "col_obj_interval": ("Cijfers: 95%-interval", "Figures: 95% interval"),
    "col_subj_interval": ("Beleving: 95%-interval", "Perception: 95% interval"),
    "col_objective": ("Cijfers t.o.v. de stad", "Figures vs the city"),
    "col_subjective": ("Beleving t.o.v. de stad", "Perception vs the city"),
    "doc_duiding_title": ("{theme}: duiding", "{theme}: interpretation"),
    "doc_duiding_theme": ("Duiding", "Interpretation"),
    "doc_duiding_signal": ("Duiding bij het signaal {label}", "Interpretation of the signal {label}"),
    "doc_duiding_line": (
        "{about}, {month} (definitief; {role}, {date}): {text}",
        "{about}, {month} (final; {role}, {date}): {text}",
    ),
    "doc_duiding_remark": ("Opmerking {role} ({date}): {text}", "Remark {role} ({date}): {text}"),
    "duiding_month": ("Maand van de duiding", "Month of the interpretation"),
    "duiding_unreadable": (
        "De duiding kan nu niet worden gelezen: het bestand naast de database (het auditlog) is niet leesbaar. "
        "De beheerder ziet de oorzaak met `python -m mik health`.",
        "The interpretation cannot be read now: the file beside the database (the audit log) is unreadable. "
        "The administrator sees why with `python -m mik health`.",
    ),
    "duiding_no_months": (
        "Nog geen duiding mogelijk: er zijn nog geen volledige maanden met cijfers geladen.",
        "No interpretation yet: no complete month of figures is loaded.",
    ),
    "duiding_none": (
        "Voor {month} is er (voor uw rol) nog geen duiding van dit thema.",
        "There is no interpretation of this theme for {month} yet (for your role).",
    ),
    "duiding_theme": ("Het thema", "The theme"),
    "duiding_final": ("Definitief", "Final"),
    "duiding_concept": ("Concept", "Draft"),
    "duiding_by": (
        "Versie {version} · {role} · {date} · over niveau {level}",
        "Version {version} · {role} · {date} · about level {level}",
    ),
    "duiding_final_on": ("definitief gemaakt op {date}", "made final on {date}"),
    "duiding_remark_by": ("Opmerking {role}, {date}", "Remark {role}, {date}"),
    "duiding_history": ("Eerdere versies ({n})", "Earlier versions ({n})"),
    "duiding_version": ("Versie {version}", "Version {version}"),
    "duiding_write": ("Duiding schrijven of bijwerken", "Write or update the interpretation"),
    "duiding_about": ("Over", "About"),
    "duiding_level": ("Niveau waarover de tekst gaat", "Level the text speaks about"),
    "duiding_level_help": (
        "Alleen rollen die dit niveau mogen zien, lezen de duiding. Noem geen aantallen onder de "
        "drempel per buurt of straat in een tekst voor gemeente- of wijkniveau.",
        "Only roles that may see this level read the interpretation. Do not name counts below the "
        "threshold per buurt or street in a text for gemeente or wijk level.",
    ),
    "duiding_text": ("Duiding (kort, met de partners afgestemd)", "Interpretation (short, agreed with partners)"),
    "duiding_text_help": (
        "Wat zeggen de cijfers, wat weten de partners, wat stellen we voor? Elke opslag is een nieuwe versie.",
        "What do the figures say, what do the partners know, what do we propose? Every save is a new version.",
    ),
    "duiding_save": ("Opslaan als versie {version}", "Save as version {version}"),
    "duiding_saved": ("Versie {version} is opgeslagen (concept).", "Version {version} is saved (draft)."),
    "duiding_finalize": ("Versie {version} definitief maken", "Make version {version} final"),
    "duiding_finalized": (
        "Versie {version} is definitief: hij staat in de presentatie en de rapportages van deze periode.",
        "Version {version} is final: it is in presentation mode and this period's reports.",
    ),
    "duiding_remark_on": ("Opmerking bij", "Remark on"),
    "duiding_remark": ("Opmerking", "Remark"),
    "duiding_remark_add": ("Opmerking plaatsen", "Add remark"),
    "duiding_remarked": ("Uw opmerking is geplaatst.", "Your remark is added."),
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
        "SCENARIO – dit is een wat-als-berekening, niet het vastgestelde plan. Niets wordt opgeslagen, tenzij "
        "een planeigenaar het scenario als plan vastlegt.",
        "SCENARIO – this is a what-if calculation, not the adopted plan. Nothing is saved unless a plan owner "
        "makes the scenario the plan.",
    ),
    "plan_status": ("Status plan", "Status (plan)"),
    "scenario_status": ("Status scenario", "Status (scenario)"),
    "buurten_red": ("Buurten 'niet gehaald'/'risico'", "Neighbourhoods 'not met'/'at risk'"),
    "buurten_green": ("Buurten 'gehaald'/'op koers'", "Neighbourhoods 'met'/'on track'"),
    "wijken_red": ("Wijken 'niet gehaald'/'risico'", "Districts 'not met'/'at risk'"),
    "wijken_green": ("Wijken 'gehaald'/'op koers'", "Districts 'met'/'on track'"),
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
    "report_factsheet": ("Factsheet van een wijk of buurt", "Factsheet of a wijk or buurt"),
    "factsheet_area": ("Wijk of buurt", "Wijk or buurt"),
    "format": ("Formaat", "Format"),
    "make_report": ("Maak rapport", "Make report"),
    "login_audit_store": (
        "Inloggen kan nu niet: het auditlog op de server is beschadigd, en geen inlog blijft ongelogd. De "
        "beheerder ziet de reden met `python -m mik audit`.",
        "Logging in is not possible now: the audit log on the server is damaged, and no login goes unlogged. "
        "The administrator sees why with `python -m mik audit`.",
    ),
    "login_direct": (
        "Inloggen kan alleen via het adres van de server, niet rechtstreeks bij een van zijn processen.",
        "Log in through the server's address, not straight at one of its processes.",
    ),
    "login_users_file": (
        "Inloggen kan nu niet: de lijst met gebruikers op de server is beschadigd. De beheerder ziet de reden "
        "in het auditlog en met `python -m mik users list`.",
        "Logging in is not possible now: the list of users on the server is damaged. The administrator sees "
        "why in the audit log and with `python -m mik users list`.",
    ),
    "report_choice_changed": (
        "De keuze is veranderd sinds het laatste rapport: kies 'Maak rapport' voor dit rapport.",
        "The choice has changed since the last report: choose 'Make report' for this one.",
    ),
    "making_report": ("Rapport wordt gemaakt…", "Making the report…"),
    "download": ("Download", "Download"),
    "download_excel": ("Download als Excel", "Download as Excel"),
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
    "plan_page": ("Plan", "Plan"),
    "no_police_figures": (
        "Er zijn nog geen politiecijfers geladen: importeer CBS/Politie 47018NED of 47022NED, of de maandexport "
        "van de politie (Data bijwerken, of `python -m mik import crime BESTAND`).",
        "No police figures are loaded yet: import CBS/Politie 47018NED or 47022NED, or the police's monthly "
        "export (Update data, or `python -m mik import crime FILE`).",
    ),
    "whatif_no_targets": (
        "Wat als verandert de doelwaarden van het plan, en het plan stelt voor {year} geen doel met een "
        "doelwaarde (planjaren: {years}). Kies een planjaar, of zet doelen op de pagina Plan (planeigenaar of beheer).",
        "What if changes the plan's target values, and the plan sets no target with a value for {year} (plan "
        "years: {years}). Choose a plan year, or set targets on the Plan page (plan owner or admin).",
    ),
    "reports_no_data": (
        "De rapporten volgen de maand en het kwartaal van de politiecijfers, en die zijn nog niet geladen: "
        "importeer CBS/Politie 47018NED of 47022NED, of de maandexport van de politie.",
        "The reports follow the month and quarter of the police figures, and none are loaded yet: import "
        "CBS/Politie 47018NED or 47022NED, or the police's monthly export.",
    ),
    "no_whole_year": (
        "Onder gemeenteniveau ziet uw rol alleen hele kalenderjaren, en de geladen politiecijfers ({first} tot "
        "en met {stand}) beslaan nog geen heel jaar. Kies het niveau gemeente, of wacht tot het jaar compleet is.",
        "Below the gemeente your role sees whole calendar years only, and the police figures loaded ({first} "
        "to {stand}) cover no whole year yet. Choose the gemeente level, or wait until the year is complete.",
    ),
    "plan_intro": (
        "Het plan van deze installatie: planjaren, doelen per indicator en welke indicatoren meetellen. "
        "Elke opslag is een nieuwe versie; elke eerdere versie kan worden teruggezet. Het bestand: {file}.",
        "This installation's plan: plan years, targets per indicator and which indicators count. "
        "Every save is a new version; any earlier version can be restored. The file: {file}.",
    ),
    "plan_version_now": (
        "Nu geldt versie {n}, opgeslagen op {when} UTC door {user} ({role}).",
        "Version {n} applies, saved on {when} UTC by {user} ({role}).",
    ),
    "plan_version_none": (
        "Het plan is nog niet in MIK gewijzigd: het geldt zoals het bestand is geschreven.",
        "The plan has not been changed in MIK yet: it applies as the file was written.",
    ),
    "plan_no_years": (
        "Het plan heeft nog geen planjaren (een basismonitor zonder doelen). Voeg een jaar toe om er doelen "
        "voor te zetten.",
        "The plan has no plan years yet (a basic monitor without targets). Add a year to set targets for it.",
    ),
    "plan_years": ("Planjaren", "Plan years"),
    "plan_add_year": ("Planjaar toevoegen", "Add a plan year"),
    "plan_new_year": ("Nieuw planjaar", "New plan year"),
    "plan_copy_targets": ("Doelen van {year} overnemen", "Copy the targets of {year}"),
    "plan_year": ("Planjaar", "Plan year"),
    "plan_targets_of": ("Doelen voor {year}", "Targets for {year}"),
    "plan_set_target": ("Doel zetten of wijzigen", "Set or change a target"),
    "plan_target_form": ("Soort doel", "Kind of target"),
    "plan_form_none": ("Geen doel", "No target"),
    "plan_form_absolute": ("Vaste waarde", "Fixed value"),
    "plan_form_baseline": ("Ten opzichte van de nulmeting", "Relative to the baseline"),
    "plan_form_peer": ("Ten opzichte van een vergelijkingsgroep", "Relative to a peer group"),
    "plan_comparator": ("Vergelijking", "Comparison"),
    "plan_threshold": ("Doelwaarde ({unit})", "Target value ({unit})"),
    "plan_change": ("Verandering t.o.v. de nulmeting, in % (bijv. -10)", "Change from the baseline, in % (e.g. -10)"),
    "plan_baseline_year": ("Jaar van de nulmeting", "Year of the baseline"),
    "plan_baseline_value": ("Nulmeting ({unit})", "Baseline ({unit})"),
    "plan_unit_percent": ("%", "%"),
    "plan_unit_per_1000": ("per 1.000 inwoners", "per 1,000 inhabitants"),
    "plan_unit_score": ("cijfer", "score"),
    "plan_unit_count": ("aantal", "count"),
    "plan_peer": ("Vergelijkingsgroep", "Peer group"),
    "plan_where": ("Bron van het doel (waar het plan het vaststelt)", "Source of the target (where the plan sets it)"),
    "plan_where_default": ("ingevoerd op de Plan-pagina", "entered on the Plan page"),
    "plan_kind": ("Termijn", "Term"),
    "plan_kind_UP": ("Uitvoeringsplan (jaar)", "Implementation plan (year)"),
    "plan_kind_MJP": ("Meerjarenprogramma", "Multi-year programme"),
    "plan_save_target": ("Doel opslaan", "Save target"),
    "plan_switches": ("Indicatoren aan en uit", "Indicators on and off"),
    "plan_switches_help": (
        "Een uitgezette indicator staat op geen enkel scherm en in geen rapport; zijn doelen blijven bewaard.",
        "A switched-off indicator is on no screen and in no report; its targets are kept.",
    ),
    "plan_save_switches": ("Aan/uit opslaan", "Save on/off"),
    "plan_history": ("Versies", "Versions"),
    "plan_history_none": (
        "Nog geen versies: de eerste opslag bewaart ook het plan zoals het nu is.",
        "No versions yet: the first save keeps the plan as it is now too.",
    ),
    "plan_restore_which": ("Versie om terug te zetten", "Version to restore"),
    "plan_restore": ("Deze versie terugzetten", "Restore this version"),
    "plan_saved": ("Opgeslagen als versie {n}: {what}.", "Saved as version {n}: {what}."),
    "plan_unchanged": ("Niets gewijzigd: het plan is al zo.", "Nothing changed: the plan is like this already."),
    "plan_refused": ("Niet opgeslagen: {why}", "Not saved: {why}"),
    "plan_conflict": (
        "Niet opgeslagen: het plan is gewijzigd sinds u deze pagina opende ({who}). Bekijk het plan zoals het nu is "
        "en voer uw wijziging opnieuw in.",
        "Not saved: the plan was changed since you opened this page ({who}). Look at the plan as it is now and "
        "enter your change again.",
    ),
    "plan_edited_outside": ("buiten MIK bewerkt", "edited outside MIK"),
    "plan_col_indicator": ("Indicator", "Indicator"),
    "plan_col_theme": ("Thema", "Theme"),
    "plan_col_target": ("Doel", "Target"),
    "plan_col_where": ("Bron", "Source"),
    "plan_col_on": ("Telt mee", "Counts"),
    "plan_col_version": ("Versie", "Version"),
    "plan_col_saved": ("Opgeslagen (UTC)", "Saved (UTC)"),
    "plan_col_by": ("Door", "By"),
    "plan_col_change": ("Wijziging", "Change"),
    "plan_on": ("aan", "on"),
    "plan_off": ("uit", "off"),
    "plan_no_baseline_peer": (
        "Er is geen vergelijkingsgroep in het plan ([comparison]).",
        "The plan has no peer group ([comparison]).",
    ),
    "scenario_to_plan": ("Maak dit scenario het plan voor {year}", "Make this scenario the plan for {year}"),
    "scenario_to_plan_help": (
        "Slaat de doelwaarden hierboven op als de doelen van {year}: een nieuwe versie van het plan (zie Plan).",
        "Saves the thresholds above as the targets of {year}: a new version of the plan (see Plan).",
    ),
    "audit_kinds": ("Soort", "Kind"),
    "audit_all_kinds": ("Alle soorten", "All kinds"),
    "action_login": ("inloggen", "login"),
    "action_login_failed": ("mislukte inlog", "failed login"),
    "action_login_throttled": ("afgeremde inlog", "throttled login"),
    "action_logout": ("uitloggen", "logout"),
    "action_export": ("export of rapport", "export or report"),
    "action_import": ("import", "import"),
    "action_denied": ("geweigerd", "denied"),
    "action_plan": ("plan gewijzigd", "plan changed"),
    "action_rollback": ("eerdere versie teruggezet", "earlier version restored"),
    "action_duiding": ("duiding", "interpretation"),
    "audit_user": ("Gebruiker bevat", "User contains"),
    "audit_period": ("Periode (van – tot en met)", "Period (from – to)"),
    "audit_page": ("Pagina (van {pages}; {total} regels)", "Page (of {pages}; {total} lines)"),
    "audit_throttled": ("Afgeremde inlogpogingen per minuut", "Throttled login attempts per minute"),
    "col_minute": ("Minuut (UTC)", "Minute (UTC)"),
    "col_client": ("Adres", "Address"),
    "col_refused": ("Geweigerd", "Refused"),
    "restricted_detail": (
        "Maandcijfers en de verdeling naar soort zijn voor uw rol alleen op gemeenteniveau beschikbaar "
        "(kleine aantallen worden afgeschermd).",
        "Monthly figures and the breakdown by type are available to your role at city level only "
        "(small counts are suppressed).",
    ),
    "denied": ("Niet beschikbaar voor uw rol", "Not available for your role"),
    # column labels of tables (mik.views.tables)
    "yes": ("ja", "yes"),
    "no": ("nee", "no"),
    "col_loaded_at": ("Geladen op", "Loaded at"),
    "col_table": ("Gegevens", "Data"),
    "col_source": ("Bron", "Source"),
    "col_file": ("Bestand", "File"),
    "col_checksum": ("Controlegetal (SHA-256)", "Checksum (SHA-256)"),
    "col_source_table": ("Brontabel", "Source table"),
    "col_period_start": ("Periode vanaf", "Period from"),
    "col_period_end": ("Periode tot", "Period until"),
    "col_rows": ("Rijen", "Rows"),
    "col_synthetic": ("Synthetisch", "Synthetic"),
    "col_note": ("Opmerking", "Note"),
    "col_nr": ("Nr.", "No."),
    "col_theme": ("Thema", "Theme"),
    "col_item": ("Onderdeel", "Item"),
    "col_description": ("Omschrijving", "Description"),
    "col_term": ("Termijn", "Term"),
    "col_parties": ("Partijen", "Parties"),
    "col_lead": ("Trekker", "Lead"),
    "col_status": ("Status", "Status"),
    "col_status_date": ("Status per", "Status as of"),
    "col_total": ("Totaal", "Total"),
    "col_logged_at": ("Tijdstip", "Time"),
    "col_user": ("Gebruiker", "User"),
    "col_role": ("Rol", "Role"),
    "col_action": ("Actie", "Action"),
    "col_detail": ("Toelichting", "Detail"),
    "col_indicator": ("Indicator", "Indicator"),
    "col_unit": ("Eenheid", "Unit"),
    "col_direction": ("Beter is", "Better is"),
    "col_definition": ("Definitie", "Definition"),
    "col_categories": ("Categorieën", "Categories"),
    "col_code": ("Code", "Code"),
    "col_category": ("Categorie", "Category"),
    "col_count": ("Aantal", "Count"),
    "col_count_last_year": ("Aantal jaar eerder", "Count a year before"),
    "col_count_then": ("Aantal (jaar eerder)", "Count (year before)"),
    "col_change": ("Verschil", "Difference"),
    "col_change_pct": ("Verandering", "Change"),
    "col_significance": ("Toets", "Test"),
    "peer_other_year": (
        "Geen vergelijkingscijfers tot en met {year}; getoond: {shown}, het nieuwste jaar met cijfers.",
        "No comparison figures up to {year}; shown: {shown}, the newest year with figures.",
    ),
    "compare_with": ("Vergelijken met", "Compare with"),
    "compare_plan": ("Referentiegemeenten uit het plan", "The plan's reference municipalities"),
    "compare_similar": ("Vergelijkbare gemeenten", "Similar municipalities"),
    "similar_note": (
        "Vergelijkbare gemeenten: de zes gemeenten die het meest op de stad lijken naar {features} "
        "(afstand op gestandaardiseerde kenmerken), naast het G32/G40-gemiddelde.",
        "Similar municipalities: the six most like the city by {features} (distance on standardised "
        "features), beside the G32/G40 average.",
    ),
    "feature_size": ("omvang (inwoners)", "size (inhabitants)"),
    "feature_urbanity": ("stedelijkheid (dichtheid)", "urbanity (density)"),
    "feature_tourism": ("bezoekers per inwoner", "visitors per inhabitant"),
    "context_title": ("Context: waarom verschilt {city}?", "Context: why does {city} differ?"),
    "context_none": (
        "Geen context geladen: importeer extra noemers (overnachtingen, dagbezoeken, studenten, pendelaars) per "
        "gemeente met python -m mik import denominators BESTAND om te zien hoeveel mensen er zijn die er niet wonen.",
        "No context loaded: import extra denominators (overnight stays, day visits, students, commuters) per "
        "municipality with python -m mik import denominators FILE to see how many people are there who do not "
        "live there.",
    ),
    "context_sentence": (
        "{city} heeft **{visitors} bezoekers op 1.000 inwoners** (aanwezig als persoonsjaren: toeristen, "
        "dagjesmensen, studenten, pendelaars); de vergeleken gemeenten {low} tot {high}. Per 1.000 inwoners telt "
        "de stad ook de misdrijven tegen en door bezoekers, die niet in de noemer zitten; 'Per 1.000 inwoners en "
        "bezoekers' telt hen mee.",
        "{city} has **{visitors} visitors per 1,000 inhabitants** (present as person-years: tourists, day "
        "visitors, students, commuters); the municipalities compared {low} to {high}. Per 1,000 inhabitants the "
        "city also counts crimes against and by visitors, who are not in the denominator; 'Per 1,000 inhabitants "
        "and visitors' counts them in.",
    ),
    "context_note": (
        "Bezoekers per 1.000 inwoners: de extra noemers uit config.toml [[denominators]] met hun gewicht, in het "
        "jaar het dichtst bij {year}. De laatste rij is het G32/G40-gemiddelde van de leden met cijfers.",
        "Visitors per 1,000 inhabitants: the extra denominators of config.toml [[denominators]] with their weight, "
        "in the year nearest {year}. The last row is the G32/G40 average of the members with figures.",
    ),
    "col_visitors_per_1000": ("Bezoekers per 1.000 inwoners", "Visitors per 1,000 inhabitants"),
    "col_density": ("Inwoners per km²", "Inhabitants per km²"),
    "per_1000_visitors": ("Per 1.000 inwoners en bezoekers", "Per 1,000 inhabitants and visitors"),
    "visitors_note": (
        "Per 1.000 inwoners en bezoekers: de noemer is de bevolking plus de bezoekers als persoonsjaren "
        "aanwezig, uit {series} (gewicht per eenheid, config.toml [[denominators]]). Zo telt een stad met "
        "veel toeristen, studenten of pendelaars de mensen mee die er zijn maar er niet wonen.",
        "Per 1,000 inhabitants and visitors: the denominator is the population plus the visitors as "
        "person-years present, from {series} (weight per unit, config.toml [[denominators]]). A city with many "
        "tourists, students or commuters thus counts the people who are there but do not live there.",
    ),
    "col_vs_group": ("T.o.v. gemiddelde", "Vs average"),
    "vs_better": ("significant beter", "significantly better"),
    "vs_worse": ("significant slechter", "significantly worse"),
    "vs_same": ("niet te onderscheiden", "cannot be told apart"),
    "vs_unknown": ("geen interval", "no interval"),
    "rank_range_note": (
        "Positie 1 is de gunstigste. Een positie als 3–6 betekent dat de 95%-intervallen (van de enquête, of de "
        "toevalsmarge van de aantallen) overlappen: welke van die plaatsen het is, is niet vast te stellen. "
        "'Significant beter/slechter' zegt dat het interval helemaal aan één kant van het {group} ligt.",
        "Position 1 is the most favourable. A position such as 3–6 means the 95% intervals (of the survey, or the "
        "margin of chance of the counts) overlap: which of those places it is cannot be told. 'Significantly "
        "better/worse' says the interval lies wholly on one side of the {group}.",
    ),
    "vs_sentence_better": (
        "significant beter dan het {group}",
        "significantly better than the {group}",
    ),
    "vs_sentence_worse": (
        "significant slechter dan het {group}",
        "significantly worse than the {group}",
    ),
    "vs_sentence_same": (
        "niet te onderscheiden van het {group}",
        "cannot be told apart from the {group}",
    ),
    "vs_sentence_unknown": ("zonder interval: niet te toetsen", "without an interval: cannot be tested"),
    "col_street": ("Straat", "Street"),
    "col_share": ("Aandeel", "Share"),
    "hotspots": ("Hotspots (straat)", "Hotspots (street)"),
    "hotspots_map": (
        "Registraties per zeshoek van ongeveer 260 m, {what}, {period}",
        "Registrations per hexagon of about 260 m, {what}, {period}",
    ),
    "hotspots_table_note": (
        "De 50 zeshoeken met de meeste registraties (van {n} op de kaart), de drukste eerst.",
        "The 50 hexagons with the most registrations (of {n} on the map), busiest first.",
    ),
    "hotspots_streets": ("Straten met de meeste registraties", "Streets with the most registrations"),
    "hotspots_none": (
        "Geen registraties op straatniveau voor {period}. Punten (x/y uit de maandexport van de politie) zijn "
        "geladen voor {span}.",
        "No street-level registrations for {period}. Points (x/y from the police's monthly export) are loaded "
        "for {span}.",
    ),
    "hotspots_no_points": (
        "Er zijn geen registraties op straatniveau geladen. Importeer de maandexport van de politie met x/y "
        "(Bijwerken, of python -m mik import crime BESTAND).",
        "No street-level registrations are loaded. Import the police's monthly export with x/y (Update data, "
        "or python -m mik import crime FILE).",
    ),
    "hotspots_method": (
        "Bron: de punten (x/y) van de maandexport van de politie, geteld per zeshoek op de server; er gaat geen "
        "los punt naar de browser. Buurtgrenzen als lijnen.",
        "Source: the points (x/y) of the police's monthly export, counted per hexagon on the server; no single "
        "point goes to the browser. Neighbourhood boundaries as lines.",
    ),
    "col_qvalue": ("q-waarde", "q-value"),
    "col_observed": ("Geteld", "Observed"),
    "col_expected": ("Verwacht", "Expected"),
    "col_limit": ("Grens", "Limit"),
    "signals_heading": ("Signalen", "Signals"),
    "signals_title": ("Signalen: meer dan verwacht in {month}", "Signals: more than expected in {month}"),
    "signals_month": ("Maand", "Month"),
    "signals_none": (
        "Geen signalen in {month}: geen {level} en categorie lag boven de controlegrens van het eigen seizoenspatroon.",
        "No signals in {month}: no {level} and category was above the control limit of its own seasonal pattern.",
    ),
    "signals_no_monthly": (
        "Geen signalen: er zijn geen maandcijfers van de politie geladen (jaarcijfers hebben geen maand om te "
        "vergelijken).",
        "No signals: no monthly police figures are loaded (yearly figures have no month to compare).",
    ),
    "signals_short_history": (
        "Geen signalen voor {month}: daarvoor zijn maandcijfers van die maand en de 39 maanden ervoor nodig.",
        "No signals for {month}: that needs monthly figures for the month and the 39 months before it.",
    ),
    "signals_method": (
        "Verwacht: uit de 36 maanden van 39 tot 4 maanden ervoor, met het seizoen en de trend van de categorie "
        "als die er duidelijk zijn. Een signaal is een aantal boven de controlegrens: een toets met q-waarde "
        "onder 0,05 over alle {n} getoetste combinaties van {level} en categorie, en minstens 5 registraties.",
        "Expected: from the 36 months from 39 to 4 months before, with the category's season and trend where "
        "there clearly are. A signal is a count above the control limit: a test with a q-value below 0.05 over "
        "all {n} combinations of {level} and category tested, and at least 5 registrations.",
    ),
    "signals_query_document": (
        "Na te rekenen met: {query} (zie docs/queries.md).",
        "To reproduce: {query} (see docs/queries.md).",
    ),
    "signals_variation": (
        "De verwachting houdt rekening met de eigen schommeling en trend van de stad: per categorie wisselen de "
        "aantallen van maand tot maand ongeveer ±{variation}% meer dan toeval alleen (mediaan van {categories} "
        "categorieën), en bij {trends} categorieën is een duidelijke trend in de verwachting meegenomen.",
        "The expectation allows for the city's own variation and trend: per category, counts vary from month to "
        "month by about ±{variation}% more than chance alone (median of {categories} categories), and for "
        "{trends} categories a clear trend is part of the expectation.",
    ),
    "signals_variation_none": (
        "De verwachting houdt rekening met de eigen schommeling en trend van de stad: per categorie wisselen de "
        "aantallen van maand tot maand niet meer dan toeval alleen (mediaan van {categories} categorieën), en bij "
        "{trends} categorieën is een duidelijke trend in de verwachting meegenomen.",
        "The expectation allows for the city's own variation and trend: per category, counts vary from month to "
        "month no more than chance alone (median of {categories} categories), and for {trends} categories a clear "
        "trend is part of the expectation.",
    ),
    "signals_meaning": (
        "Een signaal betekent: zo'n hoog aantal is ook met die schommeling niet meer als toeval te verklaren. "
        "Het is een reden om te kijken wat er speelt, geen oordeel.",
        "A signal means: a count this high can no longer be explained as chance, even with that variation. It "
        "is a reason to look at what is going on, not a verdict.",
    ),
    "signals_line": (
        "{area} · {category}: {observed} geteld, {expected} verwacht (grens {limit})",
        "{area} · {category}: {observed} counted, {expected} expected (limit {limit})",
    ),
    "sig_rise": ("significante stijging", "significant rise"),
    "sig_fall": ("significante daling", "significant fall"),
    "sig_chance": ("binnen de toevalsmarge", "within the margin of chance"),
    "sig_untested": ("niet te toetsen", "cannot be tested"),
    "col_buurt": ("Buurt", "Neighbourhood"),
    "col_area": ("Gebied", "Area"),
    "col_gemeente": ("Gemeente", "Municipality"),
    "col_value": ("Waarde", "Value"),
    "col_rate": ("Per 1.000 inwoners", "Per 1,000 inhabitants"),
    "col_lower": ("Ondergrens 95%", "Lower bound 95%"),
    "col_upper": ("Bovengrens 95%", "Upper bound 95%"),
    "col_rank": ("Positie", "Rank"),
    "col_members": ("Gemeenten in gemiddelde", "Municipalities in average"),
    "col_population": ("Inwoners", "Inhabitants"),
    "col_threshold_plan": ("Doel (plan)", "Target (plan)"),
    "col_status_plan": ("Status (plan)", "Status (plan)"),
    "col_threshold_scenario": ("Doel (wat als)", "Target (what if)"),
    "col_status_scenario": ("Status (wat als)", "Status (what if)"),
    "col_changed": ("Gewijzigd", "Changed"),
    "scorecard_title": ("Stand van het plan · {year}", "Where the plan stands · {year}"),
    "meeting_trend": (
        "{name}: laatste 24 maanden, voortschrijdend 12-maands cijfer (lijn) tegen het doel (stippellijn)",
        "{name}: last 24 months, rolling 12-month figure (line) against the target (dashed)",
    ),
    "meeting_yearly": ("{name} per jaar, tegen het doel", "{name} per year, against the target"),
    "meeting_yearly_plain": ("{name} per jaar", "{name} per year"),
    "meeting_no_targets": (
        "Het plan stelt voor dit jaar geen doelen (wel voor {plan}): de kaarten tonen de cijfers zonder oordeel.",
        "The plan sets no targets for this year (it does for {plan}): the cards show the figures without a verdict.",
    ),
    "meeting_history": ("{name} per meting, tegen het doel", "{name} per survey, against the target"),
    "meeting_actions": (
        "Geen indicator voor dit thema: de {n} acties uit het plan naar status",
        "No indicator for this theme: the plan's {n} actions by status",
    ),
    "meeting_map": ("Per {level} · {period}", "Per {level} · {period}"),
    "level_gemeente": ("gemeente", "municipality"),
    "level_buurt": ("buurt", "neighbourhood"),
    "level_wijk": ("wijk", "district"),
    "level_aandachtsgebied": ("aandachtsgebied", "focus area"),
    "level_straat": ("straat", "street"),
    # the plan's actions by status (mik.ingest.activities.STATUSES)
    "action_status_gepland": ("gepland", "planned"),
    "action_status_lopend": ("lopend", "in progress"),
    "action_status_gereed": ("gereed", "done"),
    "action_status_vertraagd": ("vertraagd", "delayed"),
    "action_status_vervallen": ("vervallen", "cancelled"),
    "no_figures_theme": ("Nog geen cijfers of acties voor dit thema.", "No figures or actions for this theme yet."),
    "table_empty": ("Nog niets om te tonen.", "Nothing to show yet."),
    "col_class": ("Klasse op de kaart", "Class on the map"),
    "col_projected": ("Prognose jaareinde", "Projected year end"),
    "map_table": ("Tabel: de cijfers van deze kaart", "Table: the figures of this map"),
    "unit_per_1000": ("per 1.000 inwoners", "per 1,000 inhabitants"),
    "unit_percent": ("procent", "percent"),
    "unit_score": ("rapportcijfer (1-10)", "mark (1-10)"),
    "unit_count": ("aantal", "count"),
    "direction_lower": ("lager", "lower"),
    "direction_higher": ("hoger", "higher"),
    "source_police": ("Politie (registraties)", "Police (registrations)"),
    "source_survey": ("Veiligheidsmonitor", "Safety survey"),
    "indicator_status_actief": ("actief", "active"),
    "indicator_status_in_ontwikkeling": ("in ontwikkeling", "in development"),
}


def t(key: str, lang: str = "nl", **kwargs) -> str:
    """The text for ``key`` in ``lang`` (Dutch when unknown), with ``{placeholders}`` filled."""
    nl, en = TEXTS[key]
    text = en if lang == "en" else nl
    return text.format(**kwargs) if kwargs else text
