"""The gettext catalogs of the kit: made from the English sources, kept by translators.

Layout (Babel's and Weblate's): `digiculture/locale/templates/DOMAIN.pot` is made from the
English sources by `update`; `digiculture/locale/LANG/LC_MESSAGES/DOMAIN.po` holds one
language; `compile` writes the `.mo` beside it (built by `make setup`, not kept in git).
Domains: `learn` (the learner helpers' messages), `nbgrader`, `reports`, one per unit (its id)
and one per text table of the kit's interface (`digiculture.interface_texts`: the start page,
the sign-up page, the credentials', facilitator's and institutions' texts, ...; context = the
text's key).

Keeping a language in step (`update`): a text whose English changed keeps its old translation
marked *fuzzy* (stale: shown in English until a translator checks it, then unmarks it), with
the old English as `#| msgid`; a new text is added untranslated; a text that is gone is kept
as obsolete (`#~`) so nothing a translator wrote is lost.

Review status: each `.po` says `X-Review-Status: draft` until a native speaker from the sector
has reviewed it (then `reviewed`, with `X-Reviewed-By`), as the profile's translations do.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import polib

from digiculture.gettext_catalogs import (
    CONSOLE_DOMAIN,
    LOCALE_DIR,
    MENTORING_DOMAIN,
    REPORTS_DOMAIN,
    SOURCE_LANGUAGE,
)
from digiculture.gettext_catalogs import locale_dir as chosen_locale_dir
from digiculture.learn.language import CHECK_CONTEXT, HELPERS_DOMAIN
from digiculture.translations.nbgrader_words import DOMAIN as NBGRADER_DOMAIN
from digiculture.translations.nbgrader_words import WORDS as NBGRADER_WORDS
from digiculture.translations.texts import (
    NBGRADER_MARKER,
    Text,
    code_spans,
    helper_texts,
    marked_texts_in,
    unit_texts,
)

TEMPLATES_DIR = LOCALE_DIR / "templates"
#: Translations of new texts waiting to be taken into a catalog by `update` (`_incoming`).
INCOMING = "incoming"
REVIEW_HEADER = "X-Review-Status"
REVIEW_STATES = ("draft", "reviewed")
#: A unit's domain is its id: u01_jupyter_first_steps.
UNIT_DOMAIN = re.compile(r"^u\d\d_")
FIELD = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)[^{}]*\}")


@dataclass(frozen=True)
class Domain:
    """One catalog: its name and the English texts it is made from."""

    name: str
    texts: tuple[Text, ...]
    title: str


def domains(repo_root: Path | None = None) -> list[Domain]:
    """The learner helpers' domain, nbgrader's, the reports', the interface's text tables
    and one domain per unit of the kit's course."""
    from digiculture.interface_texts import tables
    from digiculture.settings import REPO_ROOT

    root = repo_root or REPO_ROOT
    found = [
        Domain(HELPERS_DOMAIN, tuple(helper_texts()), "The learner helpers' messages"),
        Domain(NBGRADER_DOMAIN, tuple(nbgrader_texts()), NBGRADER_TITLE),
        Domain(REPORTS_DOMAIN, tuple(report_texts(root)), "The reports, dashboard and pages"),
        Domain(MENTORING_DOMAIN, tuple(mentoring_texts(root)), MENTORING_TITLE),
        Domain(
            CONSOLE_DOMAIN,
            tuple(console_texts(root)),
            "The facilitator's console",
        ),
    ]
    for table in tables():
        texts = tuple(Text(key, english, table.where) for key, english in table.english.items())
        found.append(Domain(table.domain, texts, table.title))
    for path in sorted((root / "notebooks" / "source").glob("u*/*.ipynb")):
        unit_id = path.stem
        if path.parent.name != unit_id:
            continue
        module = root / "digiculture" / "learn" / "units" / f"{unit_id.split('_')[0]}.py"
        notebook = json.loads(path.read_text(encoding="utf-8"))
        where = str(path.relative_to(root))
        texts = unit_texts(notebook, unit_id, where, module)
        found.append(Domain(unit_id, tuple(texts), f"Unit {unit_id}"))
    return found


MENTORING_TITLE = "The mentoring and workshop commands: tables, plans and calendars"
#: Beside digiculture/outcomes/*.py, the modules whose texts are the reports' (domain `reports`).
REPORT_PAGES = ("digiculture/institutions/report_page.py",)


