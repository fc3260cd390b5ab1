"""The settings and the result of a bootstrap, without numpy, for modules that only pass them on.

The resampling itself is :mod:`~annotator.agreement.bootstrap` (numpy); keeping these small types
apart lets the app and the command line import the agreement package without loading numpy until
an interval is actually computed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = [
    "DEFAULT_DRAWS",
    "DEFAULT_SEED",
    "FEW_CLUSTERS",
    "LEVEL",
    "THRESHOLDS",
    "BootstrapInterval",
    "BootstrapSettings",
]

#: Draws unless the caller asks for another number (Krippendorff suggests at least 1,000).
DEFAULT_DRAWS = 1000
#: The fixed default seed, so that a report made twice shows the same interval.
DEFAULT_SEED = 20070401
#: The confidence level of the interval.
LEVEL = 0.95
#: The smallest acceptable alphas of Krippendorff (2004, p. 241): P(alpha < t) is reported for each.
THRESHOLDS: tuple[float, ...] = (0.667, 0.800)
#: With this many sampled documents (units) or fewer, the interval earns a small-sample note.
FEW_CLUSTERS = 30


@dataclass(frozen=True, slots=True)
class BootstrapSettings:
    """How many resamples, from which seed, at which confidence level."""

    draws: int = DEFAULT_DRAWS
    seed: int = DEFAULT_SEED
    level: float = LEVEL
    thresholds: tuple[float, ...] = THRESHOLDS

    def __post_init__(self) -> None:
        if self.draws < 0:
            raise ValueError(f"the number of draws must not be negative, got {self.draws}")
        if not 0.0 < self.level < 1.0:
            raise ValueError(f"the confidence level must lie between 0 and 1, got {self.level}")


@dataclass(frozen=True, slots=True)
class BootstrapInterval:
    """A percentile interval and the probabilities of falling short of each threshold.

    ``p_below`` maps a threshold to the share of draws with alpha below it (Krippendorff's q).
    ``defined`` counts the draws in which alpha was defined; only those enter the figures.
    """

    low: float
    high: float
    p_below: Mapping[float, float] = field(default_factory=dict)
    draws: int = 0
    defined: int = 0
    level: float = LEVEL

    def contains(self, value: float) -> bool:
        return self.low <= value <= self.high
