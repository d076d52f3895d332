#!/usr/bin/env python3
"""Validates a META.json against the PGXN Meta Spec 1.0.0.

    test/packaging/meta_spec.py [META.json]     # prints the problems; exits 1 if any
    test/packaging/meta_spec.py --self-test     # the validator rejects what the spec forbids

No package of Debian validates PGXN metadata: pgxnclient reads META.json
but checks nothing of it, and PGXN's own validators (the Perl
PGXN::Meta::Validator, the Rust pgxn_meta) are not packaged.  So the rules
are written here from the spec (https://pgxn.org/spec/, version 1.0.x):

  - the required keys: name, version, abstract, maintainer, license,
    provides, meta-spec (its version 1.0.x); the optional ones:
    description, generated_by, tags, no_index, prereqs, release_status,
    resources; any other key, at the top or in a map the spec describes,
    must be a custom key, x_ or X_ and more;
  - a String is non-empty; a Term (name, provides and prereqs keys) is at
    least two characters with no slash, backslash, control character or
    space; a Tag is under 256 characters with no slash, backslash or control
    character; a Version is SemVer 2.0.0; a Version Range is 0, a Version,
    or operators (<, <=, >, >=, ==, !=) with Versions, joined by commas; a
    URI has a scheme; a path is relative, with unix separators;
  - license: a License String of the spec's list, a list of them, or a map
    of names to URIs;
  - maintainer: a String or a non-empty list of Strings;
  - provides: a non-empty map of Terms to maps with file and version
    (required), abstract and docfile;
  - prereqs: phases (configure, build, test, runtime, develop) to
    relationships (requires, recommends, suggests, conflicts) to maps of
    Terms to Version Ranges;
  - release_status: stable, testing or unstable; no_index: file and
    directory lists of paths; resources: homepage, bugtracker (web,
    mailto), repository (url, web, type in lower case).
"""

import copy
import json
import re
import sys

LICENSES = {
    "agpl_3", "apache_1_1", "apache_2_0", "artistic_1", "artistic_2", "bsd",
    "freebsd", "gfdl_1_2", "gfdl_1_3", "gpl_1", "gpl_2", "gpl_3", "lgpl_2_1",
    "lgpl_3_0", "mit", "mozilla_1_0", "mozilla_1_1", "openssl", "perl_5",
    "postgresql", "qpl_1_0", "ssleay", "sun", "zlib", "open_source",
    "restricted", "unrestricted", "unknown",
}
PHASES = {"configure", "build", "test", "runtime", "develop"}
RELATIONSHIPS = {"requires", "recommends", "suggests", "conflicts"}
STATUSES = {"stable", "testing", "unstable"}

# Semantic Versioning 2.0.0, the regular expression semver.org gives
SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$")
RANGE_PART = re.compile(r"^\s*(<=|>=|==|!=|<|>)?\s*(\S+)\s*$")
URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
CUSTOM = re.compile(r"^x_", re.I)


