"""The thresholds that turn a number into a severity and a recommendation.

Every recommendation in the insights is chosen by comparing a computed number with one of these
constants; none is fixed prose. They are business judgements, not facts of the data: change them
here (and in docs/readme/kpis.md, which lists them) if your business reads its numbers differently.
"""

from __future__ import annotations

# -- customers & geography ------------------------------------------------------------------
#: Share of customers counted as "top" in the Pareto concentration finding.
TOP_CUSTOMER_FRACTION = 0.20
#: Revenue share of the top 20 % of customers above which dependence on few accounts is flagged.
TOP_CUSTOMERS_SHARE_WARN_PCT = 50.0
#: Revenue share of the three largest countries above which geographic dependence is flagged.
TOP3_COUNTRIES_SHARE_WARN_PCT = 50.0
#: Countries whose CUME_DIST of revenue (ascending) is at most this are the bottom quartile.
BOTTOM_QUARTILE = 0.25
#: A region whose AOV is below this share of the overall AOV gets a basket-size recommendation.
REGION_AOV_GAP_PCT = 85.0

# -- products -------------------------------------------------------------------------------
#: Revenue share of the 10 best-selling products above which product concentration is flagged.
TOP10_PRODUCTS_SHARE_WARN_PCT = 30.0
#: A product line above this share of revenue makes the mix depend on one line.
PRODUCTLINE_DOMINANT_PCT = 35.0
#: A line whose gross margin is this many points below the overall margin is flagged.
PRODUCTLINE_MARGIN_GAP_PP = 3.0
#: A product pair is worth bundling when its lift reaches this.
CROSS_SELL_MIN_LIFT = 1.5

# -- operations & risk ----------------------------------------------------------------------
#: On-time delivery target, in % of shipped orders.
ON_TIME_TARGET_PCT = 95.0
#: A fall of the on-time rate by more than this many points year on year is flagged.
ON_TIME_DROP_PP = 2.0
#: Share of customers flagged high-risk above which the finding is critical.
HIGH_RISK_CRITICAL_PCT = 25.0

# -- predictive -----------------------------------------------------------------------------
#: Share of customers (with orders) at churn risk above which the finding is critical.
CHURN_CUSTOMERS_CRITICAL_PCT = 20.0
#: Backtest MAPE above which the forecast is called unreliable, in %.
FORECAST_MAPE_WARN_PCT = 20.0

# -- sales organisation ---------------------------------------------------------------------
#: Highest-to-lowest revenue ratio between active reps above which workload is unbalanced.
REP_REVENUE_SPREAD_RATIO = 3.0
#: Coefficient of variation of customers per rep above which account load is unbalanced.
REP_CUSTOMERS_CV_WARN = 0.5
#: Revenue share of countries served by no local office above which coverage is flagged.
COVERAGE_GAP_SHARE_WARN_PCT = 10.0
