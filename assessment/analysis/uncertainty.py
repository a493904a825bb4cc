"""How sure a finding is: quantiles of Student's t and chi-square, the Welch interval of a
difference of two means, and a confidence bound on rwg.

Everything here works from a group's published figures (n, mean, sd), never from
row-level answers: a finding is then a function of what the release already shows, so
it cannot tell a reader anything the release does not.

The distribution functions are the regularised incomplete beta and gamma functions,
evaluated by their continued fractions and series (Numerical Recipes, 6.2 and 6.4) in
double precision; tests/test_findings.py checks the quantiles against scipy to 1e-9.
(python-flint's arb has both, but at its default precision it returns useless enclosures
for some arguments, and raising its precision is a process-wide setting, unsafe in a
threaded server.) Quantiles are found by Newton's method from a close approximation and cached.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from statistics import NormalDist

from assessment.analysis.scoring import uniform_variance

_NEWTON_STEPS = 50  # never reached: Newton from a close start converges in 3 to 5


def _solve(
    cdf: Callable[[float], float],
    pdf: Callable[[float], float],
    start: float,
    low: float,
    high: float,
    p: float,
) -> float:
    """The x in (low, high) where the increasing `cdf` reaches `p`: Newton steps from
    `start`, kept inside a bracket that shrinks by bisection whenever a step leaves it."""
    x = min(max(start, low), high)
    for _ in range(_NEWTON_STEPS):
        error = cdf(x) - p
        if error == 0:
            return x
        if error > 0:
            high = x
        else:
            low = x
        density = pdf(x)
        step = x - error / density if density > 0 else (low + high) / 2
        following = step if low < step < high else (low + high) / 2
        if abs(following - x) <= 1e-13 * max(1.0, abs(x)):
            return following
        x = following
    return x


_EPS = 1e-15
_TINY = 1e-300
_MAX_TERMS = 10_000


def incomplete_gamma(a: float, x: float) -> float:
    """The regularised lower incomplete gamma function P(a, x)."""
    if x <= 0:
        return 0.0
    log_front = -x + a * math.log(x) - math.lgamma(a)
    if x < a + 1:  # the series converges fast here
        term = total = 1 / a
        ap = a
        for _ in range(_MAX_TERMS):
            ap += 1
            term *= x / ap
            total += term
            if abs(term) < abs(total) * _EPS:
                break
        return min(1.0, total * math.exp(log_front))
    # the continued fraction for Q(a, x) = 1 - P(a, x) (modified Lentz)
    b = x + 1 - a
    c = 1 / _TINY
    d = 1 / b
    h = d
    for i in range(1, _MAX_TERMS):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = _TINY if abs(d) < _TINY else d
        c = b + an / c
        c = _TINY if abs(c) < _TINY else c
        d = 1 / d
        step = d * c
        h *= step
        if abs(step - 1) < _EPS:
            break
    return max(0.0, 1 - math.exp(log_front) * h)


def _beta_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function (modified Lentz)."""
    qab, qap, qam = a + b, a + 1, a - 1
    c = 1.0
    d = 1 - qab * x / qap
    d = 1 / (_TINY if abs(d) < _TINY else d)
    h = d
    for m in range(1, _MAX_TERMS):
        m2 = 2 * m
        for aa in (
            m * (b - m) * x / ((qam + m2) * (a + m2)),
            -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)),
        ):
            d = 1 + aa * d
            d = 1 / (_TINY if abs(d) < _TINY else d)
            c = 1 + aa / c
            c = _TINY if abs(c) < _TINY else c
            step = d * c
            h *= step
        if abs(step - 1) < _EPS:
            break
    return h


