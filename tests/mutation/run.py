"""Mutation testing of the rule modules, without dependencies.

    python tests/mutation/run.py                                    # the default module → tests list
    python tests/mutation/run.py apps/organizations/credit_code.py tests/organizations/test_credit_code.py
    python tests/mutation/run.py apps/campaigns/models.py::quota_problem tests/campaigns/test_quotas.py

A mutant is one small change to the module's syntax tree (an operator, a constant, a boolean,
``and``/``or``, a removed ``not``, a ``return`` that returns None). Each mutant is written over
the module, the named tests run against it in a subprocess, and the original file is put back
whatever happens (also on Ctrl-C). A mutant the tests do not notice is a survivor; it fails the
run unless ``equivalent.txt`` lists it, with the reason it cannot change behaviour.

``module::name`` limits the mutants to the function (or class) ``name`` of a large module.
Not collected by pytest: the file name does not match ``test_*.py``.
"""

import argparse
import ast
import copy
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EQUIVALENT = Path(__file__).with_name("equivalent.txt")

DEFAULT_PAIRS = [
    ("apps/organizations/credit_code.py", ["tests/organizations/test_credit_code.py"]),
    ("apps/campaigns/models.py::quota_problem", ["tests/campaigns/test_quotas.py"]),
    ("apps/review/ranking.py", ["tests/experts/test_ranking.py", "tests/experts/test_ranking_boundaries.py"]),
    (
        "apps/review/recusal.py",
        ["tests/experts/test_recusal_rules.py", "tests/experts/test_recusal.py", "tests/experts/test_live_recusal.py"],
    ),
    (
        "apps/projects/rules.py",
        [
            "tests/projects/test_rules.py",
            "tests/projects/test_transitions.py",
            "tests/projects/test_date_gates.py",
            "tests/projects/test_application_substance.py",
            "tests/projects/test_verification_required.py",
            "tests/projects/test_transitions_need_data.py",
            "tests/recommenders/test_scope.py",
            "tests/organizations/test_ban.py",
            "tests/organizations/test_ban_results.py",
            "tests/campaigns/test_quotas.py",
            "tests/projects/test_similarity.py",
        ],
    ),
]

SWAP_COMPARE = {
    ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In,
    ast.Is: ast.IsNot, ast.IsNot: ast.Is,
}  # fmt: skip
SWAP_ARITHMETIC = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult, ast.Mod: ast.Mult}
SWAP_BOOL = {ast.And: ast.Or, ast.Or: ast.And}


@dataclass
class Mutant:
    index: int  # position of the node in ast.walk order
    variant: int  # which change of that node
    line: int
    description: str


def _short(node, limit=70):
    text = ast.unparse(node).replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _variants(node):
    """The changes of one node: a list of (description, function(node) → replacement node)."""
    out = []
    if isinstance(node, ast.Compare):
        for j, op in enumerate(node.ops):
            if type(op) in SWAP_COMPARE:

                def change(n, j=j):
                    n.ops[j] = SWAP_COMPARE[type(n.ops[j])]()
                    return n

                out.append(change)
    elif isinstance(node, (ast.BinOp, ast.AugAssign)) and type(node.op) in SWAP_ARITHMETIC:
        if not (isinstance(node, ast.BinOp) and isinstance(node.left, ast.Constant) and isinstance(node.left.value, str)):
            # "…%s" % args is formatting, not arithmetic

            def change(n):
                n.op = SWAP_ARITHMETIC[type(n.op)]()
                return n

            out.append(change)
    elif isinstance(node, ast.Constant) and isinstance(node.value, bool):

        def change(n):
            return ast.Constant(not n.value)

        out.append(change)
    elif isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        out.append(lambda n: ast.Constant(n.value + 1))
        out.append(lambda n: ast.Constant(n.value - 1))
    elif isinstance(node, ast.BoolOp):

        def change(n):
            n.op = SWAP_BOOL[type(n.op)]()
            return n

        out.append(change)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        out.append(lambda n: n.operand)
    elif isinstance(node, ast.Return) and node.value is not None:
        if not (isinstance(node.value, ast.Constant) and node.value.value is None):
            out.append(lambda n: ast.Return(ast.Constant(None)))
    return out


