"""Every text the learner helpers show a learner, in one table (English, the source language).

Checks, friendly errors, the kernel's greeting and `catch_up()` take their words from here.
Each entry is a `str.format` template; its `{names}` are filled in by `say`. The table is the
source of the gettext domain `learn` (`digiculture translations update` extracts it, the key
as context); `say` speaks the learner's language (`digiculture.learn.language`), falling back
to English for the whole message when a part of it has no translation.
"""

from __future__ import annotations

import re

from digiculture.learn.language import HELPERS_DOMAIN, Msg, check_text, fill, language, lookup

TEXTS: dict[str, str] = {
    # --- the unit's greeting (start_unit) and the kernel's help ---
    "welcome": "Welcome to '{title}' (about {minutes} minutes).",
    "ready": "Everything is ready. Read each part, then run the cells one by one (Shift + Enter).",
    "catch_up_offer": "Coming back later, or after a restart? Type catch_up() in a cell and "
    "run it: it runs the examples and your answers above again.",
    "binder_warning": "This is a temporary session (Binder): your work is lost when you close "
    "the page or leave it unused for about 10 minutes. To keep it, click: {link}",
    "binder_link_text": "Download my notebook",
    "binder_continue": "To continue later, open the course again and upload the downloaded "
    "file (the Upload button above the list of files).",
    # --- checks ---
    "well_done": "✓ {What}: well done!",
    "shape_only": "✓ {What}: the shape is right. Whether it is right is checked when your "
    "work is graded, so read it once more before you hand it in.",
    "not_answered": "You have not answered yet: {what} still has no value. Replace the None "
    "or ... in the exercise cell with your answer and run that cell again.",
    "not_right_reveal": "{What} is not right yet: the expected answer is {expected}, but "
    "yours is {actual}.",
    "not_right": "{What} is not right yet (yours is {actual}).",
    "tip": " Tip: {hint}",
    "should_be_not_bool": "{What} should be {wanted}, not True/False.",
    "should_be": "{What} should be {wanted}, but it is {kind}.",
    "kind_int": "a whole number",
    "kind_float": "a number",
    "kind_str": "a text (in quotes)",
    "kind_list": "a list [...]",
    "kind_dict": "a dictionary {{...}}",
    "kind_bool": "True or False",
    "kind_table": "a table",
    "kind_column": "one column of a table",
    "kind_other": "a {name}",
    "or": " or ",
    "not_a_table": "{What} should be a table, but it is {kind}.",
    "missing_columns": "{What} is missing the column(s) {missing}; it has {columns}.",
    "rows_reveal": "{What} has {n} rows; it should have {expected} rows.",
    "rows_secret": "{What} has {n} rows; it should have a different number of rows.",
    "not_everything": "{What} does not say everything it should yet.",
    "should_mention": " It should mention: {missing}.",
    "check_failed": "This check did not pass yet.",
    # --- specific help for beginners' typical answers ---
    "sentence_not_value": "{What} should be only one value, not a sentence: write only {only}, "
    "in quotes.",
    "only_the_answer": "the answer itself",
    "decimal_comma": "{What} is not right yet: a number is written with a comma ({actual}). "
    "In Python a comma separates two values: write decimals with a point, 1.15, not 1,15.",
    "text_not_number": "{What} is a text in quotes ({actual}), not a number: remove the quotes.",
    "stale_after_fix": "Your {what} is right now, but {column} still holds values from an "
    "earlier run. Run {cell} again (it makes {column} afresh), then your cell, then this check.",
    # --- friendly errors ---
    "cannot_run": "✗ Python could not run this cell{where}.",
    "where_line": " (line {line} of this cell)",
    "what_it_says": "  What it says: {name}: {message}",
    "tip_line": "  Tip: {tip}",
    "nothing_broken": "  Nothing is broken: correct the cell and run it again.",
    "run_above_first": "✗ The name {name} is made in a cell above, but that cell has not run "
    "yet, or it stopped with a ✗ message (when a notebook is opened again or restarted, "
    "Python forgets every name).",
    "run_above_how": "  What to do: run the cells above first. Menu Run > Run All Above "
    "Selected Cell, or type catch_up() in a cell and run it (it also gets past exercises that "
    "are not right yet). Then run this cell again.",
    "tip_NameError": "a name must be written exactly as where it was made (capitals count). "
    "If it comes from an earlier cell, run the cells above first: menu Run, "
    "'Run All Above Selected Cell'.",
    "tip_KeyError": "a column or key with this name does not exist. Check the spelling, or "
    "look at the names with table.columns.",
    "tip_TypeError": "a value of the wrong kind was used, for example a text where a number "
    "is needed. Check what each value is.",
    "tip_ValueError": "a value has the right kind but an unexpected content. Check the values "
    "you typed.",
    "tip_AttributeError": "this value has no such part or command. Check the spelling after "
    "the dot.",
    "tip_IndexError": "there is no item at this position. Lists start counting at 0.",
    "tip_ZeroDivisionError": "a number was divided by zero. Check that the count you divide "
    "by is not 0.",
    "tip_ModuleNotFoundError": "this extra tool is not installed in the course. Use only the "
    "tools the unit shows.",
    "tip_FileNotFoundError": "the file is not where the code looks for it. Check its name.",
    "excel_function": "{name}(...) is a spreadsheet formula, not Python. In Python: "
    'len(table) counts the rows, table["column"].sum() adds up a column, '
    'table["column"].mean() gives the average.',
    "excel_what": "Python does not know {name}(...).",
    "unequal_lists": "the lists for a table must all be equally long, but they are not: "
    "{lengths}. Add the missing value(s) to the shorter list.",
    "unequal_lists_what": "The lists have different lengths.",
    "text_vs_number": "a text in quotes was compared with a number. Write numbers without "
    'quotes: 1900, not "1900".',
    "text_vs_number_what": "A text in quotes cannot be compared with a number.",
    "jargon_what": "{name}.",
    # --- catch_up() ---
    "catch_up_no_notebook": "✗ catch_up() could not find this notebook's file. Use the menu "
    "Run > Run All Above Selected Cell instead.",
    "catch_up_done": "✓ Caught up: {ran} cells ran again. You can go on where you were.",
    "catch_up_skipped": "  Not right yet, skipped (come back to them): {cells}.",
    "catch_up_save": "  catch_up() runs the notebook as last saved: save first (Ctrl + S) if "
    "you have just changed an answer.",
}

