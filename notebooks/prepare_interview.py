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
# # Prepare your next informational interview
#
# Upload your contacts sheet (or start with the sample), pick a person, and get a question plan,
# a request to send and the follow-ups that are due. Your sheet stays on this computer.

# %% tags=["parameters"]
contacts_path = "../data/sample_contacts.csv"  # the sheet (or list of sheets) the page starts with
read_options = {}  # how to read it: sheet, columns ({"Their header": "name"}), dayfirst

# %% tags=["waits-for-page"]
from infoview_kit.app import InterviewApp, wait_for_page

wait_for_page()  # the served app: read the sheet when the page is opened

# %%
InterviewApp(contacts_path, read_options=read_options)
