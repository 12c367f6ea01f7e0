"""`digiculture credentials`: issue Open Badges 3.0 micro-credentials, and check one.

- `issue --course-dir DIR [--unit ID | --programme] [--output DIR] [--lang XX]`: for every
  learner who met the criteria (thresholds in the settings), a signed credential (JSON) and
  its PDF certificate in `DIR/credentials/<learner>/`; then one zip per learner, a mail-merge
  CSV (name, e-mail, files) and `not_issued.csv` in `DIR/credentials/_send/`, and a short
  summary (units nobody started in one line). The issuer key is made on first use.
- `verify FILE [--issuer DID]`: exit 0 and a summary when the credential is valid; exit 1
  and the reason when it was changed, has expired or was not issued with the kit's key.
- `key`: the issuer's public key (did:key), to publish for people who check credentials.

Exit codes: 0 done / valid; 1 not valid; 2 the facilitator's mistake (no course, unknown
unit, both --unit and --programme, no issuer key); 3 a bug in the kit (traceback in the log).
"""

from __future__ import annotations

from pathlib import Path

import typer
from tqdm import tqdm

from digiculture.cli.grading import quiet_nbgrader
from digiculture.errors import fail
from digiculture.settings import Settings

app = typer.Typer(
    help="Micro-credentials (Open Badges 3.0): issue them for a course, check one.",
    no_args_is_help=True,
)


@app.command("issue")
def issue(
    course_dir: Path = typer.Option(
        ..., "--course-dir", help="The cohort's course folder.", file_okay=False
    ),
    unit: str | None = typer.Option(None, "--unit", help="Only this unit (default: every unit)."),
    programme: bool = typer.Option(
        False, "--programme", help="The credential for the whole programme instead of units."
    ),
    output: Path | None = typer.Option(
        None,
        "--output",
        help="Where to write them (default: COURSE_DIR/credentials).",
        file_okay=False,
    ),
    lang: str | None = typer.Option(
        None, "--lang", help="Language of the summary (default: the course's)."
    ),
) -> None:
    """Issue a signed credential and a PDF certificate to every learner who met the criteria;
    then one zip per learner and a mail-merge CSV for sending them, and a short summary."""
    from digiculture.course.facilitator_texts import check_language, facilitator_texts
    from digiculture.course.folder import open_course
    from digiculture.credentials.issue import issue_credentials
    from digiculture.credentials.keys import IssuerKeyProblem
    from digiculture.credentials.summary import summary_lines

    quiet_nbgrader()
    if unit and programme:
        raise fail("Give either --unit or --programme, not both.", 2)
    if (wrong := check_language(lang)) is not None:
        raise fail(wrong, 2)
    course = open_course(course_dir)
    settings = Settings.load()
    bar: tqdm | None = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, desc="Issuing credentials", unit="learner")
        bar.update(1)

    try:
        report = issue_credentials(
            course_dir,
            settings,
            unit=unit,
            programme=programme,
            output=output,
            progress=progress,
        )
    except IssuerKeyProblem as exc:
        raise fail(str(exc), 2) from None
    finally:
        if bar is not None:
            bar.close()
    if report.key_made:
        typer.echo(
            f"Made the issuer key in {settings.issuer_keys} (keep a backup of that folder: "
            "without it, new credentials get a different key)."
        )
    for line in summary_lines(report, facilitator_texts(lang or course.language)):
        typer.echo(line)


@app.command("verify")
def verify(
    file: Path = typer.Argument(..., help="The credential's JSON file."),
    issuer: str | None = typer.Option(
        None, "--issuer", help="Trust this issuer key (did:key:...) instead of this kit's own."
    ),
) -> None:
    """Check a credential: schema, signature, issuer key, dates. Exit 0 when valid, else 1."""
    from digiculture.credentials.keys import load_public
    from digiculture.credentials.verify import verify_file

    settings = Settings.load()
    trusted = issuer or load_public(settings.issuer_keys)
    if trusted is None:
        raise fail(
            f"There is no issuer key in {settings.issuer_keys}, so the kit cannot tell whether "
            "the credential is its own: set DIGICULTURE_ISSUER_KEY_DIR to the folder of the "
            "key that issued it, or give the issuer's key with --issuer did:key:...",
            2,
        )
    if not file.is_file():
        raise fail(f"There is no file {file}: check the path.", 2)
    verdict = verify_file(file, trusted)
    if not verdict.valid:
        raise fail(f"NOT VALID: {file.name}. {verdict.reason}", 1)
    typer.echo(f"VALID: {file.name} is a genuine, unchanged credential of this issuer.")
    for line in verdict.summary:
        typer.echo(f"  {line}")


@app.command("key")
def key() -> None:
    """Print the issuer's public key (did:key), the one credentials are checked against."""
    from digiculture.credentials.keys import load_public

    settings = Settings.load()
    did = load_public(settings.issuer_keys)
    if did is None:
        raise fail(
            f"There is no issuer key in {settings.issuer_keys} yet: it is made the first time "
            "you run `digiculture credentials issue`.",
            2,
        )
    typer.echo(did)
