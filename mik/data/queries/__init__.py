"""All reads of MIK's figures: ``fn(con, plain args) -> DataFrame``, bound parameters only, one
module per family of tables (areas, registrations, population, points, surveys, peers, plan, lineage).

Each function opens its own cursor (:mod:`mik.data.sql`: DuckDB connections are shared across
Streamlit sessions; a cursor per query keeps them independent). Every figure on screen comes from
one of these functions, so the SQL here is the documented query behind it (docs/queries.md, which
``tests/test_docs.py`` checks against this code). ``from mik.data import queries`` gives them all.

Area levels: registrations are stored per buurt (optionally per street within a buurt). Wijk,
gemeente and aandachtsgebied figures are sums over their buurten, through ``areas.parent_code``,
``areas.gemeente_code`` and ``attention_area_members``.
"""

from __future__ import annotations

from mik.data.queries.areas import (
    LEVELS,
    area_gemeenten,
    area_geometries,
    area_list,
    attention_members,
    known_boundary_years,
    newest_boundary_year,
)
from mik.data.queries.lineage import already_loaded, is_synthetic, lineage, newest_loads
from mik.data.queries.peers import (
    gemeente_denominators,
    gemeente_density,
    peer_figure_years,
    peer_measure_codes,
    peer_population_pairs,
    peer_populations,
    peer_rows,
    peer_values,
)
from mik.data.queries.plan import activities
from mik.data.queries.points import point_span, registration_points
from mik.data.queries.population import (
    denominator_series,
    has_population,
    population_by_area,
    population_years,
    visitor_equivalents,
)
from mik.data.queries.registrations import (
    categories_in,
    category_codes,
    category_leaves,
    category_list,
    counts_by_area,
    counts_by_category,
    data_period,
    has_registrations,
    loaded_in,
    loaded_kinds,
    monthly_counts,
    monthly_counts_by_area,
    monthly_months_loaded,
    monthly_span,
    registered_categories,
    registration_grains,
    registration_sources,
    unreported_buurten,
)
from mik.data.queries.surveys import survey_values
from mik.data.sql import fetch_df, fetch_one

__all__ = [
    "LEVELS",
    "activities",
    "already_loaded",
    "area_gemeenten",
    "area_geometries",
    "area_list",
    "attention_members",
    "categories_in",
    "category_codes",
    "category_leaves",
    "category_list",
    "counts_by_area",
    "counts_by_category",
    "data_period",
    "denominator_series",
    "fetch_df",
    "fetch_one",
    "gemeente_denominators",
    "gemeente_density",
    "has_population",
    "has_registrations",
    "is_synthetic",
    "known_boundary_years",
    "lineage",
    "loaded_in",
    "loaded_kinds",
    "monthly_counts",
    "monthly_counts_by_area",
    "monthly_months_loaded",
    "monthly_span",
    "newest_boundary_year",
    "newest_loads",
    "peer_figure_years",
    "peer_measure_codes",
    "peer_population_pairs",
    "peer_populations",
    "peer_rows",
    "peer_values",
    "point_span",
    "population_by_area",
    "population_years",
    "registered_categories",
    "registration_grains",
    "registration_points",
    "registration_sources",
    "survey_values",
    "unreported_buurten",
    "visitor_equivalents",
]
