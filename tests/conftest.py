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


def build(*records: dict):
    """A canonical contacts frame from a few hand-written records (dates as ISO strings)."""
    import pandas as pd

    from infoview_kit import schema

    data = {column: [r.get(column) for r in records] for column in schema.COLUMNS}
    frame = pd.DataFrame(data)
    for column in schema.TEXT_COLUMNS:
        frame[column] = frame[column].astype("str")
    for column in schema.DATE_COLUMNS:
        frame[column] = pd.to_datetime(frame[column]).astype(schema.DATETIME_DTYPE)
    frame["responded"] = frame["responded"].fillna(False).astype(bool)
    return frame
