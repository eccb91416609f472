"""The canonical contacts frame: its columns, vocabularies and the synonyms the loader knows.

This module is data only. The loader (:mod:`infoview_kit.contacts`) reads it; so do the tests and
the sample generator, so that a new synonym added here is picked up everywhere.

Header synonyms are written already *normalised*: lower case, with every character that is not a
letter or a digit removed (``"Response? (Y/N)"`` becomes ``"responseyn"``).
"""

from __future__ import annotations

#: Canonical columns, in the order the frame always has them.
COLUMNS: tuple[str, ...] = (
    "name",
    "company",
    "role",
    "industry",
    "location",
    "seniority",
    "source",
    "referred_by",
    "channel",
    "email",
    "linkedin_url",
    "added_on",
    "contacted_on",
    "responded",
    "responded_on",
    "met_on",
    "thanked_on",
    "last_contact_on",
    "next_follow_up_on",
    "status",
    "priority",
    "notes",
    "sources",
)

DATE_COLUMNS: tuple[str, ...] = (
    "added_on",
    "contacted_on",
    "responded_on",
    "met_on",
    "thanked_on",
    "last_contact_on",
    "next_follow_up_on",
)

BOOL_COLUMNS: tuple[str, ...] = ("responded",)

TEXT_COLUMNS: tuple[str, ...] = tuple(
    c for c in COLUMNS if c not in DATE_COLUMNS and c not in BOOL_COLUMNS
)

#: Parts of ``name`` joined by the loader, in this order.
NAME_PARTS: tuple[str, ...] = ("first_name", "middle_name", "last_name")

#: Columns that say something without being canonical columns themselves: a "Thank you sent"
#: column of Y/N marks says who was thanked (the status), though not when.
FLAG_TARGETS: tuple[str, ...] = ("thanked",)

#: The dates that count as an interaction with the person (for ``last_contact_on``).
INTERACTION_COLUMNS: tuple[str, ...] = ("contacted_on", "responded_on", "met_on", "thanked_on")

#: The dtype of every canonical column.
DATETIME_DTYPE = "datetime64[ns]"

# ---------------------------------------------------------------------------------------------
# Vocabularies
# ---------------------------------------------------------------------------------------------

SENIORITY: tuple[str, ...] = ("emerging", "mid-career", "established")

SOURCES: tuple[str, ...] = (
    "referral",
    "alumni",
    "personal",
    "event",
    "linkedin",
    "online-research",
    "cold",
    "other",
)

CHANNELS: tuple[str, ...] = ("email", "linkedin", "phone", "in-person", "video", "letter", "other")

#: Pipeline stages, earliest first. A contact's status is the furthest stage reached.
STATUSES: tuple[str, ...] = (
    "to-contact",
    "requested",
    "responded",
    "declined",
    "scheduled",
    "met",
    "thanked",
)

#: Statuses that mean the person answered (yes or no).
ANSWERED_STATUSES: frozenset[str] = frozenset(
    {"responded", "declined", "scheduled", "met", "thanked"}
)

VOCABULARIES: dict[str, tuple[str, ...]] = {
    "seniority": SENIORITY,
    "source": SOURCES,
    "channel": CHANNELS,
    "status": STATUSES,
}

# ---------------------------------------------------------------------------------------------
# Value synonyms. Keys are normalised like headers (lower case, letters and digits only).
# Exact matches are tried first, then KEYWORDS: the first keyword found inside the value wins.
# ---------------------------------------------------------------------------------------------

