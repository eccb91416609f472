# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Cohort dashboard
#
# One row per participant sheet in the cohort folder: how much outreach each person did, how
# often people answered (with an honest range), the conversations held, how reliably thank-yous
# went out, and what is overdue. Names are replaced by stable pseudonyms unless you turn
# `anonymize` off.

# %% tags=["parameters"]
cohort_dir = "../data/cohort"  # participants' sheets (.csv, .xlsx), or a batch's output folder
as_of = ""  # the day to measure from, like 2026-11-01 (default: today)
anonymize = True  # show stable pseudonyms instead of names

# %%
# %matplotlib inline
import matplotlib.pyplot as plt

from infoview_kit.charts import plot_cohort_activity, plot_cohort_rates
from infoview_kit.cohort import cohort_table
from infoview_kit.views import table

cohort = cohort_table(cohort_dir, as_of=as_of or None, anonymize=anonymize)
table(cohort)

# %%
fig, axes = plt.subplots(2, 1, figsize=(10, 8))
plot_cohort_activity(cohort, ax=axes[0])
plot_cohort_rates(cohort, ax=axes[1])
fig.tight_layout()
plt.show()  # drawn once for the page, not once more at the end of the cell

# %% [markdown]
# **Reading it:** a wide whisker means few requests, so the rate says little yet. Low
# thank-you rates and many overdue follow-ups are the easiest habits to fix in a workshop.
