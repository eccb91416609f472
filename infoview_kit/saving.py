"""Writing contacts back to a spreadsheet: formulas neutralised, dates as text, atomically."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")


def neutralise(contacts: pd.DataFrame) -> pd.DataFrame:
    """Prefix ``'`` to text a spreadsheet would run as a formula (OWASP CSV injection)."""
    out = contacts.copy()
    for column in out.columns:
        series = out[column]
        if series.dtype == object:
            is_text = series.map(lambda v: isinstance(v, str)).astype(bool)
        elif pd.api.types.is_string_dtype(series.dtype):
            is_text = series.notna()
        else:
            continue
        text = series.where(is_text).astype("str")
        risky = (
            is_text
            & text.str.startswith(_FORMULA_START).fillna(False).astype(bool)
            & ~text.str.match(_PLAIN_NUMBER.pattern).fillna(False).astype(bool)
        )
        if risky.any():
            out[column] = series.where(~risky, "'" + text)
    return out


def dates_as_text(contacts: pd.DataFrame) -> pd.DataFrame:
    """Dates as ISO text (no time part when every time is midnight); booleans as yes/no."""
    out = contacts.copy()
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_datetime64_any_dtype(series.dtype):
            has_time = (series.dropna() != series.dropna().dt.normalize()).any()
            fmt = "%Y-%m-%d %H:%M:%S" if has_time else "%Y-%m-%d"
            out[column] = series.dt.strftime(fmt)
        elif series.dtype == bool:
            out[column] = np.where(series, "yes", "no")
    return out


def write_xlsx(contacts: pd.DataFrame, path: str) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    out = contacts.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column].dtype):
            out[column] = out[column].map(
                lambda v: ILLEGAL_CHARACTERS_RE.sub("\ufffd", v) if isinstance(v, str) else v
            )
    out.to_excel(path, index=False, engine="openpyxl", sheet_name="Contacts")