VALUE_SYNONYMS: dict[str, dict[str, str]] = {
    "seniority": {
        "emerging": "emerging",
        "entry": "emerging",
        "entrylevel": "emerging",
        "junior": "emerging",
        "jr": "emerging",
        "graduate": "emerging",
        "earlycareer": "emerging",
        "intern": "emerging",
        "associate": "emerging",
        "midcareer": "mid-career",
        "mid": "mid-career",
        "midlevel": "mid-career",
        "intermediate": "mid-career",
        "senior": "mid-career",
        "manager": "mid-career",
        "established": "established",
        "executive": "established",
        "exec": "established",
        "director": "established",
        "vp": "established",
        "vicepresident": "established",
        "partner": "established",
        "principal": "established",
        "clevel": "established",
        "leadership": "established",
        "latecareer": "established",
    },
    "source": {
        "referral": "referral",
        "referred": "referral",
        "introduction": "referral",
        "intro": "referral",
        "alumni": "alumni",
        "alum": "alumni",
        "alumnus": "alumni",
        "alumna": "alumni",
        "personal": "personal",
        "friend": "personal",
        "family": "personal",
        "neighbour": "personal",
        "neighbor": "personal",
        "event": "event",
        "careerfair": "event",
        "jobfair": "event",
        "conference": "event",
        "meetup": "event",
        "webinar": "event",
        "linkedin": "linkedin",
        "onlineresearch": "online-research",
        "research": "online-research",
        "google": "online-research",
        "companywebsite": "online-research",
        "website": "online-research",
        "cold": "cold",
        "coldoutreach": "cold",
        "coldemail": "cold",
        "other": "other",
    },
    "channel": {
        "email": "email",
        "mail": "email",
        "gmail": "email",
        "outlook": "email",
        "linkedin": "linkedin",
        "inmail": "linkedin",
        "linkedinmessage": "linkedin",
        "phone": "phone",
        "call": "phone",
        "phonecall": "phone",
        "telephone": "phone",
        "text": "phone",
        "sms": "phone",
        "inperson": "in-person",
        "coffee": "in-person",
        "lunch": "in-person",
        "facetoface": "in-person",
        "officevisit": "in-person",
        "meeting": "in-person",
        "video": "video",
        "zoom": "video",
        "teams": "video",
        "msteams": "video",
        "googlemeet": "video",
        "meet": "video",
        "skype": "video",
        "webex": "video",
        "videocall": "video",
        "letter": "letter",
        "post": "letter",
        "other": "other",
    },
    "status": {
        "tocontact": "to-contact",
        "notcontacted": "to-contact",
        "todo": "to-contact",
        "new": "to-contact",
        "notstarted": "to-contact",
        "requested": "requested",
        "contacted": "requested",
        "sent": "requested",
        "reachedout": "requested",
        "emailed": "requested",
        "messaged": "requested",
        "awaitingreply": "requested",
        "waiting": "requested",
        "pending": "requested",
        "noreply": "requested",
        "noresponse": "requested",
        "responded": "responded",
        "replied": "responded",
        "answered": "responded",
        "declined": "declined",
        "notinterested": "declined",
        "saidno": "declined",
        "rejected": "declined",
        "scheduled": "scheduled",
        "booked": "scheduled",
        "meetingset": "scheduled",
        "meetingscheduled": "scheduled",
        "met": "met",
        "done": "met",
        "completed": "met",
        "interviewed": "met",
        "spoke": "met",
        "talked": "met",
        "thanked": "thanked",
        "thankyousent": "thanked",
        "thanksent": "thanked",
    },
}

#: Ordered (keyword, value) rules tried when no exact synonym matches: "Professor referral".
VALUE_KEYWORDS: dict[str, tuple[tuple[str, str], ...]] = {
    "seniority": (
        ("entry", "emerging"),
        ("junior", "emerging"),
        ("mid", "mid-career"),
        ("senior", "mid-career"),
        ("executive", "established"),
        ("director", "established"),
    ),
    "source": (
        ("referr", "referral"),
        ("introduc", "referral"),
        ("alum", "alumni"),
        ("fair", "event"),
        ("conference", "event"),
        ("meetup", "event"),
        ("event", "event"),
        ("linkedin", "linkedin"),
        ("research", "online-research"),
        ("website", "online-research"),
        ("cold", "cold"),
        ("friend", "personal"),
        ("family", "personal"),
    ),
    "channel": (
        ("email", "email"),
        ("mail", "email"),
        ("linkedin", "linkedin"),
        ("phone", "phone"),
        ("call", "phone"),
        ("coffee", "in-person"),
        ("inperson", "in-person"),
        ("zoom", "video"),
        ("video", "video"),
        ("teams", "video"),
    ),
    "status": (
        ("thank", "thanked"),
        ("declin", "declined"),
        ("schedul", "scheduled"),
        ("replied", "responded"),
        ("awaiting", "requested"),
    ),
}

#: Yes/no spellings for a "Response? (Y/N)" column, normalised.
TRUE_WORDS: frozenset[str] = frozenset(
    {"y", "yes", "true", "t", "1", "x", "✓", "✔", "☑", "✅", "checked", "ja", "oui", "si"}
    | {"replied", "responded", "sent", "done"}
)
FALSE_WORDS: frozenset[str] = frozenset(
    {"n", "no", "false", "f", "0", "none", "noreply", "noresponse", "nope", "☐", "unchecked"}
    | {"nein", "non", "notyet"}
)

#: Courtesy titles: a "Title" column holding these is not a job title (Outlook's first column).
HONORIFICS: frozenset[str] = frozenset(
    {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "rev", "madam"}
    | {"herr", "frau", "mme", "mlle", "m", "sr", "sra", "dott"}
)