#: Words of the libraries that mean nothing to a learner, replaced in any message shown.
JARGON: dict[str, str] = {
    "UFuncTypeError": "wrong kind of value",
    "dtype": "kind of value",
    "Series": "column",
    "DataFrame": "table",
    "Index": "list of names",
}


#: Values of a message written by a unit's author (in English): translated as check texts.
AUTHORED_VALUES = ("what", "hint", "only")
#: The context of the jargon's plain words in the domain `learn`.
JARGON_CONTEXT = "jargon"


def _capital(text: Msg) -> Msg:
    english = text.english[:1].upper() + text.english[1:]
    return Msg(text[:1].upper() + text[1:], english, text.complete)


def say(key: str, **values: object) -> Msg:
    """The text `key` in the learner's language, filled in.

    `what`, `hint` and `only` are a unit author's words and are translated too; `What` in a
    template is `what` with a capital letter.
    """
    for name in AUTHORED_VALUES:
        if isinstance(values.get(name), str):
            values[name] = check_text(values[name])  # type: ignore[arg-type]
    what = values.get("what")
    if isinstance(what, Msg):
        values.setdefault("What", _capital(what))
    template = TEXTS[key]
    return fill(template, lookup(HELPERS_DOMAIN, template, key), values)


def plain(message: str) -> str:
    """`message` with the libraries' jargon replaced by plain words (in the learner's language)."""
    for word, replacement in JARGON.items():
        if language() != "en":
            replacement = lookup(HELPERS_DOMAIN, replacement, JARGON_CONTEXT) or replacement
        message = re.sub(rf"\b{re.escape(word)}(?!\w)", replacement, message)
    return message
