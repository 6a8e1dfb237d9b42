"""No block of six or more lines of app code stands twice: a shared helper holds it instead.

A small token-window check, so it needs nothing the CI machine lacks: each module's lines
are folded (white space trimmed; blank lines, comments, import statements and lone
brackets dropped, as they say nothing of their own), and every run of ``WINDOW`` folded
lines is hashed. A run found in two places (two files, or two parts of one file that do not
overlap) is a repeat. Only identical text counts; code of the same shape with other names
is for a reviewer (and the ``duplicates`` tool) to judge. Migrations and tests are left out:
migrations are generated and tests spell their cases out on purpose.
"""

import ast
import hashlib
import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("analysis", "assembly", "consultations", "deliberation", "site")
WINDOW = 6
LONE_PUNCTUATION = re.compile(r"^[\s()\[\]{},:;]*$")


def _modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            if "migrations" not in parts and "tests" not in parts:
                yield path


def _import_lines(tree: ast.Module) -> set[int]:
    return {
        n
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for n in range(node.lineno, (node.end_lineno or node.lineno) + 1)
    }


def folded_lines(source: str) -> list[tuple[int, str]]:
    """The lines that carry meaning, with their line numbers."""
    skip = _import_lines(ast.parse(source))
    out = []
    for number, line in enumerate(source.splitlines(), start=1):
        text = " ".join(line.split())
        if number in skip or not text or text.startswith("#") or LONE_PUNCTUATION.match(text):
            continue
        out.append((number, text))
    return out


def repeated_blocks(sources: dict[str, str], window: int = WINDOW) -> list[tuple[str, str]]:
    """Pairs of places (``path:line``) whose next ``window`` folded lines are the same."""
    seen: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for name, source in sources.items():
        lines = folded_lines(source)
        for i in range(len(lines) - window + 1):
            run = lines[i : i + window]
            digest = hashlib.sha256("\n".join(t for _n, t in run).encode()).hexdigest()
            seen[digest].append((name, run[0][0], run[-1][0]))
    pairs = set()
    for places in seen.values():
        for a, (name_a, start_a, end_a) in enumerate(places):
            for name_b, start_b, end_b in places[a + 1 :]:
                if name_a == name_b and start_b <= end_a and start_a <= end_b:
                    continue  # one block overlapping itself (a run of like lines)
                pairs.add((f"{name_a}:{start_a}", f"{name_b}:{start_b}"))
    return sorted(pairs)


def test_the_check_finds_a_block_written_twice_and_ignores_imports():
    block = "\n".join(f"    total += value_{i} * {i}" for i in range(WINDOW))
    imports = "from x import (\n" + "".join(f"    name_{i},\n" for i in range(WINDOW)) + ")\n"
    sources = {
        "a.py": f"{imports}\ndef f():\n{block}\n",
        "b.py": f"{imports}\ndef g():\n    # the same again\n\n{block}\n",
        "c.py": f"{imports}\ndef h():\n{block.replace('value_3', 'other')}\n",
    }
    assert repeated_blocks(sources) == [("a.py:11", "b.py:13")]


def test_no_block_of_app_code_stands_twice():
    sources = {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for p in _modules()}
    assert repeated_blocks(sources) == []