class Validator:
    def __init__(self):
        self.problems = []

    def bad(self, where, what):
        self.problems.append("%s: %s" % (where, what))

    def string(self, where, v):
        if not isinstance(v, str) or v == "":
            self.bad(where, "must be a non-empty string, not %s" % json.dumps(v))
            return False
        return True

    def term(self, where, v):
        if self.string(where, v) and (len(v) < 2 or re.search(r"[/\\\s]", v) or CONTROL.search(v)):
            self.bad(where, "%s is not a Term (two characters or more, no slash, backslash, space or control character)" % json.dumps(v))

    def tag(self, where, v):
        if self.string(where, v) and (len(v) >= 256 or re.search(r"[/\\]", v) or CONTROL.search(v)):
            self.bad(where, "%s is not a Tag (under 256 characters, no slash, backslash or control character)" % json.dumps(v))

    def version(self, where, v):
        if self.string(where, v) and not SEMVER.match(v):
            self.bad(where, "%s is not a Semantic Version 2.0.0 (MAJOR.MINOR.PATCH)" % json.dumps(v))

    def version_range(self, where, v):
        if v == 0 or v == "0":
            return
        if not self.string(where, v):
            return
        for part in v.split(","):
            m = RANGE_PART.match(part)
            if not m or not SEMVER.match(m.group(2)):
                self.bad(where, "%s is not a Version Range (0, a version, or operators with versions joined by commas)" % json.dumps(v))
                return

    def uri(self, where, v):
        if self.string(where, v) and not URI.match(v):
            self.bad(where, "%s is not a URI" % json.dumps(v))

    def path(self, where, v):
        if self.string(where, v) and (v.startswith("/") or "\\" in v):
            self.bad(where, "%s is not a relative path with unix separators" % json.dumps(v))

    def map(self, where, v, keys=None, required=(), nonempty=False):
        """A map; with keys, its keys must be those or custom ones."""
        if not isinstance(v, dict):
            self.bad(where, "must be a map, not %s" % json.dumps(v))
            return False
        if nonempty and not v:
            self.bad(where, "must not be empty")
        for k in required:
            if k not in v:
                self.bad(where, "lacks the required key %s" % json.dumps(k))
        if keys is not None:
            for k in v:
                if k not in keys and not CUSTOM.match(k):
                    self.bad(where, "%s is not a key the spec allows here (custom keys begin with x_)" % json.dumps(k))
        return True

    def list_of(self, where, v, check, nonempty=False):
        """A List; a String stands for a List of one."""
        items = [v] if isinstance(v, str) else v
        if not isinstance(items, list):
            self.bad(where, "must be a list, not %s" % json.dumps(v))
            return
        if nonempty and not items:
            self.bad(where, "must not be empty")
        for i, item in enumerate(items):
            check("%s[%d]" % (where, i), item)

    def meta(self, m):
        top = {"name", "version", "abstract", "maintainer", "license", "provides", "meta-spec",
               "description", "generated_by", "tags", "no_index", "prereqs", "release_status",
               "resources"}
        if not self.map("META.json", m, top, required=("name", "version", "abstract", "maintainer",
                                                       "license", "provides", "meta-spec")):
            return self.problems
        spec = m.get("meta-spec")
        if spec is not None and self.map("meta-spec", spec, {"version", "url"}, required=("version",)):
            if "version" in spec and (not isinstance(spec["version"], str)
                                      or not re.match(r"^1\.0\.\d+$", spec["version"])):
                self.bad("meta-spec.version", "%s is not 1.0.x, the spec this validates" % json.dumps(spec["version"]))
            if "url" in spec:
                self.uri("meta-spec.url", spec["url"])
        if "name" in m:
            self.term("name", m["name"])
        if "version" in m:
            self.version("version", m["version"])
        for k in ("abstract", "description", "generated_by"):
            if k in m:
                self.string(k, m[k])
        if "maintainer" in m:
            self.list_of("maintainer", m["maintainer"], self.string, nonempty=True)
        if "license" in m:
            lic = m["license"]
            if isinstance(lic, dict):
                if self.map("license", lic, nonempty=True):
                    for name, url in lic.items():
                        self.string("license key", name)
                        self.uri("license.%s" % name, url)
            else:
                def license_string(where, v):
                    if self.string(where, v) and v not in LICENSES:
                        self.bad(where, "%s is not a License String of the spec" % json.dumps(v))
                self.list_of("license", lic, license_string, nonempty=True)
        if "provides" in m and self.map("provides", m["provides"], nonempty=True):
            for ext, p in m["provides"].items():
                where = "provides.%s" % ext
                self.term("provides key", ext)
                if self.map(where, p, {"file", "version", "abstract", "docfile"}, required=("file", "version")):
                    if "file" in p:
                        self.path(where + ".file", p["file"])
                    if "docfile" in p:
                        self.path(where + ".docfile", p["docfile"])
                    if "version" in p:
                        self.version(where + ".version", p["version"])
                    if "abstract" in p:
                        self.string(where + ".abstract", p["abstract"])
        if "tags" in m:
            self.list_of("tags", m["tags"], self.tag)
        if "no_index" in m and self.map("no_index", m["no_index"], {"file", "directory"}):
            for k in ("file", "directory"):
                if k in m["no_index"]:
                    self.list_of("no_index." + k, m["no_index"][k], self.path)
        if "prereqs" in m and self.map("prereqs", m["prereqs"], PHASES):
            for phase, rels in m["prereqs"].items():
                if CUSTOM.match(phase):
                    continue
                if self.map("prereqs." + phase, rels, RELATIONSHIPS):
                    for rel, exts in rels.items():
                        if CUSTOM.match(rel):
                            continue
                        where = "prereqs.%s.%s" % (phase, rel)
                        if self.map(where, exts):
                            for ext, rng in exts.items():
                                self.term(where + " key", ext)
                                self.version_range("%s.%s" % (where, ext), rng)
        if "release_status" in m and m["release_status"] not in STATUSES:
            self.bad("release_status", "%s is not stable, testing or unstable" % json.dumps(m["release_status"]))
        if "resources" in m and self.map("resources", m["resources"], {"homepage", "bugtracker", "repository"}):
            r = m["resources"]
            if "homepage" in r:
                self.uri("resources.homepage", r["homepage"])
            if "bugtracker" in r and self.map("resources.bugtracker", r["bugtracker"], {"web", "mailto"}):
                if "web" in r["bugtracker"]:
                    self.uri("resources.bugtracker.web", r["bugtracker"]["web"])
                if "mailto" in r["bugtracker"] and self.string("resources.bugtracker.mailto", r["bugtracker"]["mailto"]) \
                        and not EMAIL.match(r["bugtracker"]["mailto"]):
                    self.bad("resources.bugtracker.mailto", "is not an email address")
            if "repository" in r and self.map("resources.repository", r["repository"], {"url", "web", "type"}):
                for k in ("url", "web"):
                    if k in r["repository"]:
                        self.uri("resources.repository." + k, r["repository"][k])
                t = r["repository"].get("type")
                if t is not None and self.string("resources.repository.type", t) and t != t.lower():
                    self.bad("resources.repository.type", "must be lower case")
        return self.problems