# ---------------------------------------------------------------------------------------------
# Header synonyms: normalised header -> canonical column. "first_name"/"last_name" are parts of
# "name" joined by the loader.
# ---------------------------------------------------------------------------------------------

HEADER_SYNONYMS: dict[str, str] = {
    # name
    "name": "name",
    "fullname": "name",
    "contact": "name",
    "contactname": "name",
    "person": "name",
    "who": "name",
    "firstname": "first_name",
    "first": "first_name",
    "givenname": "first_name",
    "forename": "first_name",
    "lastname": "last_name",
    "last": "last_name",
    "surname": "last_name",
    "familyname": "last_name",
    # company
    "company": "company",
    "companyname": "company",
    "organization": "company",
    "organisation": "company",
    "org": "company",
    "employer": "company",
    "firm": "company",
    "workplace": "company",
    # role
    "role": "role",
    "title": "role",
    "position": "role",
    "jobtitle": "role",
    "job": "role",
    "occupation": "role",
    # industry, location
    "industry": "industry",
    "sector": "industry",
    "field": "industry",
    "location": "location",
    "city": "location",
    "region": "location",
    "basedin": "location",
    # seniority
    "seniority": "seniority",
    "level": "seniority",
    "careerstage": "seniority",
    "careerlevel": "seniority",
    # source
    "source": "source",
    "howifoundthem": "source",
    "howfound": "source",
    "howifound": "source",
    "howwemet": "source",
    "howiknowthem": "source",
    "howdoyouknowthem": "source",
    "foundvia": "source",
    "leadsource": "source",
    "connectiontype": "source",
    # referred_by
    "referredby": "referred_by",
    "introducedby": "referred_by",
    "referrer": "referred_by",
    "introducer": "referred_by",
    "referral": "referred_by",
    "referralfrom": "referred_by",
    # channel
    "channel": "channel",
    "method": "channel",
    "contactmethod": "channel",
    "outreachmethod": "channel",
    "medium": "channel",
    "via": "channel",
    # email, linkedin_url
    "email": "email",
    "emailaddress": "email",
    "mail": "email",
    "url": "linkedin_url",
    "profile": "linkedin_url",
    "profileurl": "linkedin_url",
    "linkedin": "linkedin_url",
    "linkedinurl": "linkedin_url",
    "linkedinprofile": "linkedin_url",
    # dates
    "dateadded": "added_on",
    "addedon": "added_on",
    "added": "added_on",
    "connectedon": "added_on",
    "datefound": "added_on",
    "datecontacted": "contacted_on",
    "contactedon": "contacted_on",
    "contacted": "contacted_on",
    "outreachdate": "contacted_on",
    "dateofoutreach": "contacted_on",
    "firstcontact": "contacted_on",
    "requestsent": "contacted_on",
    "datesent": "contacted_on",
    "responded": "responded",
    "response": "responded",
    "responseyn": "responded",
    "replied": "responded",
    "reply": "responded",
    "gotresponse": "responded",
    "responsedate": "responded_on",
    "dateresponded": "responded_on",
    "respondedon": "responded_on",
    "replydate": "responded_on",
    "datereplied": "responded_on",
    "meetingdate": "met_on",
    "interviewdate": "met_on",
    "dateofmeeting": "met_on",
    "datemet": "met_on",
    "meton": "met_on",
    "meetingdateinterviewdate": "met_on",
    "informationalinterviewdate": "met_on",
    "thankyousent": "thanked_on",
    "thankyounotesent": "thanked_on",
    "thankyoudate": "thanked_on",
    "thanked": "thanked_on",
    "thankedon": "thanked_on",
    "thanksent": "thanked_on",
    "lastcontact": "last_contact_on",
    "lastcontacted": "last_contact_on",
    "lastcontacton": "last_contact_on",
    "lastinteraction": "last_contact_on",
    "nextfollowup": "next_follow_up_on",
    "followup": "next_follow_up_on",
    "followupdate": "next_follow_up_on",
    "nextfollowupdate": "next_follow_up_on",
    "nextfollowupon": "next_follow_up_on",
    # the rest
    "status": "status",
    "stage": "status",
    "outcome": "status",
    "priority": "priority",
    "importance": "priority",
    "notes": "notes",
    "note": "notes",
    "comments": "notes",
    "comment": "notes",
    "remarks": "notes",
}

#: Headers of trackers kept in French, German and Spanish.
HEADER_SYNONYMS.update(
    {
        "nom": "name",
        "nomcomplet": "name",
        "prenom": "first_name",
        "nomdefamille": "last_name",
        "entreprise": "company",
        "societe": "company",
        "poste": "role",
        "fonction": "role",
        "vorname": "first_name",
        "nachname": "last_name",
        "firma": "company",
        "unternehmen": "company",
        "nombre": "name",
        "apellido": "last_name",
        "apellidos": "last_name",
        "empresa": "company",
        "cargo": "role",
    }
)

