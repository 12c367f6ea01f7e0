"""What there is to translate: the texts of a unit notebook and of the learner helpers.

A unit's texts (gettext domain = the unit's id):

- each markdown cell whole, context `cell CELL_ID` (a translator sees the cell's Markdown,
  keeps its `code spans`, links and nbgrader's `### BEGIN SOLUTION` lines);
- each comment of a code cell, context `comment CELL_ID` (not nbgrader's marker lines);
- the docstring that opens a test cell, context `docstring CELL_ID` (the line a learner sees
  on a collapsed check);
- the check texts, context `check`: the `what`, `hint`, `only` and `message` a unit's module
  (`digiculture/learn/units/uNN.py`) or a test cell gives to a function of
  `digiculture.learn.check`, the templates of `check.phrase(...)`, and what the ✓ line of each
  `@check.verdict` names (from its docstring). These are translated while the kernel runs, so
  the test code is the same in every language.

The first three are put into the learner version when it is built (`translate_notebook`); the
grade ids, points, test code and data stay as they are. The helpers' own domain `learn` holds
the messages of `digiculture.learn.messages` (context = the message's key), the jargon's plain
words (context `jargon`) and the checks' default wording (context `check`).
"""

from __future__ import annotations

import ast
import inspect
import io
import re
import tokenize
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from digiculture.learn import check as check_module
from digiculture.learn.check import checked_what
from digiculture.learn.language import CHECK_CONTEXT
from digiculture.learn.messages import AUTHORED_VALUES, JARGON, JARGON_CONTEXT, TEXTS

LEARN_DIR = Path(check_module.__file__).parent
#: Parameters of the check functions whose text argument is written for the learner.
CHECK_TEXT_PARAMETERS = (*AUTHORED_VALUES, "message", "words")
#: nbgrader's marker lines, which a translation must keep and which are never translated.
NBGRADER_MARKER = re.compile(r"^\s*#+\s*(BEGIN|END)\s+(SOLUTION|HIDDEN TESTS)\b")
#: A Markdown code span: the code a learner types, the same in every language.
CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)


@dataclass(frozen=True)
class Text:
    """One text to translate: its context, the English text and where it comes from."""

    context: str
    english: str
    where: str
    note: str = ""


def unit_texts(
    notebook: dict,
    unit_id: str,
    notebook_path: str,
    module: Path | None,
) -> list[Text]:
    """Every text of one unit, in the order a learner meets them, the checks' texts last.

    A text that occurs twice in the same context (a comment repeated in a cell) is listed once.
    """
    texts: list[Text] = []
    checks: list[Text] = []
    for cell in notebook.get("cells", []):
        cell_id = cell.get("id", "")
        source = _source(cell)
        where = f"{notebook_path}:{cell_id}"
        if not source.strip() or not cell_id:
            continue
        if cell.get("cell_type") == "markdown":
            note = "nbgrader: keep the BEGIN/END SOLUTION lines" if "### BEGIN" in source else ""
            texts.append(Text(f"cell {cell_id}", source, where, note))
        elif cell.get("cell_type") == "code":
            for comment in _comments(source):
                texts.append(Text(f"comment {cell_id}", comment, where))
            docstring = _cell_docstring(source)
            if docstring:
                texts.append(Text(f"docstring {cell_id}", docstring, where))
            checks += _check_texts(source, where)
    if module is not None and module.exists():
        checks += _check_texts(module.read_text(encoding="utf-8"), _repo_path(module))
    return _unique(texts + checks)


#: The note a translator reads on the words a check looks for in a learner's own text.
WORDS_NOTE = (
    "words a check looks for in the learner's own text: the words a learner may write in your "
    "language, separated by |, the usual word first (a learner may be shown it); for words "
    "found anywhere in the text a stem catches every form (uzornik|štramc)"
)


def _check_texts(code: str, where: str) -> list[Text]:
    words = set(word_texts_in(code))
    return [
        Text(CHECK_CONTEXT, t, where, WORDS_NOTE if t in words else "")
        for t in check_texts_in(code)
    ]


