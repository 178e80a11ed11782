"""
How well do indicative budgets predict agreed ones? Pure statistics on (indicative, agreed)
weekly pence pairs, no Django. Ratios and percentages are Decimal, money stays integer pence.

Definitions (printed on the page):
  ratio           agreed / indicative; the median of these.
  MAPE            mean of |agreed - indicative| / agreed, as a percentage (mean absolute percentage error).
  within 10%      share of cases where the agreed budget is within 10% of the indicative one, either way.
  bias            mean of (agreed - indicative) / indicative, as a percentage: positive means the
                  table gives too little, negative too much.
  outliers        agreed below half or above twice the indicative budget.
  price per point least squares through the origin: the price p that makes p x points closest
                  to the agreed budgets, sum(points x agreed) / sum(points squared).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from statistics import median

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Pair:
    budget_id: int
    indicative_pence: int
    agreed_pence: int
    weighted_points: Decimal = Decimal(0)


@dataclass(frozen=True)
class Calibration:
    count: int
    median_ratio: Decimal | None
    mape_percent: Decimal | None
    within_10_percent: Decimal | None  # share of cases, as a percentage
    bias_percent: Decimal | None
    outliers: tuple
    suggested_price_per_point_pence: int | None


def _q(value, places="0.01"):
    return Decimal(value).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def calibrate(pairs) -> Calibration:
    pairs = [p for p in pairs if p.indicative_pence > 0 and p.agreed_pence > 0]
    if not pairs:
        return Calibration(0, None, None, None, None, (), None)
    ratios = [Decimal(p.agreed_pence) / Decimal(p.indicative_pence) for p in pairs]
    mape = sum(Decimal(abs(p.agreed_pence - p.indicative_pence)) / p.agreed_pence for p in pairs) / len(pairs) * HUNDRED
    within = sum(1 for p in pairs if 10 * abs(p.agreed_pence - p.indicative_pence) <= p.indicative_pence)
    bias = sum(Decimal(p.agreed_pence - p.indicative_pence) / p.indicative_pence for p in pairs) / len(pairs) * HUNDRED
    outliers = sorted(
        (p for p, r in zip(pairs, ratios) if r < Decimal("0.5") or r > 2),
        key=lambda p: -max(p.agreed_pence / p.indicative_pence, p.indicative_pence / p.agreed_pence),
    )
    return Calibration(
        count=len(pairs), median_ratio=_q(median(ratios)), mape_percent=_q(mape, "0.1"),
        within_10_percent=_q(Decimal(within) / len(pairs) * HUNDRED, "0.1"), bias_percent=_q(bias, "0.1"),
        outliers=tuple(outliers[:10]), suggested_price_per_point_pence=suggested_price(pairs),
    )


def suggested_price(pairs) -> int | None:
    """Least squares through the origin on weighted points, to the nearest penny; None without points."""
    squares = sum(Decimal(p.weighted_points) ** 2 for p in pairs)
    if not squares:
        return None
    price = sum(Decimal(p.weighted_points) * p.agreed_pence for p in pairs) / squares
    return int(price.quantize(Decimal(1), rounding=ROUND_HALF_UP)) or None


def suggested_band_amounts(pairs, bands) -> list[int | None]:
    """
    Least squares for a banded table: the amount that best fits the agreed budgets of the cases
    in a band is their mean, to the nearest penny. None for a band with no cases (keep its amount).
    `bands` are (from_points, to_points or None) in order.
    """
    totals = [[0, 0] for _ in bands]
    for p in pairs:
        for n, (start, end) in enumerate(bands):
            if start <= p.weighted_points and (end is None or p.weighted_points < end):
                totals[n][0] += p.agreed_pence
                totals[n][1] += 1
                break
    return [int((Decimal(s) / c).quantize(Decimal(1), rounding=ROUND_HALF_UP)) if c else None for s, c in totals]
