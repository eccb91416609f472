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
# # Informational interviews: a workshop
#
# An **informational interview** is a short conversation in which you ask someone about their
# work, their path and their advice. It is *not* a job interview, and you never ask for a job.
# You ask for 20 to 30 minutes of their experience.
#
# Why bother? People say yes more often than you expect: most enjoy being asked for advice. And
# the conversations add up: roughly one in twelve leads, sooner or later, to an offer, usually
# through the people you are introduced to along the way.
#
# **The shape of a good one**
#
# 1. Say how you got their name (an introduction beats a cold message).
# 2. Say who you are and what you are exploring, in one or two sentences.
# 3. Ask for advice and 20 to 30 minutes, at their convenience.
# 4. Prepare 8 to 10 open questions, in priority order, that the web cannot answer.
# 5. Let them talk. Close by asking who else to speak to, and whether you can help them.
# 6. Send a thank-you within a day; tell the person who introduced you; keep in touch.
#
# In this session we work with a sample sheet of 150 (invented) contacts. Change
# `contacts_path` to use your own.

# %% tags=["parameters"]
contacts_path = "../data/sample_contacts.csv"  # the sheet to work with

# %%
# %matplotlib inline
import matplotlib.pyplot as plt

import infoview_kit as kit

report = kit.check_contacts(contacts_path)
contacts = report.contacts
print(report.summary())

# %% [markdown]
# ## Exercise 1: read the funnel
#
# Where does this person lose most people: asking, getting answers, or turning answers into
# conversations?

# %%
fig, ax = plt.subplots(figsize=(7, 3.5))
kit.plot_funnel(contacts, ax=ax);

# %%
kit.response_rates(contacts, by="source")

# %% [markdown]
# **Discuss:** referrals and alumni usually answer far more often than cold messages. What
# would you change in *your* outreach after seeing this? Why are the intervals for some
# sources so wide?

# %% [markdown]
# ## Exercise 2: who needs a follow-up?
#
# The rules: a thank-you within a day of every conversation; after three business days without
# a reply, approach someone else at the same employer; after seven, one polite follow-up; keep
# in touch every few months; tell the person who introduced you.

# %%
due = kit.follow_ups(contacts)
due.head(10)

# %% [markdown]
# **Discuss:** which of these would you do first, and why?

# %% [markdown]
# ## Exercise 3: plan the questions for one contact
#
# Pick someone and a meeting length. The plan fits their seniority, their company and the
# person who introduced you, and always ends with "who else should I talk to?" and "how can I
# help you?".

# %%
someone = contacts[contacts["referred_by"].notna()].iloc[0]
kit.suggest_questions(someone, goal="explore", minutes=30)

# %% [markdown]
# **Discuss:** which question would you cut if you only had 15 minutes?

# %% [markdown]
# ## Exercise 4: check a request
#
# Here is a first draft of a request. The checker compares it with the guides' rules. Rewrite
# it until it has no findings, or compare it with the kit's own draft below.

# %%
draft = """Hello, I am looking for a job in data science. Are you hiring?
Could we meet for an hour next Tuesday at 9? I have a degree in statistics and I have
done many projects and I think my experience would be a great fit."""
for finding in kit.lint_outreach(draft, contact=someone):
    print(f"- {finding.message} {finding.suggestion}")

# %%
me = {"name": "Jordan Lee", "status": "final-year student", "field": "statistics",
      "interest": "careers in data science"}
print(kit.draft_outreach(someone, me=me).email)

# %% [markdown]
# **Discuss:** what makes the second version easier to say yes to?

# %% [markdown]
# ## Exercise 5: plan your week
#
# How much time can you give this each week? The plan fits the follow-ups, thank-yous and new
# requests into it, most urgent first, with an honest estimate of the minutes each one takes.
# Change `minutes` and `weekly_goal` and run the cell again.

# %%
from infoview_kit.views import plan_table

plan = kit.weekly_plan(contacts, minutes=90, weekly_goal=3)
plan_table(plan)

# %%
print(kit.reply_chance(contacts, waited=7).words)

# %% [markdown]
# **Discuss:** what did not fit? Would you drop it, or find another half hour? After a week
# without a reply, is it still worth waiting, and what does the follow-up say?
#
# `kit.plan_markdown(plan, "my_week.md")` saves the plan as a page, and
# `kit.write_ics(kit.plan_calendar_items(plan), "my_week.ics")` as blocks in your calendar.
#
# **Before next session:** send two requests, record them in your sheet, and bring it along.