def _skipped(tree):
    """Nodes never mutated: docstrings, annotations, f-string format specs."""
    skip = set()
    for node in ast.walk(tree):
        for field in ("returns", "annotation"):
            sub = getattr(node, field, None)
            if sub is not None:
                skip.update(id(n) for n in ast.walk(sub))
        if isinstance(node, ast.FormattedValue) and node.format_spec is not None:
            skip.update(id(n) for n in ast.walk(node.format_spec))
    return skip


def _scope(tree, name):
    """The nodes inside the function or class ``name`` (anywhere in the module)."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == name:
            return {id(n) for n in ast.walk(node)}
    raise SystemExit(f"{name} not found")


def enumerate_mutants(tree, scope_name=None):
    inside = _scope(tree, scope_name) if scope_name else None
    skip = _skipped(tree)
    mutants = []
    for index, node in enumerate(ast.walk(tree)):
        if id(node) in skip or (inside is not None and id(node) not in inside):
            continue
        for variant, change in enumerate(_variants(node)):
            before = _short(node)
            after = _short(ast.fix_missing_locations(change(copy.deepcopy(node))))
            mutants.append((node.lineno, node.col_offset, Mutant(index, variant, node.lineno, f"{before} → {after}")))
    mutants = [m for _, _, m in sorted(mutants, key=lambda t: (t[0], t[1], t[2].index, t[2].variant))]
    seen = {}
    for mutant in mutants:  # the same change twice on one line: "#2" names the second
        count = seen[(mutant.line, mutant.description)] = seen.get((mutant.line, mutant.description), 0) + 1
        if count > 1:
            mutant.description += f" #{count}"
    return mutants


class _Replace(ast.NodeTransformer):
    def __init__(self, target, change):
        self.target, self.change = target, change

    def visit(self, node):
        if node is self.target:
            return self.change(node)
        return self.generic_visit(node)


def mutated_source(source, mutant):
    tree = ast.parse(source)
    target = list(ast.walk(tree))[mutant.index]
    change = _variants(target)[mutant.variant]
    tree = ast.fix_missing_locations(_Replace(target, change).visit(tree))
    return ast.unparse(tree) + "\n"


def parse_lines(spec):
    lines = set()
    for part in filter(None, (spec or "").split(",")):
        low, _, high = part.partition("-")
        lines.update(range(int(low), int(high or low) + 1))
    return lines


def load_equivalent():
    known = {}
    if EQUIVALENT.exists():
        for raw in EQUIVALENT.read_text(encoding="utf-8").splitlines():
            if not raw.strip() or raw.startswith("#"):
                continue
            key, _, reason = raw.partition(" | ")
            known[key.strip()] = reason.strip()
    return known


def _pytest(tests, extra, timeout, env):
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *extra, *tests]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return "timeout"
    except BaseException:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise


def run_module(spec, tests, args, known):
    module, _, scope_name = spec.partition("::")
    path = ROOT / module
    original = path.read_bytes()
    stat = path.stat()
    source = original.decode("utf-8")
    mutants = enumerate_mutants(ast.parse(source), scope_name or None)
    only = parse_lines(args.only_lines)
    if only:
        mutants = [m for m in mutants if m.line in only]
    if args.limit:
        mutants = mutants[: args.limit]
    if args.list:
        for mutant in mutants:
            print(f"{module}:{mutant.line}:{mutant.description}")
        return {"module": spec, "mutants": len(mutants), "killed": 0, "survived": 0}, [], False

    # A mutant is compiled from source each time: no .pyc is written, and the mutated file gets
    # an mtime of its own, so the original's .pyc never stands in for it.
    env = dict(os.environ, DJANGO_DEBUG="1", PYTHONDONTWRITEBYTECODE="1")
    extra = ["--nomigrations"]
    started = time.monotonic()
    if _pytest(tests, extra, args.timeout * 3, env) != 0:
        extra = []
        if _pytest(tests, extra, args.timeout * 3, env) != 0:
            print(f"{spec}: the tests fail on the unmutated module; nothing to measure", flush=True)
            return {"module": spec, "mutants": len(mutants), "killed": 0, "survived": 0, "error": True}, [], False
    baseline = time.monotonic() - started
    print(f"{spec}: {len(mutants)} mutants, tests {' '.join(tests)} {' '.join(extra)} (baseline {baseline:.1f}s)", flush=True)

    killed, survivors, unexplained = 0, [], False
    try:
        for number, mutant in enumerate(mutants, start=1):
            path.write_text(mutated_source(source, mutant), encoding="utf-8")
            os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + number * 1_000_000_000))
            began = time.monotonic()
            outcome = _pytest(tests, extra, args.timeout, env)
            took = time.monotonic() - began
            if outcome == 0:
                key = f"{module}:{mutant.line}:{mutant.description}"
                reason = known.get(key)
                survivors.append((mutant, reason))
                unexplained = unexplained or reason is None
                label = f"equivalent ({reason})" if reason else "SURVIVED"
                print(f"  [{number}/{len(mutants)}] line {mutant.line}: {mutant.description}  {label} {took:.1f}s", flush=True)
            else:
                killed += 1
                if args.verbose:
                    print(f"  [{number}/{len(mutants)}] line {mutant.line}: {mutant.description}  killed ({outcome}) {took:.1f}s", flush=True)
    finally:
        path.write_bytes(original)
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    row = {"module": spec, "mutants": killed + len(survivors), "killed": killed, "survived": len(survivors)}
    return row, survivors, unexplained


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("module", nargs="?", help="path of the module, optionally module::function")
    parser.add_argument("tests", nargs="*", help="test files or node ids that should kill its mutants")
    parser.add_argument("--limit", type=int, help="at most this many mutants per module")
    parser.add_argument("--only-lines", help="only mutants on these lines, e.g. 30,41-47")
    parser.add_argument("--timeout", type=float, default=120, help="seconds per mutant before it counts as killed")
    parser.add_argument("--list", action="store_true", help="only list the mutants, run nothing")
    parser.add_argument("-v", "--verbose", action="store_true", help="print killed mutants too")
    args = parser.parse_args(argv)
    if args.module and not args.tests:
        parser.error("name the tests that go with the module")
    pairs = [(args.module, args.tests)] if args.module else DEFAULT_PAIRS
    known = load_equivalent()

    rows, unexplained = [], False
    interrupted = signal.getsignal(signal.SIGTERM)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        for module, tests in pairs:
            row, survivors, bad = run_module(module, tests, args, known)
            rows.append(row)
            unexplained = unexplained or bad or row.get("error", False)
            for mutant, reason in survivors:
                print(f"    survivor {module} line {mutant.line}: {mutant.description}" + (f" — {reason}" if reason else ""))
    except KeyboardInterrupt:
        print("interrupted; the module is restored", file=sys.stderr)
        return 130
    finally:
        signal.signal(signal.SIGTERM, interrupted)

    if args.list:
        return 0
    width = max(len(r["module"]) for r in rows)
    print(f"\n{'module':<{width}}  mutants  killed  survived  score")
    for r in rows:
        score = f"{100 * r['killed'] / r['mutants']:.1f}%" if r["mutants"] else "-"
        print(f"{r['module']:<{width}}  {r['mutants']:>7}  {r['killed']:>6}  {r['survived']:>8}  {score:>5}")
    if unexplained:
        print("\nsurvivors not listed in tests/mutation/equivalent.txt: add a test that kills them", file=sys.stderr)
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
