"""`digiculture reflections`: the answers graded by hand, from the command line.

- `list`: the queue (one answer a line: its key, the learner, the points so far);
- `grade KEY --score S [--comment C]`: save a score and a comment into the gradebook;
- `comments list|add|remove --lang L [TEXT]`: the course's comment bank.

The facilitator's console shows the same queue one answer at a time
(`digiculture.grading.reflections`).
"""

from __future__ import annotations

from pathlib import Path

import typer

from digiculture.cli.grading import COURSE_DIR, _course_dir, quiet_nbgrader
from digiculture.course.facilitator_texts import check_language
from digiculture.errors import fail

app = typer.Typer(help="Grade the reflection answers by hand, and the comment bank.")
comments_app = typer.Typer(help="The course's reusable comments, per language.")
app.add_typer(comments_app, name="comments")

LANG = typer.Option(None, "--lang", help="Language of the messages (default: the course's).")


def _checked(lang: str | None) -> str | None:
    if (wrong := check_language(lang)) is not None:
        raise fail(wrong, 2)
    return lang


@app.command("list")
def list_answers(
    course_dir: Path | None = COURSE_DIR,
    unit: str | None = typer.Option(None, "--unit", help="Only this unit."),
    todo: bool = typer.Option(False, "--todo", help="Only the answers still to grade."),
    lang: str | None = LANG,
) -> None:
    """The answers to grade by hand, one a line: key, learner, language, points so far."""
    from digiculture.grading.reflections import reflection_queue, texts

    quiet_nbgrader()
    lang = _checked(lang)
    queue = reflection_queue(_course_dir(course_dir), unit, lang=lang)
    course_lang = lang or _course_language(course_dir)
    say = texts(course_lang)
    for item in queue:
        if todo and not item.needs_grading:
            continue
        points = say("not_graded") if item.points is None else f"{item.points:g}"
        typer.echo(f"{item.key}  {item.name} ({item.language})  {points} / {item.max_score:g}")
    graded = sum(not item.needs_grading for item in queue)
    typer.echo(say("progress", graded=graded, total=len(queue)))


def _course_language(course_dir: Path | None) -> str:
    from digiculture.course.folder import open_course

    return open_course(_course_dir(course_dir)).language


@app.command("grade")
def grade(
    key: str = typer.Argument(..., help="The answer's key, as `reflections list` shows it."),
    score: str = typer.Option(
        ..., "--score", help="Points from 0 to the answer's maximum ('' : not graded yet)."
    ),
    comment: str | None = typer.Option(None, "--comment", help="Your comment to the learner."),
    course_dir: Path | None = COURSE_DIR,
    lang: str | None = LANG,
) -> None:
    """Save a score and a comment of one answer into the course's gradebook."""
    from digiculture.grading.reflections import save_grade, texts

    quiet_nbgrader()
    lang = _checked(lang)
    item = save_grade(_course_dir(course_dir), key, score, comment, lang=lang)
    say = texts(lang or _course_language(course_dir))
    if item.score is None:
        typer.echo(say("saved_cleared", name=item.name))
    else:
        typer.echo(say("saved", name=item.name, score=f"{item.score:g}", max=f"{item.max_score:g}"))


BANK_LANG = typer.Option(..., "--lang", help="The comments' language (the learner's).")


@comments_app.command("list")
def comments_list(course_dir: Path | None = COURSE_DIR, lang: str = BANK_LANG) -> None:
    """The comments offered for answers in one language (the course's, then the kit's)."""
    from digiculture.grading.reflections import comment_bank

    for text in comment_bank(_course_dir(course_dir), lang):
        typer.echo(text)


@comments_app.command("add")
def comments_add(
    text: str = typer.Argument(..., help="The comment to keep."),
    course_dir: Path | None = COURSE_DIR,
    lang: str = BANK_LANG,
) -> None:
    """Keep a comment in the course's bank."""
    from digiculture.grading.reflections import add_comment

    for line in add_comment(_course_dir(course_dir), lang, text):
        typer.echo(line)


@comments_app.command("remove")
def comments_remove(
    text: str = typer.Argument(..., help="The comment to take out, as `list` shows it."),
    course_dir: Path | None = COURSE_DIR,
    lang: str = BANK_LANG,
) -> None:
    """Take a comment out of the course's bank (a kit default is hidden for this course)."""
    from digiculture.grading.reflections import remove_comment

    for line in remove_comment(_course_dir(course_dir), lang, text):
        typer.echo(line)
