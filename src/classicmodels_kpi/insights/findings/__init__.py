"""Finding builders, one module per report group; importing this package registers them in order."""

from classicmodels_kpi.insights.findings import (  # noqa: F401
    customers,
    operations,
    predictive,
    products,
    quality,
    salesorg,
)
