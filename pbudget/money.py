"""Money is integer pence. These are the only conversions to and from what people read and type."""

import re
from decimal import ROUND_HALF_UP, Decimal

PLAIN_AMOUNT = re.compile(r"[0-9]{1,12}(\.[0-9]*)?|\.[0-9]+")

WEEKS_PER_YEAR = 52  # stated on every page that shows a yearly figure
# The most any one plan, line or agreed budget may cost a week: far above any real care package,
# and well inside what the database columns hold for the yearly figure.
MAX_WEEKLY_PENCE = 50_000_00


def format_pence(pence: int | None) -> str:
    if pence is None:
        return ""
    sign = "-" if pence < 0 else ""
    pounds, pennies = divmod(abs(int(pence)), 100)
    return f"{sign}£{pounds:,}.{pennies:02d}"


def parse_pounds(text: str) -> int:
    """'£1,234.5' -> 123450. Raises ValueError with a message fit for a person."""
    cleaned = (text or "").strip().replace("£", "").replace(",", "")
    if cleaned.startswith("-") and PLAIN_AMOUNT.fullmatch(cleaned[1:]):
        raise ValueError("Enter an amount of £0 or more")
    if not PLAIN_AMOUNT.fullmatch(cleaned):
        # Only digits and a decimal point: Decimal alone would take "1e3" or "NaN".
        raise ValueError("Enter an amount in pounds and pence, like 12.50")
    amount = Decimal(cleaned)
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError("Enter an amount to the nearest penny")
    if amount > Decimal("1000000"):
        raise ValueError("Enter an amount of £1,000,000 or less")
    return int((amount * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