def mentoring_texts(root: Path) -> list[Text]:
    """The mentoring commands' texts (domain `mentoring`): marked in digiculture/mentoring/*.py
    and digiculture/cli/mentoring.py."""
    modules = sorted((root / "digiculture" / "mentoring").glob("*.py"))
    modules += [p for p in [root / "digiculture" / "cli" / "mentoring.py"] if p.is_file()]
    return report_texts(root, modules) if modules else []


def console_texts(root: Path) -> list[Text]:
    """The facilitator's console's texts (domain `console`): marked in digiculture/console/*.py."""
    modules = sorted((root / "digiculture" / "console").glob("*.py"))
    return report_texts(root, modules) if modules else []


def report_texts(root: Path, modules: list[Path] | None = None) -> list[Text]:
    """The texts marked `_()`/`N_()` in `modules`; by default the reports' (domain `reports`):
    digiculture/outcomes/*.py and the institution report's page."""
    texts = []
    if modules is None:
        modules = sorted((root / "digiculture" / "outcomes").glob("*.py"))
        modules += [root / page for page in REPORT_PAGES]
    for module in modules:
        if not module.is_file():
            continue
        where = str(module.relative_to(root))
        code = module.read_text(encoding="utf-8")
        texts += [Text("", t, where) for t in marked_texts_in(code)]
    unique: dict[str, Text] = {}
    for text in texts:
        unique.setdefault(text.english, text)
    return list(unique.values())


NBGRADER_TITLE = "The answer cells' placeholders and the feedback page's words"


def nbgrader_texts() -> list[Text]:
    """The words nbgrader shows a learner (domain `nbgrader`, context = the key)."""
    where = "digiculture/translations/nbgrader_words.py"
    return [Text(key, english, where) for key, english in NBGRADER_WORDS.items()]


def po_path(domain: str, language: str, locale_dir: Path | None = None) -> Path:
    locale_dir = locale_dir or chosen_locale_dir()
    return locale_dir / language / "LC_MESSAGES" / f"{domain}.po"


def template(domain: Domain) -> polib.POFile:
    pot = polib.POFile(wrapwidth=100)
    pot.metadata = _metadata(domain, None)
    for text in domain.texts:
        pot.append(_entry(text))
    return pot


def _entry(text: Text) -> polib.POEntry:
    flags = ["python-brace-format"] if FIELD.search(text.english) and _is_template(text) else []
    return polib.POEntry(
        msgctxt=text.context or None,
        msgid=text.english,
        msgstr="",
        occurrences=[(text.where, "")],
        comment=text.note,
        flags=flags,
    )


def _is_template(text: Text) -> bool:
    return not text.context.startswith(("cell ", "comment ", "docstring "))


def _metadata(domain: Domain, language: str | None) -> dict[str, str]:
    meta = {
        "Project-Id-Version": f"BoostDigiCulture course kit: {domain.title}",
        "POT-Creation-Date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000"),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    if language:
        meta["Language"] = language
        meta[REVIEW_HEADER] = "draft"
    return meta


@dataclass
class Update:
    """What `update` changed in one catalog."""

    domain: str
    language: str
    added: int = 0
    stale: int = 0
    obsolete: int = 0
    #: empty texts filled from `incoming/LANG/DOMAIN.po`
    taken_in: int = 0


def update(
    languages: Iterable[str], locale_dir: Path | None = None, repo_root: Path | None = None
) -> list[Update]:
    """Write the templates anew and bring every language's catalogs in step with them."""
    locale_dir = locale_dir or chosen_locale_dir()
    changes: list[Update] = []
    for domain in domains(repo_root):
        pot = template(domain)
        pot_file = locale_dir / "templates" / f"{domain.name}.pot"
        pot_file.parent.mkdir(parents=True, exist_ok=True)
        _save_if_changed(pot, pot_file)
        for language in languages:
            if language != SOURCE_LANGUAGE:
                changes.append(_merge(domain, pot, language, locale_dir))
    return changes


def _save_if_changed(po: polib.POFile, path: Path) -> None:
    """Save unless only the creation date would change (keeps git diffs to real changes)."""
    if path.exists():
        old = polib.pofile(str(path))
        if [str(e) for e in old] == [str(e) for e in po]:
            return
    po.save(str(path))


