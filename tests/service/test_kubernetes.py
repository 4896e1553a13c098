"""deploy/kubernetes: the manifests against the Kubernetes schemas (offline), the ConfigMap's configurations
against its policy, and the image built when a container engine works here."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from pyoombpf.service import config, install

# `pyoombpf check` compiles the policy for bridge mode: against the bundled kernel description, the same on
# every machine (the kernel's own memcg counter layout differs between builds)
pytestmark = pytest.mark.usefixtures("bundled_kernel")

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy" / "kubernetes"
MANIFESTS = [DEPLOY / "daemonset.yaml", DEPLOY / "configmap.yaml"]
VALIDATE = Path(sys.executable).with_name("kubernetes-validate")


def validate(*args: str, offline: bool = True) -> subprocess.CompletedProcess[str]:
    """kubernetes-validate with the schemas it bundles; ``offline``: in a network namespace of its own (no
    network at all), which proves it needs none."""
    cmd = [str(VALIDATE), "--strict", *args]
    if offline and shutil.which("unshare"):
        cmd = ["unshare", "--net", *cmd]
    return subprocess.run(cmd, capture_output=True, text=True)


@pytest.mark.parametrize("version", ["1.28.0", "1.37.0"])
def test_manifests_pass_strict_schema_validation_offline(version: str) -> None:
    out = validate("-k", version, *map(str, MANIFESTS))
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.count("passed") == 2


def test_the_validator_would_catch_a_mistake(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text((DEPLOY / "daemonset.yaml").read_text().replace("hostPID: true", "hostPid: true"))
    out = validate(str(bad))
    assert out.returncode != 0 and "hostPid" in out.stdout + out.stderr


def manifests() -> dict[str, Any]:
    return {doc["kind"]: doc for path in MANIFESTS for doc in yaml.safe_load_all(path.read_text())}


def test_daemonset_is_what_an_oom_handler_needs() -> None:
    pod = manifests()["DaemonSet"]["spec"]["template"]["spec"]
    assert pod["hostPID"] and pod["priorityClassName"] == "system-node-critical"
    assert pod["tolerations"] == [{"operator": "Exists"}]
    first, *others = pod["containers"]
    caps = [c.removeprefix("CAP_") for c in install.CAPABILITIES]
    for c in pod["containers"]:
        assert c["securityContext"] == first["securityContext"] and c["volumeMounts"] == first["volumeMounts"]
        assert c["securityContext"]["capabilities"] == {"drop": ["ALL"], "add": caps}  # the unit's set
        assert c["securityContext"]["privileged"] is False
        assert c["resources"]["requests"] == c["resources"]["limits"]  # Guaranteed: outside what it watches
    mounts = {m["mountPath"]: m.get("readOnly", False) for m in first["volumeMounts"]}
    assert mounts == {
        "/etc/pyoombpf": True,
        "/sys/fs/cgroup": False,
        "/sys/kernel/btf": True,
        "/dev/kmsg": False,
        "/var/cache/pyoombpf": False,
        "/run/pyoombpf": False,  # the relays' claims (one decider per subtree), shared node-wide
        "/tmp": False,
    }
    annotations = manifests()["DaemonSet"]["spec"]["template"]["metadata"]["annotations"]
    assert annotations["prometheus.io/scrape"] == "true"
    assert int(annotations["prometheus.io/port"]) == first["ports"][0]["containerPort"]


def test_configmap_configurations_check_against_its_policy(tmp_path: Path) -> None:
    data = manifests()["ConfigMap"]["data"]
    assert data["policy.py"] == (REPO / "examples" / "oomd_like.py").read_text()
    for name, text in data.items():
        (tmp_path / name).write_text(text)
    pod = manifests()["DaemonSet"]["spec"]["template"]["spec"]
    for container in pod["containers"]:
        name = Path(container["args"][1]).name
        cfg = config.loads(data[name], str(tmp_path / name))
        host, port = config.parse_address(cfg.values["metrics"])
        assert (host, port) == ("0.0.0.0", container["ports"][0]["containerPort"])
        out = subprocess.run(
            [sys.executable, "-I", "-m", "pyoombpf.cli", "check", "--config", str(tmp_path / name)],
            capture_output=True,
            text=True,
        )
        assert out.returncode == 0, out.stderr


def container_engine() -> str:
    """A container tool that can build here, or skip naming what is missing."""
    problems = []
    for tool in ("podman", "buildah", "docker"):
        path = shutil.which(tool)
        if path is None:
            problems.append(f"{tool}: not installed")
            continue
        probe = [path, "info"]
        done = subprocess.run(probe, capture_output=True, text=True, timeout=60)
        if done.returncode == 0:
            return path
        reason = (done.stderr.strip().splitlines() or ["failed"])[-1]
        problems.append(f"{tool}: installed, but `{tool} info` failed ({reason[:120]})")
    pytest.skip("no working container engine to build deploy/kubernetes/Containerfile: " + "; ".join(problems))


@pytest.mark.slow
def test_the_image_builds_from_the_package() -> None:
    engine = container_engine()
    tag = "localhost/pyoombpf-test:latest"
    out = subprocess.run(
        [engine, "build", "-f", str(DEPLOY / "Containerfile"), "-t", tag, str(REPO)],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert out.returncode == 0, out.stderr[-4000:]
    try:
        run = subprocess.run([engine, "run", "--rm", tag, "--help"], capture_output=True, text=True, timeout=300)
        assert run.returncode == 0 and "--config" in run.stdout, run.stderr
    finally:
        subprocess.run([engine, "rmi", tag], capture_output=True)
