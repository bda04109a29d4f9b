"""Page 2, Regional (``/regional``): where the revenue comes from.

The world map is the selector: clicking a country sets the page's country filter
(``va.set_controls``), which narrows the product-line and sales-rep charts, AOV by region and the
country grid to that country. Every frame spells countries as the data does (``TRIM(country)``:
USA, UK, …), so a click always matches. The frames are country-grain aggregates computed in SQL
(at most one row per country × product line or rep); no order line reaches pandas.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import vizro.models as vm

from classicmodels_kpi.catalogue import Catalogue
from classicmodels_kpi.dashboard import charts, data
from classicmodels_kpi.dashboard.filters import Filter, choose, select_country
from classicmodels_kpi.dashboard.grids import column

COUNTRY_FILTER = "regional_country"
REGION_FILTER = "regional_region"
#: Components the map click narrows to the clicked country (not the map itself).
LINKED = ["regional_by_productline", "regional_by_salesrep", "regional_aov", "regional_grid"]


def load_sales_mix(catalogue: Catalogue, as_of: Any = None) -> pd.DataFrame:
    """Revenue by country × product line and country × rep, with the catalogue's region."""
    params = {"as_of": as_of} if as_of else {}
    mix = data.run_query(catalogue, data.dashboard_query("country_sales_mix"), **params)
    regions = catalogue.run("sales_by_region", **params)[["country", "region"]]
    merged = mix.merge(regions.drop_duplicates("country"), on="country", how="left")
    merged["region"] = merged["region"].fillna("Other")
    return merged


def _grid_columns() -> list[dict[str, Any]]:
    return [
        column("country", pinned="left", minWidth=120),
        column("region"),
        column("revenue", kind="money_whole"),
        column("orders", kind="count"),
        column("customers", kind="count"),
        column("active_customers", kind="count"),
        column("share_of_total_pct", "Share of total", "pct"),
        column("share_of_region_pct", "Share of region", "pct"),
        column("rank_in_region", "Rank in region", "count"),
    ]


def page() -> vm.Page:
    regions = data.catalogue_source("sales_by_region")
    mix = data.python_source(
        "regional_sales_mix",
        load_sales_mix,
        {
            "grouping": "text",
            "country": "text",
            "label": "text",
            "revenue": "money",
            "region": "text",
        },
        as_of=None,
    )
    return vm.Page(
        id="regional",
        title="Regional",
        path="/regional",
        layout=vm.Flex(),
        components=[
            vm.Container(
                id="regional_top",
                layout=vm.Flex(direction="row", wrap=True),
                components=[
                    vm.Container(
                        id="regional_map_container",
                        components=[
                            vm.Graph(
                                id="regional_map",
                                title="Revenue by country (click a country to filter the page)",
                                header="All orders up to the latest order date.",
                                figure=charts.choropleth(
                                    data_frame=regions,
                                    locations="country",
                                    color="revenue",
                                ),
                                actions=select_country(
                                    controls=COUNTRY_FILTER, value=charts.MAP_COUNTRY
                                ),
                            )
                        ],
                        extra={"class_name": "cmkpi-panel cmkpi-wide"},
                    ),
                    vm.Container(
                        id="regional_aov_container",
                        components=[
                            vm.Graph(
                                id="regional_aov",
                                title="Average order value by region",
                                figure=charts.grouped_bar(
                                    data_frame=regions,
                                    x="region",
                                    y="aov",
                                    value="revenue",
                                    weight="orders",
                                ),
                            )
                        ],
                        extra={"class_name": "cmkpi-panel"},
                    ),
                ],
            ),
            vm.Container(
                id="regional_mix",
                layout=vm.Flex(direction="row", wrap=True),
                components=[
                    vm.Container(
                        id="regional_tabs_container",
                        components=[
                            vm.Tabs(
                                id="regional_tabs",
                                tabs=[
                                    vm.Container(
                                        title="By product line",
                                        components=[
                                            vm.Graph(
                                                id="regional_by_productline",
                                                figure=charts.grouped_bar(
                                                    data_frame=mix,
                                                    x="label",
                                                    y="revenue",
                                                    value="revenue",
                                                    only={"grouping": "product_line"},
                                                ),
                                            )
                                        ],
                                    ),
                                    vm.Container(
                                        title="By sales rep",
                                        components=[
                                            vm.Graph(
                                                id="regional_by_salesrep",
                                                figure=charts.grouped_bar(
                                                    data_frame=mix,
                                                    x="label",
                                                    y="revenue",
                                                    value="revenue",
                                                    only={"grouping": "sales_rep"},
                                                ),
                                            )
                                        ],
                                    ),
                                ],
                            ),
                        ],
                        extra={"class_name": "cmkpi-panel"},
                    ),
                    vm.Container(
                        id="regional_grid_container",
                        components=[
                            vm.Table(
                                id="regional_grid",
                                title="Countries",
                                figure=charts.grid(
                                    data_frame=regions,
                                    columnDefs=_grid_columns(),
                                    defaultColDef={
                                        "sortable": True,
                                        "filter": True,
                                        "resizable": True,
                                        "flex": 1,
                                        "minWidth": 110,
                                        "wrapHeaderText": True,
                                    },
                                    # The selector must list the page size, or it shows blank.
                                    dashGridOptions={
                                        "pagination": True,
                                        "paginationPageSize": 10,
                                        "paginationPageSizeSelector": [10, 30],
                                    },
                                ),
                            )
                        ],
                        # a row of its own: beside the chart, four of its nine columns were
                        # behind a sideways scroll at 1920 px
                        extra={"class_name": "cmkpi-panel cmkpi-full"},
                    ),
                ],
            ),
        ],
        controls=[
            Filter(
                id=COUNTRY_FILTER,
                column="country",
                targets=LINKED,
                selector=choose("Country"),
            ),
            Filter(
                id=REGION_FILTER,
                column="region",
                targets=["regional_map", *LINKED],
                selector=choose("Region"),
            ),
        ],
    )
