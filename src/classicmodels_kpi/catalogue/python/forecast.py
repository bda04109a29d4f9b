"""revenue_forecast: a seasonal-naive model with growth over monthly revenue, and its backtest.

Why this model and not Holt-Winters: the sample holds 29 months, so a backtest that holds out 6
leaves 23, less than the two full seasons Holt-Winters needs to estimate a seasonal pattern. The
seasonal-naive forecast ("the same month last year, times the growth of the last 12 months over
the 12 before") needs 13 months, is exact to reproduce by hand, is deterministic on every engine,
and runs in microseconds.

Definitions (also in the README):
- growth g = revenue of the last k complete months / revenue of the same k months a year earlier,
  k = min(12, months − 12); g = 1 when the earlier months had no revenue.
- forecast(h) = revenue of the same calendar month in the last observed year × g^⌈h/12⌉.
- interval: forecast × (1 ± z·σ·√⌈h/12⌉), z the normal quantile for ``level``, σ the root mean
  square of the relative in-sample errors (y_t − g·y_{t−12}) / (g·y_{t−12}); lower bound ≥ 0.
- With fewer than 13 months: the mean of the last 3 months, flat; σ from the last 12 months.
- MAPE = mean over backtest months with revenue > 0 of |actual − forecast| / actual, × 100.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from statistics import NormalDist
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from classicmodels_kpi.catalogue import expand_includes
from classicmodels_kpi.errors import ParameterError

if TYPE_CHECKING:
    from classicmodels_kpi.catalogue import Catalogue

SEASON = 12
SEASONAL_MODEL = "seasonal naive × growth"
FALLBACK_MODEL = "mean of last 3 months"
MONTHLY_REVENUE_SQL = expand_includes(
    (Path(__file__).parent / "monthly_revenue.sql").read_text(encoding="utf-8")
)
COLUMNS = ["month", "kind", "revenue", "forecast", "lower", "upper", "mape_pct", "model"]


@dataclass(frozen=True)
class Forecast:
    values: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    model: str


def seasonal_forecast(history: np.ndarray, horizon: int, level: float) -> Forecast:
    """Forecast ``horizon`` months after ``history`` (complete months, oldest first)."""
    n = len(history)
    z = NormalDist().inv_cdf((1 + level) / 2)
    steps = np.arange(1, horizon + 1)
    if n > SEASON:
        k = min(SEASON, n - SEASON)
        before = history[n - k - SEASON : n - SEASON].sum()
        growth = history[n - k :].sum() / before if before > 0 else 1.0
        years_ahead = np.ceil(steps / SEASON)
        base = history[n - SEASON + (steps - 1) % SEASON]
        values = base * growth**years_ahead
        fitted = history[:-SEASON] * growth
        actual = history[SEASON:]
        mask = fitted > 0
        errors = (actual[mask] - fitted[mask]) / fitted[mask]
        sigma = float(np.sqrt(np.mean(errors**2))) if mask.any() else 0.0
        spread = z * sigma * np.sqrt(years_ahead)
        model = SEASONAL_MODEL
    else:
        level_value = history[-3:].mean()
        values = np.full(horizon, level_value)
        recent = history[-SEASON:]
        sigma = float(np.sqrt(np.mean((recent / level_value - 1) ** 2))) if level_value > 0 else 0.0
        spread = np.full(horizon, z * sigma)
        model = FALLBACK_MODEL
    return Forecast(
        values=values,
        lower=np.maximum(values * (1 - spread), 0.0),
        upper=values * (1 + spread),
        model=model,
    )


def mape_pct(actual: np.ndarray, predicted: np.ndarray) -> float | None:
    """Mean absolute percentage error over months with revenue; None when there are none."""
    mask = actual > 0
    if not mask.any():
        return None
    return float(np.mean(np.abs(actual[mask] - predicted[mask]) / actual[mask]) * 100)


def revenue_forecast(
    catalogue: Catalogue, as_of: str, horizon: int, backtest_months: int, level: float
) -> pd.DataFrame:
    if not 1 <= horizon <= 60:
        raise ParameterError(f"horizon must be between 1 and 60 months, not {horizon}.")
    if not 1 <= backtest_months <= 60:
        raise ParameterError(f"backtest_months must be between 1 and 60, not {backtest_months}.")
    if not 0 < level < 1:
        raise ParameterError(f"level must be between 0 and 1 (e.g. 0.8), not {level}.")
    # plain rows, not a frame: the result is small and pandas' inference would cost more than
    # the query and the model together (a fresh process's first frames are slower still)
    db = catalogue.db
    rows = db.fetchall(db.transpile(MONTHLY_REVENUE_SQL), {"as_of": as_of})
    if not rows:
        return pd.DataFrame(columns=COLUMNS)
    # month_start: ISO text on SQLite, a date elsewhere; revenue: float or Decimal
    starts = np.array([row[0] for row in rows], dtype="datetime64[D]").astype("datetime64[M]")
    # Cents, as floats: the same input on every engine gives the same forecast to the last bit.
    history = np.round(np.array([row[1] for row in rows], dtype="float64"), 2)
    n = len(history)

    ahead = seasonal_forecast(history, horizon, level)
    kind = np.full(n, "history", dtype=object)
    forecast, lower, upper = (np.full(n, math.nan) for _ in range(3))
    model = np.full(n, ahead.model, dtype=object)
    mape: float | None = None
    train = n - backtest_months
    if train >= 1:
        held_out = seasonal_forecast(history[:train], backtest_months, level)
        kind[train:] = "backtest"
        forecast[train:] = held_out.values
        lower[train:] = held_out.lower
        upper[train:] = held_out.upper
        model[train:] = held_out.model
        mape = mape_pct(history[train:], held_out.values)

    future = starts[-1] + np.arange(1, horizon + 1)  # the months after the last complete one
    text = np.dtype(object)  # explicit: pandas 3 would make text columns 'str'
    return pd.DataFrame(
        {
            "month": np.concatenate([starts, future]).astype("datetime64[ns]"),
            "kind": pd.Series(
                np.concatenate([kind, np.full(horizon, "forecast", text)]), dtype=text
            ),
            "revenue": np.concatenate([history, np.full(horizon, math.nan)]),
            "forecast": np.concatenate([forecast, ahead.values]),
            "lower": np.concatenate([lower, ahead.lower]),
            "upper": np.concatenate([upper, ahead.upper]),
            "mape_pct": np.full(n + horizon, math.nan if mape is None else mape),
            "model": pd.Series(
                np.concatenate([model, np.full(horizon, ahead.model, text)]), dtype=text
            ),
        }
    )
