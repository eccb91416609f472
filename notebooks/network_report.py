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

# %% tags=["parameters"]
contacts_path = "../data/sample_contacts.csv"  # your contacts spreadsheet (.csv or .xlsx)
owner = ""  # whose report this is (default: the file name)
as_of = ""  # the day the report describes, like 2026-11-01 (default: today)
read_options = {}  # how to read the sheet: sheet, columns ({"Their header": "name"}), dayfirst
cohort_figures = {}  # a batch's cohort figures, for "You and your cohort"

# %%
# %matplotlib inline
import matplotlib.pyplot as plt

import infoview_kit as kit
from infoview_kit.charts import READABLE
from infoview_kit.views import NetworkReport

plt.rcParams.update(READABLE)
# Each chart cell ends with plt.show(): left to the end of the cell, the inline backend would
# draw every chart one extra time before drawing it for the page.

report = NetworkReport(contacts_path, owner=owner, as_of=as_of, read_options=read_options)
contacts = report.contacts
report.headline()

# %% [markdown]
# ## From list to conversations
#
# Each bar is a step: people on your list, those you asked, those who answered, the
# conversations you held and the thank-yous you sent. Each percentage is a share of the step it
# names: "62% of those you asked" means 62 of every 100 people you asked answered. The last bar
# counts people you reached through an introduction.

# %%
fig, ax = plt.subplots(figsize=(6.5, 3.6))
kit.plot_funnel(contacts, ax=ax, as_of=report.as_of)
plt.show()

# %% [markdown]
# ## How your network grows

# %%
fig, ax = plt.subplots(figsize=(6.5, 3.6))
kit.plot_network_growth(contacts, ax=ax, as_of=report.as_of)
plt.show()

# %%
fig, ax = plt.subplots(figsize=(6.5, 3.2))
kit.plot_weekly_activity(contacts, ax=ax, as_of=report.as_of)
plt.show()

# %% [markdown]
# ## Who answers
#
# The share of the people you asked who answered, by how you found them and by how you
# reached out. The whiskers show the range the true share plausibly lies in (95%): with few
# requests, it is wide.

# %%
fig, ax = plt.subplots(figsize=(5.2, 3.8))
kit.plot_response_rates(contacts, by="source", ax=ax, as_of=report.as_of)
plt.show()

# %%
report.rates("source")

# %%
fig, ax = plt.subplots(figsize=(5.2, 3.2))
kit.plot_response_rates(contacts, by="channel", ax=ax, as_of=report.as_of)
plt.show()

# %%
report.rates("channel")

# %% [markdown]
# ## How long replies take

# %%
fig, ax = plt.subplots(figsize=(6.5, 3.2))
kit.plot_time_to_response(contacts, ax=ax, as_of=report.as_of)
plt.show()

# %%
report.reply_times()

# %% [markdown]
# ## Who introduced whom
#
# Every introduction is a line, from the person who introduced you to the person you met
# through them. Asking "who else should I speak to?" at the end of each conversation is how this
# tree grows.

# %%
kit.plot_referral_tree(contacts, as_of=report.as_of)
plt.show()

# %% [markdown]
# ## What to do next
#
# Thank-yous within a day, a polite follow-up after a week without reply (and someone else at
# the same employer after three business days), telling the people who introduced you how it
# went, and keeping in touch every few months.

# %%
report.follow_ups()

# %% [markdown]
# ## Is it still worth waiting?
#
# From your own requests: after so many days without a reply, how often did a reply still come?
# Requests not answered yet count as still waiting. The shaded band is the range the true chance
# plausibly lies in (95%); where the line is dashed, too few requests waited that long to say.

# %%
fig, ax = plt.subplots(figsize=(6.5, 3.4))
kit.plot_reply_chances(contacts, ax=ax, as_of=report.as_of)
plt.show()

# %%
report.still_waiting()

# %% [markdown]
# ## Your week
#
# A plan for the seven days from the report's date, in two hours: thank-yous first, then
# preparing your conversations, follow-ups by the 3B7 rule, telling the people who introduced
# you, keeping in touch, and new requests toward five a week. Each block has an estimate of the
# minutes it takes; what did not fit is listed after it.

# %%
report.week(minutes=120, weekly_goal=5)

# %% [markdown]
# ## Questions for your next conversation

# %%
report.next_meeting()

# %%
from infoview_kit.cohort import you_and_your_cohort

you_and_your_cohort(
    contacts, cohort_figures, as_of=report.as_of, due=report.due
) if cohort_figures else None

# %% [markdown]
# ## What the kit could not read in your sheet
#
# Every value is kept; these are the cells it could not place, with the row your spreadsheet
# shows them on.

# %%
report.problems()
