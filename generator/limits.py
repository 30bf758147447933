"""The limits of a plan, in one place: whatever `check` accepts, `build` builds in
bounded time and memory. Each is reported at the value's line and column (the README
lists them, with why). A real plan stays far below every one.
"""
from __future__ import annotations

# --- the YAML file (load.py)
MAX_FILE_BYTES = 20_000_000  # a plan or the registry; the largest real plan is some 30 KB, a 5 MB one builds in a second
MAX_DEPTH = 100  # levels of nesting; deeper is a mistake, or an alias that contains itself
MAX_VALUES = 200_000  # values once aliases are expanded: a plan has a few thousand; `&a [*b, *b, ...]` billions
# libyaml's composer recurses in C: some 30 000 levels overflow the stack and kill the process. Each level
# opens at an indicator ([ { - ? :), so a text with fewer of them is composed directly; another is first read
# as events (no recursion) and refused past MAX_DEPTH.
COMPOSE_SAFE = 5_000

# --- dates and periods (fields.py, model.py)
FIRST_YEAR, LAST_YEAR = 1900, 2100  # a date's year; a calendar event ends the day after its deadline
MAX_PERIOD_YEARS = 30  # a plan's period (`2021-2025`): recurring tasks expand once per month of it

# --- what one plan makes (model.py)
MAX_DUE_DATES = 10_000  # rows of the checklist and events of the calendar, recurrences expanded
MAX_OWNERS = 200  # distinct owner units: `--by-owner` writes one checklist for each
MAX_FORM_ENTRIES = 500  # rows of a registration form's table
MAX_FORM_COLUMNS = 12  # columns of that table, sharing the page's width
MAX_NUMBER = 999_999  # a document's number, copies to archive, a form's entries: printed numbers

# --- file names (a file name holds at most 255 bytes; read.py, model.py, derive/tasks.py)
FORM_ID_LENGTH = 80  # `plan.<form id>.docx`
OWNER_KEY_LENGTH = 80  # `plan.checklist.<owner>.docx`, from the owner's name
# The longest name a plan's stem is given: `.checklist.<owner>.docx` adds 96 bytes, the
# temporary file of an atomic write 14 more.
MAX_PLAN_NAME_BYTES = 140

# --- messages (errors.py)
EXCERPT = 60  # characters of a value quoted in a message; the rest is "…"
MAX_MESSAGE = 400  # characters of a whole message: never a whole file
