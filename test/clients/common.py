"""Shared by asyncpg_client.py, psycopg_client.py and asyncpg_cache.py: the
check counter and the reading of errors.json.  Not a test by itself."""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


class Checks:
    """Counts checks; prints 'ok' / 'not ok' lines and a closing count."""

    def __init__(self, client):
        self.client = client
        self.passed = 0
        self.failed = 0

    def eq(self, name, got, want):
        if got == want:
            self.passed += 1
            print(f"ok     {self.client}: {name}")
            return True
        self.failed += 1
        print(f"not ok {self.client}: {name}\n       got:  {got!r}\n       want: {want!r}")
        return False

    def true(self, name, cond, info=""):
        return self.eq(name + (f" ({info})" if info else ""), bool(cond), True)

    def finish(self):
        print(f"{self.client}: {self.passed} passed, {self.failed} failed")
        return 0 if self.failed == 0 and self.passed > 0 else 1


def version_tuple(v):
    return tuple(int(x) for x in v.split("."))


def load_errors():
    with open(os.path.join(HERE, "errors.json"), encoding="utf-8") as f:
        return json.load(f)


def case_applies(case, extversion):
    v = version_tuple(extversion)
    if "since" in case and v < version_tuple(case["since"]):
        return False
    if "until" in case and v > version_tuple(case["until"]):
        return False
    return True


def resolve(value, refs):
    """An errors.json argument as a Python value: {"ref": k} -> refs[k],
    {"repeat": s, "times": n} -> s * n, recursively inside lists and objects."""
    if isinstance(value, dict):
        if set(value) == {"ref"}:
            return refs[value["ref"]]
        if set(value) == {"repeat", "times"}:
            return value["repeat"] * value["times"]
        return {k: resolve(v, refs) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v, refs) for v in value]
    return value


def fill(text, refs):
    """{task}, {project}, ... in an expected text or a statement."""
    if text is None:
        return None
    for k, v in refs.items():
        text = text.replace("{" + k + "}", str(v))
    return text


def jsonb_params(sql):
    """The 0-based positions of the $n::jsonb parameters of a statement."""
    import re
    return {int(n) - 1 for n in re.findall(r"\$(\d+)::jsonb", sql)}


def described_refs():
    """errors.json's {orders} and {column_keys}: the order choices and the
    columns' filter keys of the description, which run derives."""
    refs = {"orders": os.environ.get("TASKDB_DESCRIBED_ORDERS"),
            "column_keys": os.environ.get("TASKDB_DESCRIBED_KEYS")}
    if not all(refs.values()):
        sys.exit("TASKDB_DESCRIBED_ORDERS/KEYS are not set: run test/clients/run")
    return refs


def env_role():
    role = os.environ.get("TASKDB_CLIENTS_ROLE")
    if not role:
        sys.exit("TASKDB_CLIENTS_ROLE is not set: run test/clients/run")
    return role
