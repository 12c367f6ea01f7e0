"""The console's page *Credentials*: issue them for everyone who passed, read the short
summary (units nobody started in one line), download each learner's zip and the mail-merge
CSV. The same functions as `digiculture credentials issue`: `credentials.issue.
issue_credentials` and `credentials.summary.summary_lines`; the files are those it writes in
`<course>/credentials/_send/`."""

from __future__ import annotations

from pathlib import Path

from tornado.ioloop import IOLoop

from digiculture.console.base import ConsoleHandler, NavEntry, esc, para
from digiculture.console.words import N_
from digiculture.course.roster import is_learner_id
from digiculture.errors import UserError

NAV = NavEntry("credentials", N_("Credentials"))


def send_folder(course_dir: Path) -> Path:
    from digiculture.credentials.issue import OUTPUT_FOLDER
    from digiculture.credentials.sending import SEND_FOLDER

    return Path(course_dir) / OUTPUT_FOLDER / SEND_FOLDER


def send_file(course_dir: Path, name: str) -> Path | None:
    """The file `name` of `_send/` when it is one the console offers (the mail merge, the
    list of credentials not issued, a learner's zip), a regular file and not a link."""
    from digiculture.credentials.sending import MAIL_MERGE_FILE, NOT_ISSUED_FILE

    stem, dot, suffix = name.rpartition(".")
    allowed = name in (MAIL_MERGE_FILE, NOT_ISSUED_FILE) or (
        dot == "." and suffix == "zip" and is_learner_id(stem)
    )
    path = send_folder(course_dir) / name
    if not allowed or path.is_symlink() or not path.is_file():
        return None
    return path


def issue_lines(course, settings, lang: str, unit: str | None, programme: bool) -> list[str]:  # noqa: ANN001
    """Issue as `digiculture credentials issue` does; the summary's lines."""
    from digiculture.course.facilitator_texts import facilitator_texts
    from digiculture.credentials.issue import issue_credentials
    from digiculture.credentials.summary import summary_lines

    report = issue_credentials(course.folder, settings, unit=unit, programme=programme)
    return summary_lines(report, facilitator_texts(lang))


class CredentialsPage(ConsoleHandler):
    def files_html(self) -> str:
        from digiculture.credentials.sending import MAIL_MERGE_FILE, NOT_ISSUED_FILE

        _ = self.words
        folder = send_folder(self.course.folder)
        if not folder.is_dir():
            return f"<p>{esc(_('No credentials issued yet.'))}</p>"
        links = []
        for name, label in (
            (MAIL_MERGE_FILE, _("Mail merge (name, e-mail, files)")),
            (NOT_ISSUED_FILE, _("Credentials not issued, with the reasons")),
        ):
            if (folder / name).is_file():
                href = self.url("credentials/file", name=name)
                links.append(f'<li><a href="{esc(href)}" download>{esc(label)}</a></li>')
        for zip_file in sorted(folder.glob("*.zip")):
            href = self.url("credentials/file", name=zip_file.name)
            label = _("Credentials of {learner} (zip)", learner=zip_file.stem)
            links.append(f'<li><a href="{esc(href)}" download>{esc(label)}</a></li>')
        return f'<ul id="credential-files">{"".join(links)}</ul>'

    def get(self) -> None:
        _ = self.words
        options = "".join(f'<option value="{esc(u)}">{esc(u)}</option>' for u in self.course.units)
        form = (
            f'<form method="post" action="{esc(self.url("credentials/issue"))}">'
            f"{self.xsrf_form_html()}"
            f'<label for="award">{esc(_("Which credentials"))}</label> '
            f'<select id="award" name="award"><option value="">{esc(_("Every unit"))}</option>'
            f"{options}"
            f'<option value="programme">{esc(_("The whole programme"))}</option></select> '
            f'<button type="submit" id="issue">{esc(_("Issue for everyone who passed"))}</button>'
            "</form>"
        )
        self.render_page(
            _("Credentials"),
            para(
                _(
                    "Each learner who passed gets a signed credential and a PDF "
                    "certificate; credentials issued before stay as they are."
                )
            )
            + f"{form}<h2>{esc(_('Files for sending'))}</h2>{self.files_html()}",
        )


class IssueCredentials(ConsoleHandler):
    async def post(self) -> None:
        _ = self.words
        award = self.get_body_argument("award", "")
        if award and award != "programme" and award not in self.course.units:
            raise UserError(_("Choose a unit of the course, every unit or the programme."))
        unit = award if award in self.course.units else None
        lines = await IOLoop.current().run_in_executor(
            None, issue_lines, self.course, self.kit, _.lang, unit, award == "programme"
        )
        body = "".join(f"<li>{esc(line.strip())}</li>" for line in lines)
        self.render_page(
            _("Credentials"),
            f'<div class="report" role="status"><ul id="summary">{body}</ul></div>'
            f"<h2>{esc(_('Files for sending'))}</h2>{CredentialsPage.files_html(self)}"
            + self.back("credentials", _("Back to the credentials")),
        )


class CredentialFile(ConsoleHandler):
    """One file of `_send/`: the mail merge, the not-issued list or a learner's zip."""

    def get(self) -> None:
        _ = self.words
        name = self.get_argument("name", "")
        path = send_file(self.course.folder, name)
        if path is None:
            raise UserError(_("There is no such file: issue the credentials first."))
        kind = "application/zip" if name.endswith(".zip") else "text/csv; charset=utf-8"
        self.set_header("Content-Type", kind)
        self.set_header("Content-Disposition", f'attachment; filename="{name}"')
        self.finish(path.read_bytes())


HANDLERS = [
    ("credentials", CredentialsPage),
    ("credentials/issue", IssueCredentials),
    ("credentials/file", CredentialFile),
]