def _merge(domain: Domain, pot: polib.POFile, language: str, locale_dir: Path) -> Update:
    path = po_path(domain.name, language, locale_dir)
    change = Update(domain.name, language)
    if path.exists():
        old = polib.pofile(str(path), wrapwidth=100)
        metadata = old.metadata
    else:
        old = polib.POFile(wrapwidth=100)
        metadata = _metadata(domain, language)
    by_key = {(e.msgctxt, e.msgid): e for e in old if not e.obsolete}
    incoming = _incoming(domain.name, language, locale_dir)
    by_context = {e.msgctxt: e for e in old if not e.obsolete and _context_is_unique(e.msgctxt)}
    new = polib.POFile(wrapwidth=100)
    new.metadata = metadata
    used: set[int] = set()
    for fresh in pot:
        entry = polib.POEntry(
            msgctxt=fresh.msgctxt,
            msgid=fresh.msgid,
            occurrences=fresh.occurrences,
            comment=fresh.comment,
            flags=list(fresh.flags),
        )
        same = by_key.get((fresh.msgctxt, fresh.msgid))
        moved = by_context.get(fresh.msgctxt) if same is None else None
        if same is not None:
            entry.msgstr = same.msgstr
            entry.tcomment = same.tcomment
            entry.flags = sorted(set(entry.flags) | {f for f in same.flags if f == "fuzzy"})
            entry.previous_msgid = same.previous_msgid
            used.add(id(same))
        elif moved is not None and moved.msgstr:
            entry.msgstr = moved.msgstr
            entry.tcomment = moved.tcomment
            entry.flags = sorted(set(entry.flags) | {"fuzzy"})
            entry.previous_msgid = moved.msgid
            used.add(id(moved))
            change.stale += 1
        else:
            change.added += 1
        if not entry.msgstr and (fresh.msgctxt, fresh.msgid) in incoming:
            entry.msgstr = incoming[(fresh.msgctxt, fresh.msgid)]
            change.taken_in += 1
        new.append(entry)
    active = {(e.msgctxt, e.msgid) for e in new}
    for gone in old:
        if (gone.msgctxt, gone.msgid) in active:
            continue  # a duplicate of a text still in use (an older extraction listed it twice)
        if id(gone) not in used and gone.msgstr and not gone.obsolete:
            gone.obsolete = True
            new.append(gone)
            change.obsolete += 1
        elif gone.obsolete:
            new.append(gone)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or str(new) != str(polib.pofile(str(path), wrapwidth=100)):
        new.save(str(path))
    return change


def _incoming(domain: str, language: str, locale_dir: Path) -> dict[tuple[str | None, str], str]:
    """Translations waiting in `incoming/LANG/DOMAIN.po` for texts that have none yet.

    Written beside a code change that adds texts while the language's catalog is being
    translated elsewhere (so the two never edit the same file): `update` takes each in where
    the catalog has no translation, never over one; delete the file once it is taken in."""
    path = locale_dir / INCOMING / language / f"{domain}.po"
    if not path.is_file():
        return {}
    return {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(path)) if e.msgstr}


def _context_is_unique(context: str | None) -> bool:
    """A context that names one text: a cell, a docstring, a helper message's key. `comment`
    contexts may hold several texts, `check` and `jargon` many, the reports have none."""
    if not context or context in ("check", "jargon"):
        return False
    return not context.startswith("comment ")


@dataclass
class Status:
    """How far one language's catalog is."""

    domain: str
    language: str
    total: int
    translated: int
    stale: int
    review: str
    problems: list[str] = field(default_factory=list)

    @property
    def missing(self) -> int:
        return self.total - self.translated - self.stale


def status(
    languages: Iterable[str], locale_dir: Path | None = None, repo_root: Path | None = None
) -> list[Status]:
    """Per language and domain: translated, stale (fuzzy), missing, review status, problems."""
    locale_dir = locale_dir or chosen_locale_dir()
    report = []
    for domain in domains(repo_root):
        wanted = {(t.context or None, t.english) for t in domain.texts}
        for language in languages:
            if language == SOURCE_LANGUAGE:
                continue
            path = po_path(domain.name, language, locale_dir)
            po = polib.pofile(str(path)) if path.exists() else polib.POFile()
            current = {(e.msgctxt, e.msgid): e for e in po if not e.obsolete}
            done = [current[k] for k in wanted if k in current and _translated(current[k])]
            stale = [current[k] for k in wanted if k in current and "fuzzy" in current[k].flags]
            problems = [p for e in done for p in entry_problems(e)]
            review = po.metadata.get(REVIEW_HEADER, "draft") if path.exists() else "missing"
            report.append(
                Status(domain.name, language, len(wanted), len(done), len(stale), review, problems)
            )
    return report