#: Headers of the exports people have: Google Contacts (current and legacy), Outlook, Notion,
#: Airtable, Trello, job trackers and career-centre trackers (see tests/fixtures/README.md).
HEADER_SYNONYMS.update(
    {
        "middlename": "middle_name",
        "additionalname": "middle_name",
        "organizationname": "company",
        "organization1name": "company",
        "organisationname": "company",
        "currentcompany": "company",
        "organizationtitle": "role",
        "organization1title": "role",
        "jobposition": "role",
        "currentrole": "role",
        "emailvalue": "email",
        "email1value": "email",
        "primaryemail": "email",
        "workemail": "email",
        "linkedinprofileurl": "linkedin_url",
        "createdtime": "added_on",
        "created": "added_on",
        "createdat": "added_on",
        "datecreated": "added_on",
        "dateofinitialcontact": "contacted_on",
        "initialcontact": "contacted_on",
        "initialcontactdate": "contacted_on",
        "lastcontacteddate": "last_contact_on",
        "lastactivitydate": "last_contact_on",
        "dateofinformationalinterview": "met_on",
        "meeting": "met_on",
        "meetingon": "met_on",
        "informationalinterview": "met_on",
        "informationalinterviewdate": "met_on",
        "replyreceived": "responded",
        "responsereceived": "responded",
        "thankyou": "thanked_on",
        "thankyounote": "thanked_on",
        "nextactiondate": "next_follow_up_on",
        "duedate": "next_follow_up_on",
        "followupon": "next_follow_up_on",
        "howconnected": "source",
        "howweconnected": "source",
        "methodofcontact": "channel",
        "contactmethodused": "channel",
        "cardname": "name",
        "carddescription": "notes",
        "description": "notes",
        "listname": "status",
        "rueckmeldung": "responded",
        "antworterhalten": "responded",
    }
)

#: Words that rule a header out for a column, whatever else it says: "Company Main Phone" is
#: not the company, "E-mail 1 - Label" not the e-mail, "Follow-Up Notes" not a date.
_NOT_TEXT = frozenset(
    {"phone", "fax", "pager", "label", "type", "yomi", "phonetic", "date", "web", "page"}
    | {"website", "url", "id", "count", "department", "street", "postal", "code", "address"}
    | {"birthday", "anniversary", "symbol", "description", "time", "on", "at", "when"}
    | {"email", "mail", "notes", "note", "display", "method", "how", "sent", "received"}
)
_NOT_DATE = frozenset({"notes", "note", "comments", "method", "how", "who", "by", "type"})
HEADER_VETOES: dict[str, frozenset[str]] = {
    "name": _NOT_TEXT
    | {"company", "organization", "organisation", "manager", "assistant", "spouse", "file"}
    | {"board", "list", "referred", "introduced", "initial", "nick", "prefix", "suffix"},
    "first_name": _NOT_TEXT | {"phonetic", "yomi"},
    "middle_name": _NOT_TEXT | {"phonetic", "yomi"},
    "last_name": _NOT_TEXT | {"phonetic", "yomi"},
    "company": _NOT_TEXT | {"main", "city", "state", "country", "location", "title"},
    "role": _NOT_TEXT | {"name"},
    "industry": _NOT_TEXT,
    "location": _NOT_TEXT,
    "seniority": _NOT_TEXT,
    "source": _NOT_TEXT - {"how"},
    "referred_by": _NOT_TEXT,
    "channel": _NOT_TEXT - {"method", "how"},
    "email": frozenset({"type", "label", "display", "status", "sent", "date"}),
    "linkedin_url": frozenset({"type", "label", "card", "photo"}),
    "status": _NOT_TEXT,
    "priority": _NOT_TEXT,
    "notes": frozenset({"date", "phone", "count", "follow", "up"}),
    "responded": _NOT_DATE,
}
for _column in DATE_COLUMNS:
    HEADER_VETOES[_column] = _NOT_DATE

#: Sheet names that hold no contacts (a workbook's instructions, an archive, lists for menus).
NOT_CONTACT_SHEETS: frozenset[str] = frozenset(
    {"instructions", "instruction", "readme", "howto", "help", "about", "archive", "archived"}
    | {"template", "example", "examples", "lists", "list", "settings", "lookup", "dropdowns"}
)

#: Every canonical name also matches itself (``referred_by`` -> ``referredby``).
for _column in COLUMNS:
    HEADER_SYNONYMS.setdefault(_column.replace("_", ""), _column)
del _column
