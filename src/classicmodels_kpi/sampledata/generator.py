"""``cmkpi generate``: a deterministic synthetic ClassicModels database of any size.

At scale 1 the data has the sample's size and shape: 7 product lines and ~110 products (buyPrice
below MSRP), ~122 customers in 27 countries spelled as in the sample (18 % prospects with no sales
rep and creditLimit 0, a few more who never ordered), a Pareto spread of revenue across customers,
7 offices and 23 employees in a reporting tree (President, two VPs, regional sales managers,
17 'Sales Rep'), ~326 orders from January of year 1 to the end of May of year 3 (2003-01 …
2005-05) peaking every November, the six statuses in the sample's proportions (recent orders In
Process or On Hold, a few late shipments), ~9 lines per order, and payments that follow shipping
by a couple of weeks and cover most but not all of the invoiced value.

Orders, order lines, customers and payments grow linearly with the scale; products grow with its
logarithm and sales reps with its square root. Everything is drawn from numpy Generators seeded by
(seed, purpose, batch), so the same seed and scale always give the same rows. Orders, their lines
and payments are produced in batches of ``batch_orders`` orders, so scale 1000 (~3M order lines)
never sits in memory at once.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from classicmodels_kpi.errors import ParameterError
from classicmodels_kpi.sampledata import vocabulary as vocab

#: Bump whenever the generated rows change: the cached demo database is rebuilt on a new value.
GENERATOR_VERSION = 1
DEFAULT_SEED = 42
#: Orders per batch: bounds memory at any scale.
BATCH_ORDERS = 10_000
MAX_SCALE = 10_000

FIRST_MONTH = np.datetime64("2003-01", "M")
MONTHS = 29  # January 2003 … May 2005
LAST_DAY = np.datetime64("2005-05-31", "D")
#: Orders per calendar month relative to the year's average: the November rush.
SEASON = np.array([0.8, 0.75, 0.85, 0.9, 0.85, 1.0, 0.95, 0.9, 1.0, 1.6, 2.9, 1.05])
GROWTH_PER_MONTH = 0.03

STATUSES = ("Shipped", "Cancelled", "Resolved", "On Hold", "Disputed", "In Process")
SHIPPED, CANCELLED, RESOLVED, ON_HOLD, DISPUTED, IN_PROCESS = range(6)
#: Share of orders per non-Shipped status (the sample: 6, 4, 4, 3, 6 of 326).
STATUS_SHARE = {
    IN_PROCESS: 0.018,
    ON_HOLD: 0.012,
    DISPUTED: 0.009,
    RESOLVED: 0.012,
    CANCELLED: 0.018,
}
LATE_SHARE = 0.01
MAX_LINES = 17
PROSPECT_SHARE = 22 / 122  # no sales rep, creditLimit 0, no orders
IDLE_SHARE = 2 / 122  # a sales rep but no orders yet
UNPAID_SHARE = 0.06
SPLIT_PAYMENT_SHARE = 0.02
TEXT_BATCH = 20_000

# Purposes, one random stream each (numpy SeedSequence spawn keys).
_CUSTOMERS, _CUSTOMER_TEXT, _EMPLOYEES, _PRODUCTS, _ORDERS, _LINES, _PAYMENTS = range(1, 8)


@dataclass(frozen=True)
class Sizes:
    customers: int
    orders: int
    products: int
    sales_reps: int


def sizes(scale: float) -> Sizes:
    """Row counts that scale: linear for the business volume, slow for catalogue and staff."""
    slow = 1 + math.log2(scale) / 4 if scale >= 1 else math.sqrt(scale)
    customers = max(8, round(122 * scale))
    active = customers - round(customers * PROSPECT_SHARE) - round(customers * IDLE_SHARE)
    return Sizes(
        customers=customers,
        orders=max(active, 20, round(326 * scale)),
        products=max(MAX_LINES + 3, round(110 * slow)),
        sales_reps=max(4, round(17 * math.sqrt(scale))),
    )


def apportion(total: int, weights: Sequence[float], minimum: int = 0) -> np.ndarray:
    """Whole numbers summing to ``total`` in proportion to ``weights`` (largest remainder)."""
    w = np.asarray(weights, dtype=float)
    raw = total * w / w.sum()
    counts = np.maximum(np.floor(raw).astype(np.int64), minimum)
    short = total - int(counts.sum())
    by_remainder = np.argsort(-(raw - counts), kind="stable")
    if short > 0:
        counts[by_remainder[:short]] += 1
    while short < 0:
        for i in np.argsort(-counts, kind="stable"):
            if counts[i] > minimum and short < 0:
                counts[i] -= 1
                short += 1
    return counts


class SyntheticData:
    """A synthetic ClassicModels database, produced table by table in batches."""

    def __init__(self, scale: float, seed: int = DEFAULT_SEED, *, batch_orders: int = BATCH_ORDERS):
        if not (isinstance(scale, int | float) and math.isfinite(scale) and 0 < scale <= MAX_SCALE):
            raise ParameterError(f"--scale must be a number above 0 and at most {MAX_SCALE}.")
        if not 0 <= seed < 2**63:
            raise ParameterError("--seed must be a whole number from 0 to 2**63 - 1.")
        self.scale = scale
        self.seed = seed
        self.batch_orders = max(1, batch_orders)
        self.sizes = sizes(scale)

    @property
    def order_count(self) -> int:
        return self.sizes.orders

    def _rng(self, purpose: int, batch: int = 0) -> np.random.Generator:
        return np.random.default_rng(np.random.SeedSequence(self.seed, spawn_key=(purpose, batch)))

    # -- the whole database, in foreign-key order -----------------------------------------------
    def batches(
        self, on_orders: Callable[[int], None] | None = None
    ) -> Iterator[tuple[str, pd.DataFrame]]:
        """(table, rows) pairs; ``on_orders(n)`` after each batch of n orders has been consumed."""
        yield "offices", self.offices()
        employees = self.employees()
        yield "employees", employees
        reps = employees[employees["jobTitle"] == "Sales Rep"]
        plan = self._customer_plan(reps)
        for start in range(0, len(plan.numbers), TEXT_BATCH):
            yield "customers", self._customer_rows(plan, start, start + TEXT_BATCH)
        yield "productlines", self.productlines()
        products, msrp_cents, popularity = self._products()
        yield "products", products
        orders = self._order_plan(plan)
        codes = products["productCode"].to_numpy(dtype=object)
        next_check = 0
        for batch, start in enumerate(range(0, self.sizes.orders, self.batch_orders)):
            stop = min(start + self.batch_orders, self.sizes.orders)
            order_rows = orders.rows(start, stop)
            yield "orders", order_rows
            lines, totals = self._lines(batch, order_rows, codes, msrp_cents, popularity)
            yield "orderdetails", lines
            payments = self._payments(batch, order_rows, totals, next_check)
            next_check += len(payments)
            yield "payments", payments
            if on_orders is not None:
                on_orders(stop - start)

    # -- small tables ----------------------------------------------------------------------------
    def offices(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "officeCode": [o.code for o in vocab.OFFICES],
                "city": [o.city for o in vocab.OFFICES],
                "phone": [o.phone for o in vocab.OFFICES],
                "addressLine1": [o.address1 for o in vocab.OFFICES],
                "addressLine2": [o.address2 for o in vocab.OFFICES],
                "state": [o.state for o in vocab.OFFICES],
                "country": [o.country for o in vocab.OFFICES],
                "postalCode": [o.postal for o in vocab.OFFICES],
                "territory": [o.territory for o in vocab.OFFICES],
            }
        )

    def productlines(self) -> pd.DataFrame:
        lines = list(vocab.PRODUCT_LINES)
        return pd.DataFrame(
            {
                "productLine": lines,
                "textDescription": [vocab.PRODUCT_LINES[line][1] for line in lines],
                "htmlDescription": [None] * len(lines),
                "image": [None] * len(lines),
            }
        )

    def employees(self) -> pd.DataFrame:
        """President → VP Sales, VP Marketing; VP Sales → regional managers → sales reps."""
        rng = self._rng(_EMPLOYEES)
        reps_per_office = apportion(
            self.sizes.sales_reps,
            [o.reps for o in vocab.OFFICES],
            minimum=1 if self.sizes.sales_reps >= len(vocab.OFFICES) else 0,
        )
        regions = list(vocab.REGION_HOME_OFFICE)
        rows: list[tuple[str, str, int | None]] = [("President", "1", None)]  # title, office, boss
        rows += [("VP Sales", "1", 0), ("VP Marketing", "1", 0)]
        managers: dict[str, list[int]] = {}
        for region in regions:
            in_region = sum(
                int(n) for o, n in zip(vocab.OFFICES, reps_per_office, strict=True)
                if o.region == region
            )  # fmt: skip
            for _ in range(max(1, round(in_region / 8))):
                managers.setdefault(region, []).append(len(rows))
                rows.append((f"Sales Manager ({region})", vocab.REGION_HOME_OFFICE[region], 1))
        for office, n in zip(vocab.OFFICES, reps_per_office, strict=True):
            bosses = managers[office.region]
            for i in range(int(n)):
                rows.append(("Sales Rep", office.code, bosses[i % len(bosses)]))
        count = len(rows)
        numbers = 1002 + np.concatenate([[0], np.cumsum(rng.integers(8, 60, count - 1))])
        first = rng.choice(vocab.FIRST_NAMES, count)
        last = rng.choice(vocab.LAST_NAMES, count)
        extensions = rng.integers(100, 10000, count)
        return pd.DataFrame(
            {
                "employeeNumber": numbers.astype(np.int64),
                "lastName": last.astype(object),
                "firstName": first.astype(object),
                "extension": [f"x{e}" for e in extensions],
                "email": [_email(f, ln) for f, ln in zip(first, last, strict=True)],
                "officeCode": [office for _, office, _ in rows],
                "reportsTo": pd.array(
                    [None if boss is None else int(numbers[boss]) for _, _, boss in rows],
                    dtype="Int64",
                ),
                "jobTitle": [title for title, _, _ in rows],
            }
        )

    # -- customers -------------------------------------------------------------------------------
    def _customer_plan(self, reps: pd.DataFrame) -> _CustomerPlan:
        rng = self._rng(_CUSTOMERS)
        n = self.sizes.customers
        countries = list(vocab.COUNTRIES)
        per_country = apportion(
            n,
            [vocab.COUNTRIES[c].customers for c in countries],
            minimum=1 if n >= len(countries) else 0,
        )
        country = rng.permutation(np.repeat(np.arange(len(countries)), per_country))
        numbers = 103 + np.concatenate([[0], np.cumsum(rng.integers(1, 7, n - 1))])
        prospects = round(n * PROSPECT_SHARE)
        idle = round(n * IDLE_SHARE)
        kind = rng.permutation(np.repeat([0, 1, 2], [prospects, idle, n - prospects - idle]))
        # Sales rep from the customer's region (any rep where the region has none).
        office_region = {o.code: o.region for o in vocab.OFFICES}
        rep_numbers = reps["employeeNumber"].to_numpy()
        rep_region = np.array([office_region[c] for c in reps["officeCode"]])
        region_of_country = np.array([vocab.COUNTRIES[c].region for c in countries])
        rep = np.zeros(n, dtype=np.int64)
        pick = rng.random(n)
        for region in np.unique(region_of_country):
            pool = rep_numbers[rep_region == region]
            if len(pool) == 0:
                pool = rep_numbers
            where = region_of_country[country] == region
            rep[where] = pool[(pick[where] * len(pool)).astype(np.int64)]
        # Buying power: lognormal, which gives the sample's Pareto spread of revenue.
        weight = np.where(kind == 2, rng.lognormal(0.0, 0.6, n), 0.0)
        rank = pd.Series(weight).rank(pct=True).to_numpy()
        credit = 45_000 + 160_000 * rank**3 + rng.normal(0, 12_000, n)
        credit = np.clip(np.round(credit / 100) * 100, 20_000, 250_000)
        credit = np.where(kind == 0, 0.0, credit)
        return _CustomerPlan(
            numbers=numbers.astype(np.int64),
            country=country,
            kind=kind,
            rep=rep,
            weight=weight,
            credit=credit,
            countries=countries,
        )

    def _customer_rows(self, plan: _CustomerPlan, start: int, stop: int) -> pd.DataFrame:
        rng = self._rng(_CUSTOMER_TEXT, start // TEXT_BATCH)
        country = plan.country[start:stop]
        n = len(country)
        names, cities, states, postals, phones, streets = [], [], [], [], [], []
        first = rng.choice(vocab.FIRST_NAMES, n)
        last = rng.choice(vocab.LAST_NAMES, n)
        style = rng.integers(0, 3, n)
        a = rng.choice(vocab.COMPANY_FIRST, n)
        b = rng.choice(vocab.COMPANY_SECOND, n)
        suffix = rng.choice(vocab.COMPANY_SUFFIX, n)
        place_pick = rng.random(n)
        street_pick = rng.random(n)
        house = rng.integers(1, 10_000, n)
        second_line = rng.random(n) < 0.12
        digits = rng.integers(0, 10, (n, 16)).astype(str)
        for i in range(n):
            info = vocab.COUNTRIES[plan.countries[country[i]]]
            place = info.places[int(place_pick[i] * len(info.places))]
            if style[i] == 0:
                name = f"{a[i]} {b[i]} {suffix[i]}"
            elif style[i] == 1:
                name = f"{first[i]}'s {b[i]} {suffix[i]}"
            else:
                name = f"{place.city} {b[i]}"
            names.append(name.strip()[:50])
            cities.append(place.city)
            states.append(place.state)
            postals.append(_fill(info.postal, digits[i]) if info.postal else None)
            phones.append(_fill(info.phone, digits[i][::-1]))
            street = info.streets[int(street_pick[i] * len(info.streets))]
            streets.append(f"{house[i]} {street}")
        kind = plan.kind[start:stop]
        return pd.DataFrame(
            {
                "customerNumber": plan.numbers[start:stop],
                "customerName": names,
                "contactLastName": last.astype(object),
                "contactFirstName": first.astype(object),
                "phone": phones,
                "addressLine1": streets,
                "addressLine2": np.where(
                    second_line, [f"Level {h % 30 + 1}" for h in house], None
                ).astype(object),
                "city": cities,
                "state": states,
                "postalCode": postals,
                "country": [plan.countries[c] for c in country],
                "salesRepEmployeeNumber": pd.Series(plan.rep[start:stop])
                .where(kind != 0)
                .astype("Int64"),
                "creditLimit": plan.credit[start:stop],
            }
        )

    # -- products --------------------------------------------------------------------------------
    def _products(self) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
        rng = self._rng(_PRODUCTS)
        lines = list(vocab.PRODUCT_LINES)
        per_line = apportion(
            self.sizes.products, [vocab.PRODUCT_LINES[x][0] for x in lines], minimum=1
        )
        used_names: set[str] = set()
        used_codes: set[str] = set()
        rows = []
        for line, count in zip(lines, per_line, strict=True):
            _, _, models, (low, high) = vocab.PRODUCT_LINES[line]
            for _ in range(int(count)):
                while True:
                    name = f"{rng.integers(low, high + 1)} {models[rng.integers(len(models))]}"
                    if name not in used_names:
                        break
                used_names.add(name)
                scale = vocab.PRODUCT_SCALES[line][rng.integers(len(vocab.PRODUCT_SCALES[line]))]
                while True:
                    code = f"S{scale.split(':')[1]}_{rng.integers(1000, 10000)}"
                    if code not in used_codes:
                        break
                used_codes.add(code)
                features = rng.choice(len(vocab.PRODUCT_FEATURES), 2, replace=False)
                description = f"{scale} scale replica of the {name}. " + " ".join(
                    vocab.PRODUCT_FEATURES[f] for f in sorted(features)
                )
                rows.append((code, name, line, scale, description))
        rows.sort()
        n = len(rows)
        buy = rng.integers(1500, 9500, n)
        msrp = np.round(buy * rng.uniform(1.35, 2.45, n)).astype(np.int64)
        frame = pd.DataFrame(
            {
                "productCode": [r[0] for r in rows],
                "productName": [r[1] for r in rows],
                "productLine": [r[2] for r in rows],
                "productScale": [r[3] for r in rows],
                "productVendor": rng.choice(vocab.VENDORS, n).astype(object),
                "productDescription": [r[4] for r in rows],
                "quantityInStock": rng.integers(15, 10_000, n),
                "buyPrice": buy / 100,
                "MSRP": msrp / 100,
            }
        )
        popularity = rng.lognormal(0.0, 0.5, n)
        return frame, msrp, np.log(popularity)

    # -- orders ----------------------------------------------------------------------------------
    def _order_plan(self, customers: _CustomerPlan) -> _OrderPlan:
        rng = self._rng(_ORDERS)
        n = self.sizes.orders
        months = np.arange(MONTHS)
        calendar = (FIRST_MONTH + months).astype("datetime64[M]")
        weight = SEASON[calendar.astype(int) % 12] * np.exp(GROWTH_PER_MONTH * months)
        per_month = apportion(n, weight)
        month_of = np.repeat(months, per_month)
        starts = calendar.astype("datetime64[D]")
        lengths = ((calendar + 1).astype("datetime64[D]") - starts).astype(np.int64)
        offset = (rng.random(n) * lengths[month_of]).astype(np.int64)
        order_date = np.sort(starts[month_of] + offset)

        active = np.flatnonzero(customers.kind == 2)
        w = customers.weight[active]
        extra = rng.multinomial(n - len(active), w / w.sum()) if n > len(active) else 0
        per_customer = 1 + extra
        customer = rng.permutation(np.repeat(customers.numbers[active], per_customer))[:n]

        status = np.full(n, SHIPPED, dtype=np.int8)
        age = (LAST_DAY - order_date).astype(np.int64)  # days before the last day

        def assign(code: int, eligible: np.ndarray, *, last: bool = False) -> None:
            want = max(1, round(n * STATUS_SHARE[code])) if n >= 50 else 0
            pool = np.flatnonzero(eligible & (status == SHIPPED))
            chosen = pool[max(0, len(pool) - want) :] if last else rng.permutation(pool)[:want]
            status[chosen] = code

        assign(IN_PROCESS, np.ones(n, bool), last=True)
        assign(ON_HOLD, age <= 180)
        assign(DISPUTED, (age <= 60) & (age >= 7))
        assign(RESOLVED, age >= 30)
        assign(CANCELLED, age >= 30)

        required = order_date + rng.integers(6, 13, n)
        lag = rng.choice(np.arange(1, 7), n, p=[0.12, 0.2, 0.2, 0.2, 0.16, 0.12])
        shipped = np.minimum(order_date + lag, required)
        shipped_kind = np.isin(status, [SHIPPED, RESOLVED, DISPUTED])
        late_pool = np.flatnonzero(shipped_kind & (age >= 60))
        late = rng.permutation(late_pool)[: max(1, round(n * LATE_SHARE)) if n >= 50 else 0]
        shipped[late] = required[late] + rng.integers(1, 31, len(late))
        unshipped = np.isin(status, [ON_HOLD, IN_PROCESS]) | (
            (status == CANCELLED) & (rng.random(n) < 2 / 3)
        )
        shipped = np.minimum(shipped, LAST_DAY).astype("datetime64[s]")
        shipped[unshipped] = np.datetime64("NaT")

        has_comment = rng.random(n) < 0.15
        text_pick = rng.integers(0, 1 << 30, n)
        comments = np.full(n, None, dtype=object)
        for code, texts in enumerate(vocab.COMMENTS[s] for s in STATUSES):
            where = np.flatnonzero((status == code) & (has_comment | (code != SHIPPED)))
            comments[where] = [texts[i % len(texts)] for i in text_pick[where]]
        return _OrderPlan(
            numbers=10100 + np.arange(n, dtype=np.int64),
            order_date=order_date.astype("datetime64[s]"),
            required=required.astype("datetime64[s]"),
            shipped=shipped,
            status=status,
            comments=comments,
            customer=customer.astype(np.int64),
        )

    def _lines(
        self,
        batch: int,
        orders: pd.DataFrame,
        codes: np.ndarray,
        msrp_cents: np.ndarray,
        log_popularity: np.ndarray,
    ) -> tuple[pd.DataFrame, np.ndarray]:
        """Order lines of one batch of orders, and each order's total in cents."""
        rng = self._rng(_LINES, batch)
        n = len(orders)
        width = min(MAX_LINES, len(codes))
        count = rng.integers(1, width + 1, n)
        picks = np.empty((n, width), dtype=np.int64)
        for start in range(0, n, 2000):  # Gumbel top-k: distinct products, popular ones more often
            keys = log_popularity + rng.gumbel(size=(min(2000, n - start), len(codes)))
            top = np.argpartition(-keys, width - 1, axis=1)[:, :width]
            order = np.argsort(-np.take_along_axis(keys, top, axis=1), axis=1)
            picks[start : start + len(keys)] = np.take_along_axis(top, order, axis=1)
        used = np.arange(width) < count[:, None]
        product = picks[used]
        position = np.repeat(np.arange(n), count)
        line_number = np.broadcast_to(np.arange(1, width + 1), (n, width))[used]
        lines = len(product)
        quantity = rng.integers(20, 51, lines)
        spread = rng.random(lines)
        big, small = spread < 0.03, spread > 0.98
        quantity[big] = rng.integers(50, 100, int(big.sum()))
        quantity[small] = rng.integers(6, 20, int(small.sum()))
        price = np.maximum(1, np.round(msrp_cents[product] * rng.uniform(0.8, 1.0, lines)))
        price = price.astype(np.int64)
        totals = np.bincount(position, weights=quantity * price, minlength=n).astype(np.int64)
        frame = pd.DataFrame(
            {
                "orderNumber": orders["orderNumber"].to_numpy()[position],
                "productCode": codes[product],
                "quantityOrdered": quantity,
                "priceEach": price / 100,
                "orderLineNumber": line_number,
            }
        )
        return frame, totals

    def _payments(
        self, batch: int, orders: pd.DataFrame, totals: np.ndarray, first_check: int
    ) -> pd.DataFrame:
        """Checks for shipped, undisputed orders, a couple of weeks after shipping; not all paid."""
        rng = self._rng(_PAYMENTS, batch)
        n = len(orders)
        status = orders["status"].to_numpy()
        shipped = orders["shippedDate"].to_numpy().astype("datetime64[D]")
        lag = np.clip(np.round(rng.lognormal(np.log(11), 0.5, n)), 1, 90).astype(np.int64)
        paid_on = shipped + lag
        payable = np.isin(status, ["Shipped", "Resolved"]) & ~np.isnat(shipped)
        paid = payable & (rng.random(n) >= UNPAID_SHARE) & (paid_on <= LAST_DAY)
        split = paid & (rng.random(n) < SPLIT_PAYMENT_SHARE)
        first_share = rng.uniform(0.3, 0.7, n)
        second_on = paid_on + rng.integers(15, 46, n)
        first_amount = np.where(split, np.round(totals * first_share), totals).astype(np.int64)
        second = split & (second_on <= LAST_DAY)

        idx = np.concatenate([np.flatnonzero(paid), np.flatnonzero(second)])
        amount = np.concatenate([first_amount[paid], (totals - first_amount)[second]])
        when = np.concatenate([paid_on[paid], second_on[second]])
        order = np.lexsort((when, idx))
        idx, amount, when = idx[order], amount[order], when[order]
        count = len(idx)
        # Check numbers: two letters and a scrambled serial, unique across the whole database.
        width = max(6, len(str(2 * self.sizes.orders)))
        serial = (np.arange(first_check, first_check + count) * 7_368_787 + 104_729) % 10**width
        letters = rng.integers(0, 26, (count, 2)) + ord("A")
        checks = [
            f"{chr(a)}{chr(b)}{s:0{width}d}" for (a, b), s in zip(letters, serial, strict=True)
        ]
        return pd.DataFrame(
            {
                "customerNumber": orders["customerNumber"].to_numpy()[idx],
                "checkNumber": checks,
                "paymentDate": when.astype("datetime64[s]"),
                "amount": amount / 100,
            }
        )