def _translated(entry: polib.POEntry) -> bool:
    return bool(entry.msgstr) and "fuzzy" not in entry.flags


def entry_problems(entry: polib.POEntry) -> list[str]:
    """What a translation breaks: {fields}, code spans, nbgrader's marker lines."""
    where = f"{entry.msgctxt}: {entry.msgid[:50]!r}"
    problems = []
    fields = sorted(set(FIELD.findall(entry.msgid)))
    if "python-brace-format" in entry.flags and fields != sorted(set(FIELD.findall(entry.msgstr))):
        problems.append(f"{where}: the translation must keep the fields {fields}")
    if (entry.msgctxt or "").startswith("cell "):
        lost = [s for s in code_spans(entry.msgid) if s not in entry.msgstr]
        if lost:
            problems.append(f"{where}: code the learner types must stay as it is: {lost[:3]}")
        markers = [line.strip() for line in entry.msgid.splitlines() if NBGRADER_MARKER.match(line)]
        kept = [line.strip() for line in entry.msgstr.splitlines() if NBGRADER_MARKER.match(line)]
        if markers != kept:
            problems.append(f"{where}: keep nbgrader's lines {markers} as they are")
    return problems


def compile_all(locale_dir: Path | None = None) -> list[Path]:
    """Write the `.mo` of every `.po` (translated, not fuzzy entries only); the paths written."""
    locale_dir = locale_dir or chosen_locale_dir()
    written = []
    for po_file in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        mo_file = po_file.with_suffix(".mo")
        if mo_file.exists() and mo_file.stat().st_mtime >= po_file.stat().st_mtime:
            continue
        mo_file.write_bytes(compiled(po_file))
        written.append(mo_file)
    return written


def compiled(po_file: Path) -> bytes:
    """The `.mo` of a `.po`: translated, not fuzzy entries; a broken translation left out.

    A unit's `.mo` is what a learner's kernel reads, so it holds only the unit's check texts:
    its cells (a reflection's model answer among them) and comments stay in the `.po`, which
    the course build reads and learners never do (a hub closes it to them).
    """
    po = polib.pofile(str(po_file))
    unit = UNIT_DOMAIN.match(po_file.stem) is not None
    kept = polib.POFile()
    kept.metadata = po.metadata
    for entry in po:
        if unit and entry.msgctxt != CHECK_CONTEXT:
            continue
        if entry.msgstr and entry_problems(entry):
            entry.msgstr = ""  # a broken translation is left out: the learner gets English
        kept.append(entry)
    return kept.to_binary()


def learner_catalogs(
    language: str, unit_ids: Iterable[str], folder: Path | None = None
) -> dict[str, bytes]:
    """{path under the catalogs' folder: compiled catalog} a learner's kernel needs in
    `language`: the helpers' messages and the given units' check texts (none for English)."""
    found: dict[str, bytes] = {}
    folder = folder or chosen_locale_dir()
    if language == SOURCE_LANGUAGE:
        return found
    for domain in (HELPERS_DOMAIN, *unit_ids):
        path = po_path(domain, language, folder)
        if path.is_file():
            found[path.with_suffix(".mo").relative_to(folder).as_posix()] = compiled(path)
    return found


def unit_translator(unit_id: str, language: str, folder: Path | None = None):
    """translate(context, english) for one unit in one language (for `translate_notebook`);
    the catalogs of `folder`, else of DIGICULTURE_LOCALE_DIR, else the kit's."""
    path = po_path(unit_id, language, folder or chosen_locale_dir())
    table: dict[tuple[str | None, str], str] = {}
    if language != SOURCE_LANGUAGE and path.exists():
        for entry in polib.pofile(str(path)):
            if not entry.obsolete and _translated(entry) and not entry_problems(entry):
                table[(entry.msgctxt, entry.msgid)] = entry.msgstr

    def translate(context: str, english: str) -> str | None:
        if language == SOURCE_LANGUAGE:
            return english
        return table.get((context, english))

    return translate