def word_texts_in(code: str) -> list[str]:
    """The texts given as `words` to a check (`check.mentions`, `check.words_meaning` ...):
    words looked for in a learner's text, which a translator gives as a list."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    functions = set(_check_functions())
    return [
        _text(value)  # type: ignore[misc]
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and _called_name(node) in functions
        for parameter, value in _bound_texts(_called_name(node), node)  # type: ignore[arg-type]
        if parameter == "words"
    ]


def _repo_path(path: Path) -> str:
    """digiculture/learn/units/u01.py, not the full path of one machine's clone."""
    try:
        return Path(path).resolve().relative_to(LEARN_DIR.parent.parent).as_posix()
    except ValueError:
        return str(path)


def helper_texts() -> list[Text]:
    """The learner helpers' own texts (domain `learn`)."""
    where = "digiculture/learn/messages.py"
    texts = [Text(key, english, where) for key, english in TEXTS.items()]
    texts += [
        Text(JARGON_CONTEXT, plain, where, f"for the word '{w}'") for w, plain in JARGON.items()
    ]
    defaults = {checked_what(None)}
    for name in _check_functions():
        for parameter in inspect.signature(getattr(check_module, name)).parameters.values():
            default = parameter.default
            if parameter.name in CHECK_TEXT_PARAMETERS and isinstance(default, str) and default:
                defaults.add(default)
    where = "digiculture/learn/check.py"
    texts += [Text(CHECK_CONTEXT, d, where, "a check's default") for d in sorted(defaults)]
    from digiculture.learn.strategy import SWOT_PARTS

    where = "digiculture/learn/strategy.py"
    texts += [Text(CHECK_CONTEXT, part, where, "a part of a SWOT") for part in SWOT_PARTS.values()]
    for module in sorted(LEARN_DIR.glob("*.py")):
        code = module.read_text(encoding="utf-8")
        where = f"digiculture/learn/{module.name}"
        texts += [Text(CHECK_CONTEXT, t, where) for t in check_texts_in(code)]
    return _unique(texts)


def _unique(texts: list[Text]) -> list[Text]:
    seen: set[tuple[str, str]] = set()
    kept = []
    for text in texts:
        if (text.context, text.english) not in seen:
            seen.add((text.context, text.english))
            kept.append(text)
    return kept


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _comments(source: str) -> Iterator[str]:
    for token in _tokens(source):
        if token.type == tokenize.COMMENT and not NBGRADER_MARKER.match(token.string):
            text = token.string.lstrip("#").strip()
            if text and re.search(r"[^\W\d_]", text):
                yield text


def _tokens(source: str) -> list[tokenize.TokenInfo]:
    try:
        return list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return []


def _cell_docstring(source: str) -> str | None:
    """The one-line docstring that opens a cell (the line a collapsed check shows)."""
    node = _docstring_node(source)
    return node.value if node is not None and node.lineno == node.end_lineno else None


def _docstring_node(source: str) -> ast.Constant | None:
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return None
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        value = body[0].value
        if isinstance(value.value, str) and value.value.strip():
            return value
    return None


def _check_functions() -> list[str]:
    return [
        name
        for name, value in vars(check_module).items()
        if inspect.isfunction(value)
        and not name.startswith("_")
        and value.__module__ == check_module.__name__
    ]


