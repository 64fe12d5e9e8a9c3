"""The publishing workflow: valid YAML, the README's make targets, earlier editions kept."""

from __future__ import annotations

from pathlib import Path

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
