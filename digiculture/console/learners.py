"""The console's page *Learners*: upload the roster, see every problem first, then import;
each learner's invitation, sign-up and last activity.

The roster is read and checked by the kit's one reader (`course.roster_import.preview_roster`:
CSV with `,` or `;`, any common encoding, or .xlsx; each problem with its line, column and
fix, in the facilitator's language) and imported by `hub.setup.add_learners`, exactly what
`digiculture hub add-learners` does (gradebook, hub group, Unix account, invitations). The
uploaded file waits between the preview and the import in the hub's folder, readable by root
only, under a random name; it is deleted once imported. New invitations: `hub.setup.invite`
(as `digiculture hub invite`).
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tornado.ioloop import IOLoop

from digiculture.console.base import ConsoleHandler, NavEntry, column_headers, esc, para
from digiculture.console.words import N_, Words
from digiculture.course.facilitator_texts import facilitator_texts, translate_how
from digiculture.course.roster import Learner, load_course_roster
from digiculture.course.roster_import import RosterPreview, preview_roster
from digiculture.errors import UserError

NAV = NavEntry("learners", N_("Learners"))
#: The kinds of roster file the kit reads.
SUFFIXES = (".csv", ".txt", ".xlsx")
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
MAX_BYTES = 5 * 1024 * 1024


# -- the uploaded file, between preview and import ---------------------------------------------
def uploads_folder(hub_dir: Path) -> Path:
    folder = Path(hub_dir) / "console" / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder.parent, 0o700)
    os.chmod(folder, 0o700)
    return folder


def safe_file_name(name: str) -> str:
    """The uploaded file's own name without folders or odd characters (it labels problems)."""
    base = Path(name.replace("\\", "/")).name
    stem, suffix = os.path.splitext(base)
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip(".-")[:60] or "roster"
    return stem + suffix.lower()


def keep_upload(hub_dir: Path, file_name: str, body: bytes, words: Words) -> tuple[str, Path]:
    """Keep an uploaded roster privately until it is imported: (token, path). UserError with
    a sentence for a file the kit cannot read."""
    _ = words
    name = safe_file_name(file_name)
    if not body:
        raise UserError(_("The file is empty: choose the roster file again."))
    if len(body) > MAX_BYTES:
        raise UserError(
            _("The file is larger than 5 MB, too large for a roster: save only the roster sheet.")
        )
    if Path(name).suffix not in SUFFIXES:
        raise UserError(
            _(
                "The console reads a roster saved as CSV (.csv) or as an Excel workbook "
                "(.xlsx), not '{name}': save it as one of these and upload it again.",
                name=name,
            )
        )
    token = secrets.token_urlsafe(24)
    folder = uploads_folder(hub_dir) / token
    folder.mkdir(mode=0o700)
    path = folder / name
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(body)
    return token, path


def kept_upload(hub_dir: Path, token: str) -> Path | None:
    """The roster kept under `token`, or None (an unknown or malformed token)."""
    if not _TOKEN.match(token or ""):
        return None
    folder = Path(hub_dir) / "console" / "uploads" / token
    files = sorted(folder.iterdir()) if folder.is_dir() and not folder.is_symlink() else []
    files = [f for f in files if f.is_file() and not f.is_symlink()]
    return files[0] if files else None


def forget_upload(path: Path) -> None:
    shutil.rmtree(path.parent, ignore_errors=True)


#: Seconds an invitations file stays for download (it holds secret links).
INVITATIONS_KEPT = 24 * 3600


def keep_invitations(hub_dir: Path, cohort: str, rows: list) -> str:
    """The invitations as the CSV `hub add-learners` writes (`cli.hub.write_invitations`: id,
    name, email, link, valid until), kept privately for download under a new token; files
    older than a day are removed."""
    import time

    from digiculture.cli.hub import write_invitations

    folder = uploads_folder(hub_dir).parent / "invitations"
    folder.mkdir(mode=0o700, exist_ok=True)
    for old in folder.iterdir():
        if old.is_dir() and time.time() - old.stat().st_mtime > INVITATIONS_KEPT:
            shutil.rmtree(old, ignore_errors=True)
    token = secrets.token_urlsafe(24)
    (folder / token).mkdir(mode=0o700)
    write_invitations(folder / token / f"invitations-{cohort}.csv", rows)
    return token


def kept_invitations(hub_dir: Path, token: str) -> Path | None:
    if not _TOKEN.match(token or ""):
        return None
    folder = Path(hub_dir) / "console" / "invitations" / token
    files = sorted(folder.glob("invitations-*.csv")) if folder.is_dir() else []
    files = [f for f in files if f.is_file() and not f.is_symlink()]
    return files[0] if files else None