def incomplete_beta(a: float, b: float, x: float) -> float:
    """The regularised incomplete beta function I_x(a, b)."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    front = math.exp(
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1) / (a + b + 2):
        return front * _beta_fraction(a, b, x) / a
    return 1 - front * _beta_fraction(b, a, 1 - x) / b


@lru_cache(maxsize=4096)
def t_quantile(p: float, df: int) -> float:
    """The `p` quantile (p > 0.5) of Student's t with `df` degrees of freedom.

    P(T <= t) = 1 - I_x(df/2, 1/2) / 2 with x = df / (df + t^2), the regularised
    incomplete beta function; solved by Newton's method from the Cornish-Fisher value."""
    if df < 1 or not 0.5 < p < 1:
        raise ValueError("need df >= 1 and 0.5 < p < 1")
    half = df / 2
    log_norm = math.lgamma(half + 0.5) - math.lgamma(half) - 0.5 * math.log(df * math.pi)

    def cdf(t: float) -> float:
        return 1 - incomplete_beta(half, 0.5, df / (df + t * t)) / 2

    def pdf(t: float) -> float:
        return math.exp(log_norm - (df + 1) / 2 * math.log1p(t * t / df))

    z = NormalDist().inv_cdf(p)
    start = (
        z
        + (z**3 + z) / (4 * df)
        + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)
        + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * df**3)
    )
    return _solve(cdf, pdf, start, 0.0, max(2 * start, 1e6), p)


@lru_cache(maxsize=4096)
def chi2_quantile(p: float, df: int) -> float:
    """The `p` quantile of chi-square with `df` degrees of freedom: the regularised lower
    incomplete gamma function P(df/2, x/2) solved by Newton's method from the
    Wilson-Hilferty value."""
    if df < 1 or not 0 < p < 1:
        raise ValueError("need df >= 1 and 0 < p < 1")
    half = df / 2
    log_norm = -half * math.log(2) - math.lgamma(half)

    def cdf(x: float) -> float:
        return incomplete_gamma(half, x / 2)

    def pdf(x: float) -> float:
        return math.exp(log_norm + (half - 1) * math.log(x) - x / 2) if x > 0 else 0.0

    z = NormalDist().inv_cdf(p)
    start = df * max(1e-3, 1 - 2 / (9 * df) + z * math.sqrt(2 / (9 * df))) ** 3
    return _solve(cdf, pdf, start, 0.0, df + 40 * math.sqrt(2 * df) + 100, p)


@dataclass(frozen=True)
class Difference:
    """Mean one minus mean two with its Welch confidence interval and Cohen's d."""

    difference: float
    ci_low: float
    ci_high: float
    effect_size: float | None  # Cohen's d over the pooled sd; None when both sds are 0
    df: int

    @property
    def excludes_zero(self) -> bool:
        return self.ci_low > 0 or self.ci_high < 0


def welch(
    n1: int, mean1: float, sd1: float, n2: int, mean2: float, sd2: float, confidence: float
) -> Difference | None:
    """The difference of two independent groups' means, its two-sided Welch interval at
    `confidence` (unequal variances; degrees of freedom by Welch-Satterthwaite, rounded
    down, which widens the interval a little), and Cohen's d. None below two per side."""
    if n1 < 2 or n2 < 2:
        return None
    v1, v2 = sd1**2 / n1, sd2**2 / n2
    difference = mean1 - mean2
    pooled = math.sqrt(((n1 - 1) * sd1**2 + (n2 - 1) * sd2**2) / (n1 + n2 - 2))
    effect = difference / pooled if pooled > 0 else None
    se = math.sqrt(v1 + v2)
    if se == 0:
        return Difference(difference, difference, difference, effect, n1 + n2 - 2)
    df_exact = (v1 + v2) ** 2 / (v1**2 / (n1 - 1) + v2**2 / (n2 - 1))
    df = max(1, math.floor(df_exact))
    half = t_quantile(1 - (1 - confidence) / 2, df) * se
    return Difference(difference, difference - half, difference + half, effect, df)


def rwg_upper(n: int, sd: float, points: int, confidence: float) -> float | None:
    """The one-sided upper confidence bound of rwg = 1 - s^2 / sigma_EU^2 at
    `confidence`: from the lower bound of the true variance, (n - 1) s^2 /
    chi2_{confidence}(n - 1) (the chi-square interval for a variance). None below 2."""
    if n < 2:
        return None
    variance_low = (n - 1) * sd**2 / chi2_quantile(confidence, n - 1)
    return min(1.0, max(0.0, 1 - variance_low / uniform_variance(points)))
