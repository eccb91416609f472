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
# # Informational interviews: a 60-minute workshop
#
# An **informational interview** is a short conversation in which you ask someone about their
# work, their path and their advice. It is *not* a job interview, and you never ask for a job.
# You ask for 20 to 30 minutes of their experience.
#
# **For the coach:** run the cells from top to bottom before the group arrives, so the kernel
# is warm. Participants work in pairs on one screen; nobody needs to edit code: the sheet, the
# person and the numbers are picked with the controls under each exercise. Facilitator notes
# are marked *Facilitator*.

# %% tags=["parameters"]
contacts_path = "../data/sample_contacts.csv"  # the sheet to start with; any file the kit reads

# %%
from infoview_kit.workshop import agenda_view
from infoview_kit.workshop_widgets import Workshop

ws = Workshop(contacts_path)
agenda_view()

# %% [markdown]
# ## By the end of the hour you can
#
# 1. Say what an informational interview is for, and why you never ask for a job in one.
# 2. Read your own numbers: where people stop answering, and which sources answer best.
# 3. Know who to follow up with this week, and when (a thank-you within a day; 3B7).
# 4. Prepare 8 to 10 open questions for one person, grouped by TIARA, best first.
# 5. Write a short request that says how you found them and asks for 20 to 30 minutes.
# 6. Leave with a plan for the coming week that fits the time you really have.
#
# ## Welcome (0:00 to 0:07, whole group)
#
# People say yes more often than you expect: most enjoy being asked for advice. And the
# conversations add up: roughly one in twelve leads, sooner or later, to an offer, usually
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
# > *Facilitator:* ask two people to say what they fear most about asking a stranger for
# > advice; come back to it in the wrap-up. Form pairs now. Everyone starts on the sample
# > sheet (150 invented contacts); a pair may switch to one partner's own sheet below.

# %%
ws.sheet_picker()

# %% [markdown]
# ## Exercise 1: read the funnel (0:07 to 0:15, pairs, then share)
#
# Where does this person lose most people: asking, getting answers, or turning answers into
# conversations? Which sources answer best, and how sure can we be?

# %%
ws.funnel()

# %% [markdown]
# **Pairs (5 min):** each partner names the biggest drop and one change to make because of it.
#
# > *Facilitator (3 min):* take two answers. Point out that referrals and alumni usually
# > answer far more often than cold messages, and that a source with few requests has a wide
# > range: "likely between 10% and 70%" means we do not know yet. A sheet with no requests
# > (a fresh LinkedIn export) shows none: that is the starting point, not a failure.

# %% [markdown]
# ## Exercise 2: who needs a follow-up? (0:15 to 0:23, pairs)
#
# The rules: a thank-you within a day of every conversation; after three business days without
# a reply, approach someone else at the same employer; after seven, one polite follow-up (3B7);
# keep in touch every few months; tell the person who introduced you.

# %%
ws.follow_ups()

# %% [markdown]
# **Pairs (6 min):** pick the three you would do first, and say why. Draft the first one's
# message aloud to your partner.
#
# > *Facilitator (2 min):* thank-yous first (they lose value by the day), then 3B7 steps.
# > Ask who had an overdue follow-up in their own life this month.

# %% [markdown]
# ## Exercise 3: plan the questions for one person (0:23 to 0:35, pairs, role-play)
#
# Type a name or a company to pick someone, and choose the meeting length and your goal. The
# questions fit their seniority, their company and the person who introduced you, follow the
# TIARA order (trends, insights, advice, resources, assignments), and always end with "who
# else should I talk to?" and "how can I help you?".

# %%
ws.questions()

# %% [markdown]
# **Role-play (8 min):** one partner plays the contact, the other asks the first four
# questions; swap after four minutes. Then: which question would you cut if you only had
# 15 minutes? Switch the length to check.
#
# > *Facilitator (4 min):* listen for yes/no questions and questions the web could answer;
# > ask the group to rewrite one together.

# %% [markdown]
# ## Exercise 4: check a request (0:35 to 0:45, pairs, swap drafts)
#
# Here is a weak first draft of a request to the person you picked above. The checker compares
# it with the guides' rules as you type. Rewrite it until it has no findings, then compare it
# with the kit's own draft under it.

# %%
ws.request()

# %% [markdown]
# **Pairs (7 min):** rewrite on your own for four minutes, then swap and read your partner's
# draft as its recipient would: would you say yes?
#
# > *Facilitator (3 min):* what makes the kit's version easier to say yes to? (How they were
# > found, one line about you, advice not a job, 20 to 30 minutes at their convenience.)

# %% [markdown]
# ## Exercise 5: plan your week (0:45 to 0:55, on your own, then pairs)
#
# How much time can you give this each week? The plan fits the follow-ups, thank-yous and new
# requests into it, most urgent first, with an honest estimate of the minutes each one takes.
# Move the sliders to your own time and goal.

# %%
ws.week()

# %% [markdown]
# **On your own (5 min), then pairs (5 min):** what did not fit? Would you drop it, or find
# another half hour? After a week without a reply, is it still worth waiting, and what does
# the follow-up say?
#
# The links under the plan save it as a page, or as blocks in your calendar.
#
# ## Wrap-up (0:55 to 1:00, whole group)
#
# Each person says one commitment for the week aloud: a name and a day.
#
# > *Facilitator:* come back to the fears named at the start. **Before next session:** send
# > two requests, record them in your sheet, and bring it along.
