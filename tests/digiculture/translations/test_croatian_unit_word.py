"""Croatian has one word for a unit of the course: "cjelina" (the usual word for a learning unit
in Croatian adult education), never "jedinica", in every text a Croatian reader meets.

Read: every Croatian gettext catalog (digiculture/locale/hr/, the units, the helpers, the
reports and whatever moves there), every Croatian YAML table (a `hr.yaml`, or the `hr:` part
of a table of all languages) and the Croatian pages of docs/.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
import yaml

ROOT = Path(__file__).resolve().parents[3]
#: "jedinica" in any form (jedinice, jedinici, jedinicu, jedinicom, jedinicama ...).
OTHER_WORD = re.compile(r"\bjedinic\w*", re.IGNORECASE)
SKIPPED = {".git", ".venv", "node_modules", "build", "dist"}


def _texts(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return []


def _croatian_texts() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for po_file in sorted((ROOT / "digiculture" / "locale").glob("**/hr/**/*.po")):
        found[str(po_file.relative_to(ROOT))] = [
            e.msgstr for e in polib.pofile(str(po_file)) if not e.obsolete
        ]
    for yaml_file in sorted(ROOT.glob("**/*.yaml")):
        if SKIPPED & set(yaml_file.relative_to(ROOT).parts):
            continue
        try:
            data = yaml.safe_load(yaml_file.read_text(encoding="utf-8"))
        except yaml.YAMLError:  # a deployment file of several documents: no texts to read
            continue
        if yaml_file.name == "hr.yaml":
            found[str(yaml_file.relative_to(ROOT))] = _texts(data)
        elif isinstance(data, dict) and isinstance(data.get("hr"), dict):
            found[str(yaml_file.relative_to(ROOT))] = _texts(data["hr"])
    for page in sorted((ROOT / "docs").glob("*.hr.md")):
        found[str(page.relative_to(ROOT))] = [page.read_text(encoding="utf-8")]
    return found


def test_croatian_texts_call_a_unit_cjelina_never_jedinica():
    texts = _croatian_texts()
    assert any("LC_MESSAGES" in name for name in texts) and any(
        name.endswith("hr.yaml") for name in texts
    )
    assert sum("cjelin" in t.lower() for ts in texts.values() for t in ts) > 20
    wrong = {
        name: sorted({m.group(0) for t in ts for m in OTHER_WORD.finditer(t)})
        for name, ts in texts.items()
    }
    wrong = {name: words for name, words in wrong.items() if words}
    assert not wrong, f"Croatian says 'cjelina' for a unit, not 'jedinica': {wrong}"