def check_texts_in(code: str) -> list[str]:
    """The check texts in Python code (a test cell or a unit's module), in order of appearance."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    found: list[tuple[int, int, str]] = []

    def add(node: ast.AST, text: str) -> None:
        if text.strip():
            found.append((node.lineno, node.col_offset, text))

    functions = set(_check_functions())
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and _is_verdict(node):
            doc = ast.get_docstring(node)
            if doc:
                add(node, checked_what(doc))
        if not isinstance(node, ast.Call):
            continue
        name = _called_name(node)
        if name == "phrase" and node.args and _text(node.args[0]) is not None:
            add(node, _text(node.args[0]))  # type: ignore[arg-type]
        elif name == "say":
            for keyword in node.keywords:
                if keyword.arg in AUTHORED_VALUES and _text(keyword.value) is not None:
                    add(keyword.value, _text(keyword.value))  # type: ignore[arg-type]
        elif name in functions:
            for parameter, value in _bound_texts(name, node):
                if parameter in CHECK_TEXT_PARAMETERS:
                    add(value, _text(value))  # type: ignore[arg-type]
    return [text for _, _, text in sorted(found, key=lambda f: (f[0], f[1]))]


def _is_verdict(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if _name_of(target) == "verdict":
            return True
    return False


def _called_name(call: ast.Call) -> str | None:
    return _name_of(call.func)


def _name_of(node: ast.AST) -> str | None:
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return node.attr if node.value.id in ("check",) else None
    if isinstance(node, ast.Name) and node.id in ("phrase", "say", "verdict"):
        return node.id
    return None


def _text(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _bound_texts(name: str, call: ast.Call) -> Iterator[tuple[str, ast.AST]]:
    parameters = list(inspect.signature(getattr(check_module, name)).parameters.values())
    positional = [p for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    for parameter, value in zip(positional, call.args, strict=False):
        if _text(value) is not None:
            yield parameter.name, value
    for keyword in call.keywords:
        if keyword.arg and _text(keyword.value) is not None:
            yield keyword.arg, keyword.value


def marked_texts_in(code: str) -> list[str]:
    """The texts marked for translation in Python code: `_("...")`, `N_("...")` and
    `self.words("...")` (the reports' way, `digiculture.outcomes.words`)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    found: list[tuple[int, int, str]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        marked = (isinstance(func, ast.Name) and func.id in ("_", "N_")) or (
            isinstance(func, ast.Attribute) and func.attr == "words"
        )
        text = _text(node.args[0])
        if marked and text and text.strip():
            found.append((node.lineno, node.col_offset, text))
    return [text for _, _, text in sorted(found, key=lambda f: (f[0], f[1]))]


def translate_notebook(
    notebook: dict, unit_id: str, language: str, translate: Callable[[str, str], str | None]
) -> tuple[dict, list[str]]:
    """A copy of a unit notebook in `language`, and the contexts that had no translation.

    `translate(context, english)` gives the translation or None (the English text stays). The
    setup cell's `start_unit("ID")` gets `language="LANG"`, so the kernel speaks it; the
    notebook's metadata records the language.
    """
    import copy

    translated = copy.deepcopy(notebook)
    missing: list[str] = []

    def tr(context: str, english: str) -> str:
        found = translate(context, english)
        if found is None:
            missing.append(context)
            return english
        return found

    for cell in translated.get("cells", []):
        cell_id = cell.get("id", "")
        source = _source(cell)
        if not cell_id or not source.strip():
            continue
        if cell.get("cell_type") == "markdown":
            new = tr(f"cell {cell_id}", source)
        elif cell.get("cell_type") == "code":
            new = _translate_code(source, cell_id, tr)
            if language != "en":
                new = _with_language(new, unit_id, language)
        else:
            continue
        if new != source:
            cell["source"] = new.splitlines(keepends=True)
    translated.setdefault("metadata", {}).setdefault("digiculture", {})["language"] = language
    return translated, missing


def _translate_code(source: str, cell_id: str, tr: Callable[[str, str], str]) -> str:
    lines = source.splitlines(keepends=True)
    edits: list[tuple[int, int, int, str]] = []  # (line index, start col, end col, new text)
    for token in _tokens(source):
        if token.type != tokenize.COMMENT or NBGRADER_MARKER.match(token.string):
            continue
        text = token.string.lstrip("#").strip()
        if not text or not re.search(r"[^\W\d_]", text):
            continue
        hashes = token.string[: len(token.string) - len(token.string.lstrip("#"))]
        new = tr(f"comment {cell_id}", text).replace("\n", " ")
        (row, start), (_, end) = token.start, token.end
        edits.append((row - 1, start, end, f"{hashes} {new}"))
    docstring = _docstring_node(source)
    if docstring is not None and docstring.lineno == docstring.end_lineno:
        new = tr(f"docstring {cell_id}", docstring.value).replace('"""', "'''")
        row = docstring.lineno - 1
        edits.append((row, docstring.col_offset, docstring.end_col_offset, f'"""{new}"""'))
    for row, start, end, new in sorted(edits, reverse=True):
        line = lines[row]
        lines[row] = line[:start] + new + line[end:]
    return "".join(lines)


def _with_language(source: str, unit_id: str, language: str) -> str:
    call = f'start_unit("{unit_id}")'
    return source.replace(call, f'start_unit("{unit_id}", language="{language}")')


def code_spans(markdown: str) -> list[str]:
    """The code spans of a Markdown text (what a learner types stays the same)."""
    return [m.group(2).strip() for m in CODE_SPAN.finditer(markdown)]
