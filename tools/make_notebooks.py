"""Write the four notebooks in ``notebooks/`` (without outputs).

The notebooks are the product people open; this script is their source, so that a change of
wording is reviewed as text. Run ``python tools/make_notebooks.py`` after editing.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent.parent / "notebooks"


def md(text: str):
    return new_markdown_cell(text.strip())


def code(text: str, *, tags: tuple[str, ...] = ()):
    cell = new_code_cell(text.strip())
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def parameters(text: str):
    return code(text, tags=("parameters",))


def network_report():
    return [
        md("""
# Your networking report

This report reads your contacts spreadsheet and shows how your informational interviews are
going: who you reached, who answered, how your network grows through introductions, and what to
do next. Nothing leaves your computer.
"""),
        parameters("""
contacts_path = "../data/sample_contacts.csv"  # your contacts spreadsheet (.csv or .xlsx)
owner = ""  # whose report this is (default: the file name)
as_of = ""  # the day the report describes, like 2026-11-01 (default: today)
"""),
        code("""
%matplotlib inline
import matplotlib.pyplot as plt

import infoview_kit as kit
from infoview_kit.views import NetworkReport

report = NetworkReport(contacts_path, owner=owner, as_of=as_of)
contacts = report.contacts
report.headline()
"""),
        md("""
## From list to conversations

Each bar is a step: people on your list, those you asked, those who answered, the
conversations you held and the thank-yous you sent. The last bar counts people you reached
through an introduction.
"""),
        code("""
fig, ax = plt.subplots(figsize=(7, 3.5))
kit.plot_funnel(contacts, ax=ax, as_of=report.as_of);
"""),
        md("## How your network grows"),
        code("""
fig, ax = plt.subplots(figsize=(8, 3.5))
kit.plot_network_growth(contacts, ax=ax);
"""),
        code("""
fig, ax = plt.subplots(figsize=(8, 3))
kit.plot_weekly_activity(contacts, ax=ax, as_of=report.as_of);
"""),
        md("""
## Who answers

The share of people who answered, by how you found them and by how you reached out. The
whiskers show the range the true rate plausibly lies in (95%): with few requests, it is wide.
"""),
        code("""
fig, axes = plt.subplots(1, 2, figsize=(11, 3.8))
kit.plot_response_rates(contacts, by="source", ax=axes[0])
kit.plot_response_rates(contacts, by="channel", ax=axes[1])
fig.tight_layout();
"""),
        code('report.rates("source")'),
        code('report.rates("channel")'),
        md("## How long replies take"),
        code("""
fig, ax = plt.subplots(figsize=(7, 3))
kit.plot_time_to_response(contacts, ax=ax);
"""),
        code("report.reply_times()"),
        md("""
## Who introduced whom

Every introduction is a line, from the person who introduced you to the person you met
through them. Asking "who else should I speak to?" at the end of each conversation is how this
tree grows.
"""),
        code("""
fig, ax = plt.subplots(figsize=(9, 6))
kit.plot_referral_tree(contacts, ax=ax);
"""),
        md("""
## What to do next

Thank-yous within a day, a polite follow-up after a week without reply (and someone else at
the same employer after three business days), telling the people who introduced you how it
went, and keeping in touch every few months.
"""),
        code("report.follow_ups()"),
        md("## Questions for your next conversation"),
        code("report.next_meeting()"),
        md("""
## What the kit could not read in your sheet

Every value is kept; these are the cells it could not place, with the row your spreadsheet
shows them on.
"""),
        code("report.problems()"),
    ]


def workshop():
    return [
        md("""
# Informational interviews: a workshop

An **informational interview** is a short conversation in which you ask someone about their
work, their path and their advice. It is *not* a job interview, and you never ask for a job.
You ask for 20 to 30 minutes of their experience.

Why bother? People say yes more often than you expect: most enjoy being asked for advice. And
the conversations add up: roughly one in twelve leads, sooner or later, to an offer, usually
through the people you are introduced to along the way.

**The shape of a good one**

1. Say how you got their name (an introduction beats a cold message).
2. Say who you are and what you are exploring, in one or two sentences.
3. Ask for advice and 20 to 30 minutes, at their convenience.
4. Prepare 8 to 10 open questions, in priority order, that the web cannot answer.
5. Let them talk. Close by asking who else to speak to, and whether you can help them.
6. Send a thank-you within a day; tell the person who introduced you; keep in touch.

In this session we work with a sample sheet of 150 (invented) contacts. Change
`contacts_path` to use your own.
"""),
        parameters("""
contacts_path = "../data/sample_contacts.csv"  # the sheet to work with
"""),
        code("""
%matplotlib inline
import matplotlib.pyplot as plt

import infoview_kit as kit

report = kit.check_contacts(contacts_path)
contacts = report.contacts
print(report.summary())
"""),
        md("""
## Exercise 1: read the funnel

