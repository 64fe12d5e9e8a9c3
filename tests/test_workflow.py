"""The publishing workflow: valid YAML, the README's make targets, earlier editions kept."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"


def load() -> dict:  # type: ignore[type-arg]
    data = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    assert isinstance(data, dict)
    return data


def steps(job: dict) -> list[dict]:  # type: ignore[type-arg]
    return list(job["steps"])


def test_triggers_on_dumps_generator_docs_and_by_hand() -> None:
    on = load()[True]  # YAML 1.1 reads the key `on` as True
    assert {"dumps/**", "generator/**", "docs/**"} <= set(on["push"]["paths"])
    assert on["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in on


def test_runs_the_readme_targets_in_order() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    build = load()["jobs"]["build"]
    runs = [s.get("run", "") for s in steps(build)]
    test_at = next(i for i, r in enumerate(runs) if r.strip() == "make test")
    site_at = next(i for i, r in enumerate(runs) if r.strip() == "make site")
    assert test_at < site_at
    assert "make test" in readme
    assert "make site" in readme
    restore = next(i for i, r in enumerate(runs) if "gh-pages" in r and "checkout" in r)
    assert restore < site_at  # the published editions are in site/ before the build


def test_deploys_the_site_folder_with_pages_actions() -> None:
    data = load()
    uses = [s.get("uses", "") for s in steps(data["jobs"]["build"])]
    upload = next(s for s in steps(data["jobs"]["build"])
                  if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site"
    assert any(u.startswith("actions/checkout@") for u in uses)
    deploy = data["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in steps(deploy))
    assert {"pages": "write", "id-token": "write"}.items() <= data["permissions"].items()


def test_base_url_comes_from_pages_and_ends_with_slash() -> None:
    build = load()["jobs"]["build"]
    site = next(s for s in steps(build) if s.get("run", "").strip() == "make site")
    assert site["env"]["LITREVIEW_BASE_URL"] == "${{ steps.pages.outputs.base_url }}/"


def test_caches_the_edition_libraries_before_building() -> None:
    """The theme chain needs every earlier edition's library; a cache keeps a new dump from
    recomputing them all (build.cached_libraries drops entries it cannot use)."""
    names = [s.get("name", s.get("uses", "")) for s in steps(load()["jobs"]["build"])]
    cache = next(s for s in steps(load()["jobs"]["build"])
                 if s.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"] == ".cache/libraries"
    assert "dumps/**" in cache["with"]["key"]
    assert "generator/**" in cache["with"]["key"]
    at = names.index(cache.get("name", cache["uses"]))
    assert at < names.index("Build missing editions")


def test_resolves_new_papers_before_building_and_keeps_them() -> None:
    """Identities are looked up (network exists on GitHub) before the build, an outage does
    not stop publishing, and what was found is committed without starting another run."""
    build = steps(load()["jobs"]["build"])
    runs = [s.get("run", "").strip() for s in build]
    resolve = runs.index("make resolve")
    assert build[resolve].get("continue-on-error") is True
    keep = next(i for i, r in enumerate(runs) if "bib/identities.toml" in r and "push" in r)
    assert "[skip ci]" in runs[keep]
    assert resolve < keep < runs.index("make site")


# --- the workflow's shell steps, run in order against a local repository ----------------------

#: the steps that touch the repository and the site, in the workflow's order
STEPS = ["Restore the published site", "Look up the identities", "Keep what was resolved",
         "Build missing editions", "Record the published site"]


def seed_slice(k: int, n: int, page: str) -> bytes:
    """``n`` entries of seed dump ``k`` (capture order) under a page dated ``page``."""
    from litreview.reading.parse import parse_dump

    from .conftest import seed_dumps
    name, data, captured = seed_dumps()[k]
    entries = parse_dump(data, name, int(captured[:4])).entries[:n]
    body = "".join(f"{e.title}\n\n{e.abstract}\n\n" for e in entries)
    return f"Daily Papers\n\n{page}\n\n{body}".encode()


def git(cwd: Path, *args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return proc.stdout.strip()


def run_steps(work: Path, env: dict[str, str]) -> None:
    """Each step's shell script, as GitHub runs it (bash -e), with ``make`` standing for
    the Makefile targets (this test's environment is installed already)."""
    make = (f'make() {{ case "$1" in site) "{sys.executable}" -m litreview.cli build ;; '
            f'resolve) "{sys.executable}" -m litreview.cli resolve --no-progress '
            '--timeout 2 ;; *) return 2 ;; esac; }\n')
    by_name = {s.get("name", ""): s for s in steps(load()["jobs"]["build"])}
    for prefix in STEPS:
        step = next(s for n, s in by_name.items() if n.startswith(prefix))
        script = step["run"].replace("${{ steps.pages.outputs.base_url }}", "")
        step_env = {k: str(v).replace("${{ steps.pages.outputs.base_url }}",
                                      "http://example.test/review")
                    for k, v in step.get("env", {}).items()}
        proc = subprocess.run(["bash", "-e", "-c", make + script], cwd=work,
                              env={**env, **step_env}, capture_output=True, text=True,
                              check=False)
        if proc.returncode and not step.get("continue-on-error"):
            pytest.fail(f"step {prefix!r} failed:\n{proc.stdout}\n{proc.stderr}")


def gh_pages(origin: Path) -> dict[str, str]:
    """path -> blob of every file on origin's gh-pages."""
    out = git(origin, "ls-tree", "-r", "gh-pages")
    return {line.split("\t")[1]: line.split()[2] for line in out.splitlines()}


@pytest.mark.slow
def test_the_workflow_publishes_twice_keeping_earlier_editions(
        tmp_path: Path, recordings: dict, loopback_only: list[str]) -> None:  # type: ignore[type-arg]
    from .conftest import make_project, write_dumps
    from .standin import StandIn

    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    work = make_project(tmp_path / "work", [("001_a.txt", seed_slice(0, 8, "Nov 1"),
                                             "2026-11-01")])
    (work / "Makefile").write_bytes((ROOT / "Makefile").read_bytes())
    for cmd in (["init", "-q", "-b", "main"], ["add", "-A"],
                ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "review"],
                ["remote", "add", "origin", str(origin)], ["push", "-q", "origin", "main"]):
        git(work, *cmd)
    summary = tmp_path / "summary.md"
    with StandIn(recordings) as s:
        env = {**os.environ, "GITHUB_REF_NAME": "main", "GITHUB_STEP_SUMMARY": str(summary),
               "HF_ENDPOINT": s.hf_endpoint, "LITREVIEW_ARXIV_API": s.arxiv_api,
               "GITHUB_SHA": git(work, "rev-parse", "HEAD")}
        run_steps(work, env)
        first = gh_pages(origin)
        assert {"index.html", "switcher.json", ".nojekyll", "latest/index.html",
                "2026-11-01/index.html"} <= set(first)
        # a new dump lands on main: CI starts from a fresh clone of it
        write_dumps(work, [("002_b.txt", seed_slice(1, 6, "Nov 8"), "2026-11-08")])
        git(work, "add", "-A")
        git(work, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "dump")
        git(work, "push", "-q", "origin", "main")
        fresh = tmp_path / "fresh"
        git(tmp_path, "clone", "-q", str(origin), str(fresh))
        run_steps(fresh, {**env, "GITHUB_SHA": git(fresh, "rev-parse", "HEAD")})
    second = gh_pages(origin)
    old = {p: b for p, b in first.items() if p.startswith("2026-11-01/")}
    assert old
    assert {p: second.get(p) for p in old} == old  # the first edition, byte for byte
    assert "2026-11-08/index.html" in second
    # what the stand-in resolved for the new dump was committed back to main, marked so
    # that it starts no run
    log = git(origin, "log", "-1", "--format=%s", "main")
    assert log.startswith("Identities resolved for ")
    assert log.endswith("[skip ci]")
    assert "arxiv_id" in git(origin, "show", "main:bib/identities.toml")
    report = summary.read_text("utf-8").splitlines()
    assert [line.split(":")[0] for line in report] == [
        "restored from gh-pages", "uploading", "restored from gh-pages", "uploading"]
    assert report[0].startswith("restored from gh-pages: 0 bytes")
    assert int(report[2].split()[3]) > 0  # the second run restored the first site


def test_the_workflow_is_valid_for_github() -> None:
    """check-jsonschema against GitHub's published workflow schema (vendored with it)."""
    proc = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                           "vendor.github-workflows", str(WORKFLOW)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_actions_are_current_majors() -> None:
    uses = {s["uses"].split("@")[0]: s["uses"].split("@")[1]
            for job in load()["jobs"].values() for s in steps(job) if "uses" in s}
    assert uses == {"actions/checkout": "v6", "actions/setup-python": "v6",
                    "actions/configure-pages": "v6", "actions/cache": "v5",
                    "actions/upload-pages-artifact": "v5", "actions/deploy-pages": "v5"}
