"""Driving the self-assessment as a keyboard-only visitor, and reading Chromium's
accessibility tree (what a screen reader is given), for the browser tests."""

from __future__ import annotations

#: Where the keyboard is: a radio (in an answered question?) or the page's forward button.
_FOCUS = """() => {
  const a = document.activeElement;
  const q = a.closest('.widget-radio-box');
  return {
    radio: a.type === 'radio',
    answered: q ? q.querySelector('input[type=radio]:checked') !== null : false,
    forward: a.matches('.kit-start, .kit-next, .kit-finish'),
    tag: a.tagName,
    what: a.tagName + (a.type ? '[' + a.type + ']' : '') + ' ' + (a.className || ''),
    ring: [getComputedStyle(a).outlineStyle, getComputedStyle(a).outlineWidth,
           getComputedStyle(a).outlineColor],
  };
}"""

#: No page of the assessment has more stops than this (a loop in the page would hang).
MOST_PRESSES_ON_A_PAGE = 400


def complete_page_with_keyboard(page, answer_key: str = "Space") -> dict:
    """Tab through the page shown, answer each open question with `answer_key` (Space picks
    the option the focus is on, ArrowDown the next one), and press Enter on its forward
    button. Returns the key presses {"tab": n, "other": n} and the focus rings seen
    {"rings": [(control, [style, width, colour])]}."""
    presses: dict = {"tab": 0, "other": 0, "rings": []}
    while True:
        page.keyboard.press("Tab")
        presses["tab"] += 1
        state = page.evaluate(_FOCUS)
        presses["rings"].append((state["what"], state["ring"]))
        if state["radio"] and not state["answered"]:
            page.keyboard.press(answer_key)
            presses["other"] += 1
        elif state["forward"]:
            page.keyboard.press("Enter")
            presses["other"] += 1
            return presses
        assert presses["tab"] < MOST_PRESSES_ON_A_PAGE, "the forward button was never reached"


def page_name(page) -> str | None:
    return page.evaluate(
        "() => { const b = document.querySelector('.kit-page');"
        " return b ? [...b.classList].find(c => c.startsWith('kit-page-')) : null; }"
    )


def wait_for_next_page(page, shown: str | None) -> str:
    """Wait until the app shows a page other than `shown`, with the focus on its heading."""
    page.wait_for_function(
        "shown => { const b = document.querySelector('.kit-page');"
        " return b && !b.classList.contains(shown) }",
        arg=shown or "",
        timeout=60_000,
    )
    if page.locator(".kit-page h2, .kit-page h1").count():
        page.wait_for_function("['H1', 'H2'].includes(document.activeElement.tagName)")
    return page_name(page)


def accessibility_tree(page) -> list[dict]:
    """Chromium's full accessibility tree of the page (CDP Accessibility.getFullAXTree)."""
    cdp = page.context.new_cdp_session(page)
    try:
        return cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()


def _value(node: dict, key: str) -> str:
    return str((node.get(key) or {}).get("value", ""))


def radio_groups(nodes: list[dict]) -> list[tuple[str, list[str]]]:
    """Each radio with the radio group it is in: [(group's name, [its options' names])].
    A radio in no group is listed under the name None."""
    by_id = {n["nodeId"]: n for n in nodes}
    groups: dict[str | None, list[str]] = {}
    order: list[str | None] = []
    for node in nodes:
        if node.get("ignored") or _value(node, "role") != "radio":
            continue
        parent, group = by_id.get(node.get("parentId")), None
        while parent is not None:
            if _value(parent, "role") == "radiogroup":
                group = _value(parent, "name")
                break
            parent = by_id.get(parent.get("parentId"))
        if group not in groups:
            groups[group] = []
            order.append(group)
        groups[group].append(_value(node, "name"))
    return [(g, groups[g]) for g in order]


def nodes_with_role(nodes: list[dict], role: str) -> list[dict]:
    return [n for n in nodes if not n.get("ignored") and _value(n, "role") == role]


def name_of(node: dict) -> str:
    return _value(node, "name")


def property_of(node: dict, name: str) -> str | None:
    for prop in node.get("properties", []):
        if prop["name"] == name:
            return str(prop["value"].get("value"))
    return None


def contrast_on_white(colour: str) -> float:
    """WCAG contrast ratio of a CSS `rgb(r, g, b)` colour against white."""
    r, g, b = (int(float(v)) for v in colour[colour.index("(") + 1 : -1].split(",")[:3])

    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (lum + 0.05)
