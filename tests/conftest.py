"""Shared fixtures: the fixture folder, closed figures, seeded randomness, headless matplotlib."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(autouse=True)
def _seed_and_close():
    np.random.seed(0)
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