@dataclass(frozen=True)
class _CustomerPlan:
    numbers: np.ndarray
    country: np.ndarray  # index into countries
    kind: np.ndarray  # 0 prospect, 1 idle, 2 active
    rep: np.ndarray
    weight: np.ndarray
    credit: np.ndarray
    countries: list[str]


@dataclass(frozen=True)
class _OrderPlan:
    numbers: np.ndarray
    order_date: np.ndarray
    required: np.ndarray
    shipped: np.ndarray
    status: np.ndarray
    comments: np.ndarray
    customer: np.ndarray

    def rows(self, start: int, stop: int) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "orderNumber": self.numbers[start:stop],
                "orderDate": self.order_date[start:stop],
                "requiredDate": self.required[start:stop],
                "shippedDate": self.shipped[start:stop],
                "status": np.array(STATUSES, dtype=object)[self.status[start:stop]],
                "comments": self.comments[start:stop],
                "customerNumber": self.customer[start:stop],
            }
        )


def _fill(pattern: str, digits: np.ndarray) -> str:
    """``pattern`` with each ``#`` replaced by the next digit."""
    out, k = [], 0
    for ch in pattern:
        if ch == "#":
            out.append(digits[k % len(digits)])
            k += 1
        else:
            out.append(ch)
    return "".join(out)


def _email(first: str, last: str) -> str:
    plain = unicodedata.normalize("NFKD", f"{first[0]}{last}").encode("ascii", "ignore").decode()
    return "".join(c for c in plain.lower() if c.isalnum()) + "@classicmodelcars.com"


def generate(scale: float, seed: int = DEFAULT_SEED) -> dict[str, pd.DataFrame]:
    """The whole database in memory (tests and small scales); use ``batches`` for big ones."""
    frames: dict[str, list[pd.DataFrame]] = {}
    for table, frame in SyntheticData(scale, seed).batches():
        frames.setdefault(table, []).append(frame)
    return {t: pd.concat(f, ignore_index=True) for t, f in frames.items()}