# -- the preview -----------------------------------------------------------------------------
def hub_name_problems(learners: list[Learner]) -> list[tuple[int, str]]:
    """(line, sentence) for each id the hub cannot take as an account's name."""
    from digiculture.hub.names import name_problem

    return [(lr.line, p) for lr in learners if (p := name_problem(lr.id))]


def preview_html(preview: RosterPreview, file_name: str, words: Words) -> tuple[str, bool]:
    """The preview as HTML (how the file was read, counts, the table of problems) and
    whether the roster may be imported (no problem at all)."""
    _ = words
    say = facilitator_texts(_.lang)
    parts = []
    if preview.how:
        how = translate_how(preview.how, _.lang)
        parts.append(f"<p>{esc(say('roster_read_as', file=file_name, how=how))}</p>")
    names = preview.names_to_check()
    if names:
        parts.append(f"<p>{esc(say('roster_names_check', names=', '.join(names)))}</p>")
    rows = [(r.line, r.column, r.what, r.fix) for r in preview.problem_rows(_.lang)]
    rows += [(line, "id", what, "") for line, what in hub_name_problems(preview.learners)]
    bad_lines = preview.check.bad_lines | {row[0] for row in rows if row[0]}
    good = [x for x in preview.learners if x.line not in bad_lines]
    counts = say("roster_counts", good=len(good), bad=len(bad_lines))
    parts.append(f'<p class="{"problem" if rows else "done"}" role="status">{esc(counts)}</p>')
    if rows:
        head = column_headers(say(k) for k in ("col_line", "col_column", "col_problem", "col_fix"))
        body = "".join(
            f"<tr><td>{line or ''}</td><td>{esc(column)}</td><td>{esc(what)}</td>"
            f"<td>{esc(fix)}</td></tr>"
            for line, column, what, fix in sorted(rows, key=lambda r: (r[0], r[1]))
        )
        parts.append(
            f'<table class="problems"><caption>{esc(_("Problems in {file}", file=file_name))}'
            f"</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
            f"<p>{esc(say('roster_fix_all'))}</p>"
        )
    elif preview.learners:
        head = column_headers((_("Id"), _("Name"), _("Country"), _("Language"), _("Institution")))
        body = "".join(
            f"<tr><td>{esc(x.id)}</td><td>{esc(x.name)}</td><td>{esc(_.country(x.country))}"
            f"</td><td>{esc(_.language(x.language))}</td><td>{esc(x.institution)}</td></tr>"
            for x in preview.learners
        )
        parts.append(
            f'<table class="preview"><caption>{esc(_("Learners to import"))}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        )
    return "".join(parts), not rows and bool(preview.learners)


# -- the table of learners -------------------------------------------------------------------
@dataclass(frozen=True)
class LearnerStatus:
    id: str
    name: str
    country: str
    language: str
    email: str
    #: 'signed_up', 'invited' (an invitation not used yet) or 'not_invited'
    account: str
    last_activity: datetime | None


def learner_statuses(
    roster: dict[str, Learner],
    on_hub: list[str],
    signed_up: set[str],
    pending: set[str],
    activity: dict[str, datetime | None],
) -> list[LearnerStatus]:
    """One row per learner of the cohort (the hub's list, with the roster's details)."""
    rows = []
    for name in sorted(set(on_hub) | set(roster)):
        learner = roster.get(name)
        if name in signed_up:
            account = "signed_up"
        elif name in pending:
            account = "invited"
        else:
            account = "not_invited"
        rows.append(
            LearnerStatus(
                id=name,
                name=learner.name if learner else "",
                country=learner.country if learner else "",
                language=learner.language if learner else "",
                email=learner.email if learner else "",
                account=account,
                last_activity=activity.get(name),
            )
        )
    return rows


def parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def hub_activity(api) -> dict[str, datetime | None] | None:  # noqa: ANN001 (HubAPI)
    """Each user's last activity from the hub's REST API; None when the hub does not answer."""
    from digiculture.hub.api import HubAPIError

    try:
        users = api.request("GET", "/users?limit=10000")
    except (OSError, HubAPIError):
        return None
    return {u["name"]: parse_time(u.get("last_activity")) for u in users}


def when(moment: datetime | None, words: Words) -> str:
    _ = words
    if moment is None:
        return _("never")
    from babel.dates import format_datetime

    try:
        return format_datetime(moment.astimezone(UTC), "short", tzinfo=UTC, locale=_.lang)
    except Exception:  # noqa: BLE001 (a date in ISO form is still readable)
        return moment.strftime("%Y-%m-%d %H:%M UTC")


ACCOUNT_WORDS = {
    "signed_up": N_("signed up"),
    "invited": N_("invited, not signed up yet"),
    "not_invited": N_("no invitation yet"),
}


class LearnersPage(ConsoleHandler):
    def learners_table(self, activity: dict[str, datetime | None] | None) -> str:
        from digiculture.hub import invitations, setup

        _ = self.words
        settings = self.kit
        state = self.hub_state()
        cohort = state.cohorts[self.cohort.course]
        rows = learner_statuses(
            load_course_roster(self.course.folder),
            cohort.learners,
            setup.signed_up(settings),
            invitations.pending(setup.layout_of(settings).root),
            activity or {},
        )
        if not rows:
            return f"<p>{esc(_('No learners yet: upload the cohort’s roster above.'))}</p>"
        head = column_headers(
            (
                _("Id"),
                _("Name"),
                _("Country"),
                _("Language"),
                _("Account"),
                _("Last activity"),
                _("Invitation"),
            )
        )
        body = []
        for row in rows:
            action = ""
            if row.account != "signed_up":
                action = (
                    f'<form method="post" action="{esc(self.url("learners/invite"))}" '
                    f'class="inline">{self.xsrf_form_html()}'
                    f'<input type="hidden" name="name" value="{esc(row.id)}">'
                    f'<button type="submit" class="secondary">'
                    f"{esc(_('New invitation for {name}', name=row.id))}</button></form>"
                )
            seen = when(row.last_activity, _) if activity is not None else _("unknown")
            body.append(
                f"<tr><td>{esc(row.id)}</td><td>{esc(row.name)}</td>"
                f"<td>{esc(_.country(row.country) if row.country else '')}</td>"
                f"<td>{esc(_.language(row.language) if row.language else '')}</td>"
                f'<td data-account="{row.account}">{esc(_(ACCOUNT_WORDS[row.account]))}</td>'
                f"<td>{esc(seen)}</td><td>{action}</td></tr>"
            )
        note = (
            ""
            if activity is not None
            else f"<p>{esc(_('The hub did not answer: last activity is not known now.'))}</p>"
        )
        caption = _("The cohort’s learners ({count})", count=len(rows))
        return (
            f'{note}<table id="learners"><caption>{esc(caption)}</caption><thead><tr>{head}'
            f"</tr></thead><tbody>{''.join(body)}</tbody></table>"
        )

    def upload_form(self) -> str:
        _ = self.words
        return (
            f'<h2 id="upload">{esc(_("Upload the roster"))}</h2>'
            + para(
                _(
                    "A spreadsheet with one learner a line and the columns id, name, email, "
                    "country, language, institution (more columns for mentoring may "
                    "follow), saved as CSV (commas or semicolons, any common encoding) or "
                    "as an Excel workbook (.xlsx). You see every problem before anything is "
                    "imported."
                )
            )
            + f'<form method="post" enctype="multipart/form-data" '
            f'action="{esc(self.url("learners/preview"))}">{self.xsrf_form_html()}'
            f'<label for="roster">{esc(_("Roster file"))}</label> '
            f'<input type="file" id="roster" name="roster" accept=".csv,.txt,.xlsx" required> '
            f'<button type="submit">{esc(_("Check the roster"))}</button></form>'
        )

    async def get(self) -> None:
        from digiculture.hub import setup

        _ = self.words
        api = setup.hub_api(self.kit, self.hub_state())
        # The hub's answer is awaited in a thread: the console goes on answering meanwhile.
        activity = await IOLoop.current().run_in_executor(None, hub_activity, api)
        self.render_page(
            _("Learners"),
            self.upload_form()
            + f"<h2>{esc(_('Invitations, sign-up and activity'))}</h2>"
            + self.learners_table(activity),
        )


class InvitationsMixin:
    def invitations_file(self, rows: list) -> str:
        """The download address of these invitations' CSV ('' for none)."""
        if not rows:
            return ""
        token = keep_invitations(self.kit.hub_dir, self.cohort.course, rows)
        return self.url("learners/invitations", file=token)


class InvitationsFile(ConsoleHandler):
    """The invitations' CSV of an import (secret links: the facilitator's only)."""

    def get(self) -> None:
        _ = self.words
        path = kept_invitations(self.kit.hub_dir, self.get_argument("file", ""))
        if path is None or not path.name.endswith(f"-{self.cohort.course}.csv"):
            raise UserError(
                _("These invitations are no longer here: make new ones on the page Learners.")
            )
        self.set_header("Content-Type", "text/csv; charset=utf-8")
        self.set_header("Content-Disposition", f'attachment; filename="{path.name}"')
        self.finish(path.read_bytes())


class PreviewRoster(ConsoleHandler):
    """Upload: keep the file, show the preview; an import button only when all is well."""

    def post(self) -> None:
        _ = self.words
        files = self.request.files.get("roster") or []
        if not files:
            raise UserError(_("No file was chosen: choose the roster file, then check it."))
        upload = files[0]
        hub_dir = self.kit.hub_dir
        token, path = keep_upload(hub_dir, upload["filename"], upload["body"], _)
        preview = preview_roster(path)
        html, importable = preview_html(preview, path.name, _)
        if importable:
            html += (
                f'<form method="post" action="{esc(self.url("learners/import"))}">'
                f'{self.xsrf_form_html()}<input type="hidden" name="upload" value="{token}">'
                f'<button type="submit" id="import">'
                f"{esc(_('Import these {count} learners', count=len(preview.learners)))}"
                "</button></form>"
            )
        else:
            forget_upload(path)
        html += self.back("learners", _("Back to the learners"))
        self.render_page(_("Check the roster"), html)


class ImportRoster(InvitationsMixin, ConsoleHandler):
    """Import the previewed roster: what `digiculture hub add-learners` does."""

    async def post(self) -> None:
        from digiculture.hub import setup

        _ = self.words
        path = kept_upload(self.kit.hub_dir, self.get_body_argument("upload", ""))
        if path is None:
            raise UserError(
                _(
                    "This roster was already imported or its preview is too old: upload the "
                    "file again."
                )
            )
        try:
            result = await IOLoop.current().run_in_executor(
                None, setup.add_learners, self.kit, self.cohort.course, path
            )
        except UserError as exc:
            problems = "".join(f"<li>{esc(p)}</li>" for p in getattr(exc, "problems", ()) or ())
            forget_upload(path)
            self.render_page(
                _("Nothing was imported"),
                f'<p role="alert" class="problem">{esc(str(exc))}</p>'
                + (f"<ul>{problems}</ul>" if problems else "")
                + self.back("learners", _("Back to the learners")),
                400,
            )
            return
        forget_upload(path)
        report = [
            _(
                "Added {added} new learners to {cohort} ({total} in all).",
                added=len(result.added),
                cohort=self.cohort.course,
                total=len(result.cohort.learners),
            ),
            _("The hub knows them now.")
            if result.hub_told
            else _("The hub knows them when it starts next."),
        ]
        html = f'<div class="report" role="status"><p>{esc(" ".join(report))}</p></div>'
        html += invitations_html(result.invitations, _, self.invitations_file(result.invitations))
        html += self.back("learners", _("Back to the learners"))
        self.render_page(_("Roster imported"), html)


def invitations_html(rows: list, words: Words, download: str = "") -> str:
    """The new invitations: one personal link each (send each to its person only), and the
    address of their CSV for a mail merge."""
    _ = words
    if not rows:
        return ""
    link = (
        f'<p><a id="invitations-csv" href="{esc(download)}" download>'
        f"{esc(_('Download the invitations for a mail merge (CSV)'))}</a></p>"
        if download
        else ""
    )
    body = "".join(
        f"<tr><td>{esc(inv.name)}</td><td>{esc(getattr(learner, 'name', '') or '')}</td>"
        f"<td>{esc(getattr(learner, 'email', '') or '')}</td>"
        f'<td><input type="text" readonly value="{esc(inv.link)}" '
        f'aria-label="{esc(_("Invitation link for {name}", name=inv.name))}" size="60"></td>'
        f"<td>{esc(inv.expires.date().isoformat())}</td></tr>"
        for learner, inv in rows
    )
    head = column_headers(
        (_("Id"), _("Name"), _("E-mail"), _("Personal sign-up link"), _("Valid until"))
    )
    caption = _("New invitations ({count})", count=len(rows))
    return (
        para(
            _(
                "Send each learner their own link (a mail merge): with it they choose a "
                "password and sign up once. The links are secret."
            )
        )
        + link
        + f'<table id="invitations"><caption>{esc(caption)}'
        f"</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


class InviteAgain(InvitationsMixin, ConsoleHandler):
    """A new invitation for a learner of the cohort who has not signed up (`hub invite`)."""

    def post(self) -> None:
        from digiculture.hub import setup

        _ = self.words
        name = self.get_body_argument("name", "")
        state = self.hub_state()
        if name not in state.cohorts[self.cohort.course].learners:
            raise UserError(_("'{name}' is not a learner of this cohort.", name=name))
        made = setup.invite(self.kit, state, [name], langs=_languages(self.course.folder))
        roster = load_course_roster(self.course.folder)
        if not made:
            html = para(_("{name} has already signed up: no invitation is needed.", name=name))
        else:
            rows = [(roster.get(i.name), i) for i in made]
            html = invitations_html(rows, _, self.invitations_file(rows))
        html += self.back("learners", _("Back to the learners"))
        self.render_page(_("New invitation"), html)


def _languages(course_dir: Path) -> dict[str, str]:
    return {i: x.language for i, x in load_course_roster(course_dir).items()}


HANDLERS = [
    ("learners", LearnersPage),
    ("learners/preview", PreviewRoster),
    ("learners/import", ImportRoster),
    ("learners/invite", InviteAgain),
    ("learners/invitations", InvitationsFile),
]