Where does this person lose most people: asking, getting answers, or turning answers into
conversations?
"""),
        code("""
fig, ax = plt.subplots(figsize=(7, 3.5))
kit.plot_funnel(contacts, ax=ax);
"""),
        code('kit.response_rates(contacts, by="source")'),
        md("""
**Discuss:** referrals and alumni usually answer far more often than cold messages. What
would you change in *your* outreach after seeing this? Why are the intervals for some
sources so wide?
"""),
        md("""
## Exercise 2: who needs a follow-up?

The rules: a thank-you within a day of every conversation; after three business days without
a reply, approach someone else at the same employer; after seven, one polite follow-up; keep
in touch every few months; tell the person who introduced you.
"""),
        code("""
due = kit.follow_ups(contacts)
due.head(10)
"""),
        md("**Discuss:** which of these would you do first, and why?"),
        md("""
## Exercise 3: plan the questions for one contact

Pick someone and a meeting length. The plan fits their seniority, their company and the
person who introduced you, and always ends with "who else should I talk to?" and "how can I
help you?".
"""),
        code("""
someone = contacts[contacts["referred_by"].notna()].iloc[0]
kit.suggest_questions(someone, goal="explore", minutes=30)
"""),
        md("**Discuss:** which question would you cut if you only had 15 minutes?"),
        md("""
## Exercise 4: check a request

Here is a first draft of a request. The checker compares it with the guides' rules. Rewrite
it until it has no findings, or compare it with the kit's own draft below.
"""),
        code('''
draft = """Hello, I am looking for a job in data science. Are you hiring?
Could we meet for an hour next Tuesday at 9? I have a degree in statistics and I have
done many projects and I think my experience would be a great fit."""
for finding in kit.lint_outreach(draft, contact=someone):
    print(f"- {finding.message} {finding.suggestion}")
'''),
        code("""
me = {"name": "Jordan Lee", "status": "final-year student", "field": "statistics",
      "interest": "careers in data science"}
print(kit.draft_outreach(someone, me=me).email)
"""),
        md("""
**Discuss:** what makes the second version easier to say yes to?

**Before next session:** send two requests, record them in your sheet, and bring it along.
"""),
    ]


def prepare_interview():
    return [
        md("""
# Prepare your next informational interview

Upload your contacts sheet (or start with the sample), pick a person, and get a question plan,
a request to send and the follow-ups that are due. Your sheet stays on this computer.
"""),
        parameters("""
contacts_path = "../data/sample_contacts.csv"  # the sheet the page starts with
"""),
        code("""
from infoview_kit.app import InterviewApp

InterviewApp(contacts_path)
"""),
    ]


def cohort_dashboard():
    return [
        md("""
# Cohort dashboard

One row per participant sheet in the cohort folder: how much outreach each person did, how
often people answered (with an honest range), the conversations held, how reliably thank-yous
went out, and what is overdue. Names are replaced by stable pseudonyms unless you turn
`anonymize` off.
"""),
        parameters("""
cohort_dir = "../data/cohort"  # a folder of participants' sheets (.csv or .xlsx)
as_of = ""  # the day to measure from, like 2026-11-01 (default: today)
anonymize = True  # show stable pseudonyms instead of names
"""),
        code("""
%matplotlib inline
import matplotlib.pyplot as plt

from infoview_kit.charts import plot_cohort_activity, plot_cohort_rates
from infoview_kit.views import cohort_table, table

cohort = cohort_table(cohort_dir, as_of=as_of or None, anonymize=anonymize)
table(cohort)
"""),
        code("""
fig, axes = plt.subplots(2, 1, figsize=(10, 8))
plot_cohort_activity(cohort, ax=axes[0])
plot_cohort_rates(cohort, ax=axes[1])
fig.tight_layout();
"""),
        md("""
**Reading it:** a wide whisker means few requests, so the rate says little yet. Low
thank-you rates and many overdue follow-ups are the easiest habits to fix in a workshop.
"""),
    ]


def main() -> None:
    notebooks = {
        "network_report.ipynb": network_report(),
        "workshop.ipynb": workshop(),
        "prepare_interview.ipynb": prepare_interview(),
        "cohort_dashboard.ipynb": cohort_dashboard(),
    }
    for name, cells in notebooks.items():
        notebook = new_notebook(cells=cells)
        for number, cell in enumerate(notebook.cells):  # stable ids: regenerating changes nothing
            cell.id = f"{Path(name).stem.replace('_', '-')}-{number:02d}"
        notebook.metadata["kernelspec"] = {
            "name": "python3",
            "display_name": "Python 3",
            "language": "python",
        }
        notebook.metadata["language_info"] = {"name": "python"}
        if name == "prepare_interview.ipynb":
            notebook.metadata["voila"] = {"template": "lab"}
        nbformat.validate(notebook)
        nbformat.write(notebook, HERE / name)
        print("wrote", HERE / name)


if __name__ == "__main__":
    main()