def validate(meta):
    return Validator().meta(meta)


def mutations(meta):
    """(what, document) pairs, each breaking one rule of the spec."""
    def changed(f):
        m = copy.deepcopy(meta)
        f(m)
        return m
    ext = next(iter(meta["provides"]))
    return [
        ("no abstract", changed(lambda m: m.pop("abstract"))),
        ("no provides", changed(lambda m: m.pop("provides"))),
        ("no meta-spec", changed(lambda m: m.pop("meta-spec"))),
        ("meta-spec 2.0.0", changed(lambda m: m["meta-spec"].update(version="2.0.0"))),
        ("a version of two numbers, as control files write them", changed(lambda m: m.update(version="1.8"))),
        ("a version with a leading zero", changed(lambda m: m.update(version="1.08.0"))),
        ("a provided extension's version of two numbers", changed(lambda m: m["provides"][ext].update(version="1.8"))),
        ("a provided extension without a file", changed(lambda m: m["provides"][ext].pop("file"))),
        ("a provided extension with an unknown key", changed(lambda m: m["provides"][ext].update(sql="x.sql"))),
        ("an absolute file path", changed(lambda m: m["provides"][ext].update(file="/usr/share/x.sql"))),
        ("an empty provides", changed(lambda m: m.update(provides={}))),
        ("a license the spec does not list", changed(lambda m: m.update(license="PostgreSQL License"))),
        ("a license map with a value that is no URI", changed(lambda m: m.update(license={"PostgreSQL": "the usual"}))),
        ("no maintainer in the list", changed(lambda m: m.update(maintainer=[]))),
        ("a name with a space", changed(lambda m: m.update(name="task db"))),
        ("a one-character name", changed(lambda m: m.update(name="t"))),
        ("an unknown top-level key", changed(lambda m: m.update(homepage="https://example.org/"))),
        ("a tag with a slash", changed(lambda m: m.update(tags=["a/b"]))),
        ("a prereq phase the spec does not know", changed(lambda m: m.setdefault("prereqs", {}).update(install={"requires": {"plpgsql": 0}}))),
        ("a prereq relationship the spec does not know", changed(lambda m: m.setdefault("prereqs", {}).update(runtime={"needs": {"plpgsql": 0}}))),
        ("a version range with a bad operator", changed(lambda m: m.setdefault("prereqs", {}).update(runtime={"requires": {"PostgreSQL": "=> 15.0.0"}}))),
        ("a version range of two numbers", changed(lambda m: m.setdefault("prereqs", {}).update(runtime={"requires": {"PostgreSQL": ">= 15.0"}}))),
        ("a release status the spec does not know", changed(lambda m: m.update(release_status="beta"))),
        ("a repository type in upper case", changed(lambda m: m.update(resources={"repository": {"type": "Git"}}))),
    ]


def main(argv):
    if argv[1:] == ["--self-test"]:
        meta = json.load(open("META.json"))
        failures = 0
        good = [
            ("META.json", meta),
            ("the spec's synopsis", {
                "name": "pgTAP", "abstract": "Unit testing for PostgreSQL", "version": "0.26.0",
                "maintainer": ["David E. Wheeler <theory@pgxn.org>", "pgTAP List <pgtap-users@googlegroups.com>"],
                "license": {"PostgreSQL": "https://www.postgresql.org/about/licence"},
                "prereqs": {"runtime": {"requires": {"plpgsql": 0, "PostgreSQL": "8.0.0"},
                                        "recommends": {"PostgreSQL": "8.4.0"}}},
                "provides": {"pgtap": {"file": "sql/pgtap.sql", "docfile": "doc/pgtap.mmd", "version": "0.2.4",
                                       "abstract": "Unit testing assertions for PostgreSQL"}},
                "resources": {"homepage": "https://pgtap.org/",
                              "bugtracker": {"web": "https://github.com/theory/pgtap/issues"},
                              "repository": {"url": "https://github.com/theory/pgtap.git",
                                             "web": "https://github.com/theory/pgtap", "type": "git"}},
                "generated_by": "David E. Wheeler",
                "meta-spec": {"version": "1.0.0", "url": "https://pgxn.org/meta/spec.txt"},
                "tags": ["testing", "unit testing", "tap"],
                "x_custom": {"anything": True}}),
        ]
        for what, doc in good:
            problems = validate(doc)
            if problems:
                failures += 1
                print("FAIL - the validator rejects %s: %s" % (what, "; ".join(problems)))
            else:
                print("ok   - the validator accepts %s" % what)
        for what, doc in mutations(meta):
            problems = validate(doc)
            if problems:
                print("ok   - the validator rejects META.json with %s (%s)" % (what, problems[0]))
            else:
                failures += 1
                print("FAIL - the validator accepts META.json with %s" % what)
        return 1 if failures else 0
    path = argv[1] if len(argv) > 1 else "META.json"
    try:
        meta = json.load(open(path))
    except (OSError, ValueError) as e:
        print("%s: not JSON: %s" % (path, e))
        return 1
    problems = validate(meta)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
