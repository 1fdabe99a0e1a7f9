#!/usr/bin/env python3
"""deploy/kubernetes/ checked without a cluster: the manifests agree with each other and with the
binaries, and the K pods' commands, expanded as Kubernetes would, run as K local processes.

Usage: kubernetes_test.py CHECK --deploy DIR --crawlbench BIN --server BIN
  manifests  every YAML document parses; the Indexed Job, its volume claim, the Service, the
             Deployment, the merge Job and the image's entrypoint agree (K, ports, paths, names)
  server     the Deployment's command runs on the real crawlbench-server (its host and port
             replaced by 127.0.0.1 and 0) and answers its readiness and liveness probes
  segments   each of the K pods, its $(VAR)s expanded, runs its own segment I/K and writes its own
             file, and the K pods cover 0..K-1
  local-run  the K pods' commands as K local processes against one local crawlbench-server, with
             smaller --num and --delay than the manifest's (LOCAL_NUM, LOCAL_DELAY below), then
             the merge Job's command on their files: exactly N requests, 0 errors, the segments'
             bytes summed, p50 within the segments' p50s
Exit status 0 passed, 1 failed, 77 skipped (local-run, when crawlbench lacks --segment,
--start-at or merge). Needs python3-yaml (scripts/bootstrap.sh). Every process has a timeout.
"""
import argparse
import json
import os
import re
import selectors
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml

SKIPPED = 77
TIMEOUT_S = 60
# local-run's plan: the manifest's strategy and concurrency, fewer and shorter requests.
LOCAL_NUM = 600
LOCAL_DELAY = 20
INDEX_ANNOTATION = "metadata.annotations['batch.kubernetes.io/job-completion-index']"


class Failed(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise Failed(message)


# ---- reading the manifests -------------------------------------------------------------------

class Deploy:
    """Every document of deploy/kubernetes/*.yaml, the Dockerfile's entrypoint and the README."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.documents = []
        for path in sorted((self.folder / "kubernetes").glob("*.yaml")):
            with open(path, encoding="utf-8") as stream:
                for document in yaml.safe_load_all(stream):
                    if document is not None:
                        self.documents.append((path.name, document))
        self.readme = (self.folder / "kubernetes" / "README.md").read_text(encoding="utf-8")
        self.entrypoint = dockerfile_entrypoint(self.folder / "Dockerfile")

    def one(self, kind, name=None):
        found = [d for _, d in self.documents
                 if d.get("kind") == kind and (name is None or d["metadata"]["name"] == name)]
        expect(len(found) == 1, f"expected one {kind} {name or ''}, found {len(found)}")
        return found[0]

    def segment_job(self):
        jobs = [d for _, d in self.documents if d.get("kind") == "Job"
                and d["spec"].get("completionMode") == "Indexed"]
        expect(len(jobs) == 1, f"expected one Indexed Job, found {len(jobs)}")
        return jobs[0]

    def merge_job(self):
        jobs = [d for _, d in self.documents if d.get("kind") == "Job" and d is not self.segment_job()]
        expect(len(jobs) == 1, f"expected one merge Job beside the Indexed Job, found {len(jobs)}")
        return jobs[0]


def dockerfile_entrypoint(path):
    """The binary the image runs, its init wrapper (tini --) taken off."""
    match = re.search(r"^ENTRYPOINT\s+(\[.*\])\s*$", path.read_text(encoding="utf-8"), re.MULTILINE)
    expect(match, f"{path}: no ENTRYPOINT in exec form")
    words = json.loads(match.group(1))
    if words[:2] == ["tini", "--"]:
        words = words[2:]
    expect(words == ["crawlbench"], f"{path}: ENTRYPOINT runs {words}, expected crawlbench")
    return words


def only_container(pod_spec):
    containers = pod_spec["containers"]
    expect(len(containers) == 1, f"expected one container, found {len(containers)}")
    return containers[0]


def option(args, name):
    """The value after `name` in args (one occurrence)."""
    expect(args.count(name) == 1, f"{name} appears {args.count(name)} times in {args}")
    at = args.index(name)
    expect(at + 1 < len(args), f"{name} has no value in {args}")
    return args[at + 1]


def claim_mount(pod_spec):
    """(claim name, mount path) of the pod's one persistent volume claim."""
    volumes = [v for v in pod_spec.get("volumes", []) if "persistentVolumeClaim" in v]
    expect(len(volumes) == 1, f"expected one claim volume, found {len(volumes)}")
    mounts = [m for m in only_container(pod_spec).get("volumeMounts", []) if m["name"] == volumes[0]["name"]]
    expect(len(mounts) == 1, f"volume {volumes[0]['name']} is mounted {len(mounts)} times")
    return volumes[0]["persistentVolumeClaim"]["claimName"], mounts[0]["mountPath"]


def segment_count(job):
    spec = job["spec"]
    k = spec.get("completions")
    expect(isinstance(k, int) and k >= 1, f"completions {k!r} is not a whole number >= 1")
    expect(spec.get("parallelism") == k, f"parallelism {spec.get('parallelism')} != completions {k}")
    return k


# ---- Kubernetes' $(VAR) expansion --------------------------------------------------------------

def expand(text, env):
    """As the kubelet expands command and args: $(NAME) of a defined variable becomes its value,
    $$ becomes $, anything else (an undefined name, a lone $) stays as written."""
    out, i = [], 0
    while i < len(text):
        if text.startswith("$$", i):
            out.append("$")
            i += 2
            continue
        if text.startswith("$(", i) and text.find(")", i + 2) != -1:
            end = text.find(")", i + 2)
            name = text[i + 2:end]
            out.append(env.get(name, text[i:end + 1]))
            i = end + 1
            continue
        out.append(text[i])
        i += 1
    return "".join(out)


def start_configmap(readme):
    """(name, key) of the ConfigMap the README creates for START_AT."""
    match = re.search(r"kubectl create configmap (\S+) --from-literal=(\w+)=", readme)
    expect(match, "README.md: no `kubectl create configmap NAME --from-literal=KEY=...`")
    return match.group(1), match.group(2)


def pod_env(container, index, start_at, configmap):
    """The container's variables as Kubernetes resolves them for pod `index`."""
    env = {}
    for entry in container.get("env", []):
        source = entry.get("valueFrom", {})
        if "value" in entry:
            env[entry["name"]] = expand(entry["value"], env)
        elif source.get("fieldRef", {}).get("fieldPath") == INDEX_ANNOTATION:
            env[entry["name"]] = str(index)
        elif "configMapKeyRef" in source:
            ref = source["configMapKeyRef"]
            expect((ref["name"], ref["key"]) == configmap,
                   f"{entry['name']} reads ConfigMap {ref['name']}/{ref['key']}, the README creates {configmap}")
            env[entry["name"]] = start_at
        else:
            raise Failed(f"env {entry['name']}: a source this test does not know: {entry}")
    env.setdefault("JOB_COMPLETION_INDEX", str(index))  # Kubernetes sets it in an Indexed Job
    return env


def pod_args(deploy, index, start_at):
    """Pod `index`'s args, expanded; every reference must resolve."""
    container = only_container(deploy.segment_job()["spec"]["template"]["spec"])
    env = pod_env(container, index, start_at, start_configmap(deploy.readme))
    args = [expand(a, env) for a in container["args"]]
    unresolved = [a for a in args if "$(" in a]
    expect(not unresolved, f"pod {index}: unresolved references in {unresolved}")
    return args


def iso_utc(epoch_s):
    """As the README's `date -u +%Y-%m-%dT%H:%M:%SZ`."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch_s))


# ---- the checks ------------------------------------------------------------------------------

def check_manifests(deploy, binaries):
    for file, document in deploy.documents:
        expect(document.get("apiVersion") and document.get("kind") and document.get("metadata", {}).get("name"),
               f"{file}: a document without apiVersion, kind or metadata.name")
    job = deploy.segment_job()
    k = segment_count(job)
    check_segment_pod(deploy, job, k)
    check_volume(deploy, job, k)
    check_service(deploy, job)
    check_images(deploy)
    print(f"manifests agree: K = {k}, {len(deploy.documents)} documents")


def check_segment_pod(deploy, job, k):
    pod = job["spec"]["template"]["spec"]
    expect(pod.get("restartPolicy") == "Never", "the Job's pods need restartPolicy Never")
    expect(job["spec"].get("backoffLimitPerIndex") == 0,
           "each segment runs once (backoffLimitPerIndex 0): a retry would start after START_AT")
    container = only_container(pod)
    expect("command" not in container, "the segment pod runs the image's entrypoint (crawlbench)")
    args = container["args"]
    expect(all(isinstance(a, str) for a in args), f"args must all be strings (quote numbers): {args}")
    expect(args[0] == "run", f"the pod runs {args[0]!r}, not run")
    expect(option(args, "--segment") == f"$(JOB_COMPLETION_INDEX)/{k}",
           f"--segment {option(args, '--segment')!r} is not $(JOB_COMPLETION_INDEX)/{k}")
    expect(option(args, "--start-at") == "$(START_AT)", "--start-at is not $(START_AT)")
    index_env = [e for e in container.get("env", []) if e["name"] == "JOB_COMPLETION_INDEX"]
    expect(len(index_env) == 1 and index_env[0]["valueFrom"]["fieldRef"]["fieldPath"] == INDEX_ANNOTATION,
           "JOB_COMPLETION_INDEX comes from the job-completion-index annotation")
    env = pod_env(container, 0, "START", start_configmap(deploy.readme))
    expect(env.get("START_AT") == "START", "START_AT does not come from the README's ConfigMap")


def check_volume(deploy, job, k):
    claim, mount = claim_mount(job["spec"]["template"]["spec"])
    pvc = deploy.one("PersistentVolumeClaim", claim)
    expect("ReadWriteMany" in pvc["spec"]["accessModes"], f"claim {claim} is not ReadWriteMany")
    out = option(only_container(job["spec"]["template"]["spec"])["args"], "--out")
    expect(out.startswith(mount.rstrip("/") + "/"), f"--out {out} is not under the mount {mount}")
    expect("$(JOB_COMPLETION_INDEX)" in out, f"--out {out} is the same file in every pod")
    merge_pod = deploy.merge_job()["spec"]["template"]["spec"]
    merge_claim, merge_mount = claim_mount(merge_pod)
    expect(merge_claim == claim, f"the merge reads claim {merge_claim}, the segments write {claim}")
    expected = [out.replace("$(JOB_COMPLETION_INDEX)", str(i)).replace(mount, merge_mount, 1) for i in range(k)]
    args = only_container(merge_pod)["args"]
    expect(args[0] == "merge", f"the merge Job runs {args[0]!r}, not merge")
    inputs = args[1:1 + k]
    expect(inputs == expected, f"the merge reads {inputs}, the {k} segments write {expected}")
    expect(len(args) == 1 + k or args[1 + k].startswith("--"), f"the merge reads more than {k} files: {args}")
    expect(option(args, "--out").startswith(merge_mount.rstrip("/") + "/"), "the merge's --out is not on the volume")
    reader = deploy.one("Pod")
    expect(claim_mount(reader["spec"])[0] == claim, "the results reader mounts another claim")


def resolve_port(container, port):
    """A container port given by name or number, as a number."""
    for p in container.get("ports", []):
        if port in (p.get("name"), p["containerPort"]):
            return p["containerPort"]
    raise Failed(f"port {port!r} is not a port of container {container['name']}")


def check_service(deploy, job):
    deployment = deploy.one("Deployment")
    template = deployment["spec"]["template"]
    labels = template["metadata"]["labels"]
    expect(deployment["spec"]["selector"]["matchLabels"].items() <= labels.items(),
           "the Deployment's selector does not match its pods")
    service = deploy.one("Service")
    expect(service["spec"]["selector"].items() <= labels.items(), "the Service's selector matches no server pod")
    server = only_container(template["spec"])
    expect(server.get("command") == ["crawlbench-server"], f"the server pod runs {server.get('command')}")
    ports = service["spec"]["ports"]
    expect(len(ports) == 1, "the Service has one port")
    container_port = resolve_port(server, ports[0].get("targetPort", ports[0]["port"]))
    expect(option(server["args"], "--port") == str(container_port),
           f"the server listens on {option(server['args'], '--port')}, the Service sends to {container_port}")
    expect(option(server["args"], "--host") in ("0.0.0.0", "::"), "the server listens on loopback only")
    for probe in ("readinessProbe", "livenessProbe"):
        expect(resolve_port(server, server[probe]["httpGet"]["port"]) == container_port, f"{probe} probes another port")
    url = option(only_container(job["spec"]["template"]["spec"])["args"], "--server")
    expect(url == f"http://{service['metadata']['name']}:{ports[0]['port']}",
           f"the segments crawl {url}, the Service is {service['metadata']['name']}:{ports[0]['port']}")


def check_images(deploy):
    images = {c["image"] for _, d in deploy.documents for c in pod_spec_of(d).get("containers", [])}
    expect(len(images) == 1, f"every pod runs the same image, found {images}")
    image = images.pop()
    expect(f"image: {image}" in deploy.readme, f"README.md does not say how to replace `image: {image}`")


def pod_spec_of(document):
    if document["kind"] == "Pod":
        return document["spec"]
    if document["kind"] in ("Job", "Deployment"):
        return document["spec"]["template"]["spec"]
    return {}


def check_segments(deploy, binaries):
    k = segment_count(deploy.segment_job())
    start_at = iso_utc(int(time.time()) + 2)
    seen, outs = [], set()
    for index in range(k):
        args = pod_args(deploy, index, start_at)
        expect(option(args, "--segment") == f"{index}/{k}", f"pod {index} runs segment {option(args, '--segment')}")
        expect(option(args, "--start-at") == start_at, f"pod {index} starts at {option(args, '--start-at')}")
        seen.append(index)
        outs.add(option(args, "--out"))
    expect(sorted(seen) == list(range(k)), f"segments {seen} do not cover 0..{k - 1}")
    expect(len(outs) == k, f"{k} pods write {len(outs)} distinct files")
    print(f"{k} pods, segments 0/{k}..{k - 1}/{k}, files {sorted(outs)}")


# ---- processes -------------------------------------------------------------------------------

def read_line_matching(process, pattern, timeout_s):
    """The first line of the process's stdout (a binary pipe) matching pattern, within timeout_s
    and before the process ends."""
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout_s
    text = ""
    while time.monotonic() < deadline and selector.select(timeout=deadline - time.monotonic()):
        chunk = os.read(process.stdout.fileno(), 4096)
        if not chunk:
            break
        text += chunk.decode("utf-8", "replace")
        for line in text.split("\n")[:-1]:  # whole lines only: a chunk may end mid-URL
            match = re.search(pattern, line)
            if match:
                return match
    raise Failed(f"no line matching {pattern!r} within {timeout_s} s or before the end; stdout: {text!r}")


class LocalServer:
    """The Deployment's crawlbench-server on 127.0.0.1 and an ephemeral port, in a folder of its own
    (it writes its metrics file there when it stops)."""

    def __init__(self, deploy, binary):
        server = only_container(deploy.one("Deployment")["spec"]["template"]["spec"])
        args = list(server["args"])
        args[args.index("--host") + 1] = "127.0.0.1"
        args[args.index("--port") + 1] = "0"
        self.container = server
        self.folder = tempfile.TemporaryDirectory(prefix="crawlbench-k8s-server-")
        self.stderr = open(Path(self.folder.name) / "stderr.txt", "w+", encoding="utf-8")
        self.process = subprocess.Popen([binary, *args], stdout=subprocess.PIPE, stderr=self.stderr,
                                        cwd=self.folder.name)
        try:
            self.url = read_line_matching(self.process, r"listening on (http://127\.0\.0\.1:\d+)", TIMEOUT_S).group(1)
        except Failed as problem:
            self.stderr.seek(0)
            message = f"{binary} {' '.join(args)}: {problem}; stderr: {self.stderr.read()!r}"
            self.stop()
            raise Failed(message) from None

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process.stdout.close()
        self.stderr.close()
        self.folder.cleanup()


def http_status(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as answer:
        return answer.code


def check_server(deploy, binaries):
    server = LocalServer(deploy, binaries.server)
    try:
        for probe in ("readinessProbe", "livenessProbe"):
            path = server.container[probe]["httpGet"]["path"]
            expect(http_status(server.url + path) == 200, f"{probe} {path} is not answered 200")
        print(f"crawlbench-server with the Deployment's args: {server.url}, probes answered")
    finally:
        server.stop()


def cli_lists(binary, words, flags):
    """Whether `binary words... --help` succeeds and lists every flag."""
    try:
        shown = subprocess.run([binary, *words, "--help"], capture_output=True, text=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return False
    return shown.returncode == 0 and all(re.search(re.escape(f) + r"\b", shown.stdout) for f in flags)


def flags_of(args):
    return [a for a in args if a.startswith("--")]


def to_local(path, mount, folder):
    """A path on the pod's volume as the same file in the local folder standing for the volume."""
    return folder + path[len(mount):] if path.startswith(mount.rstrip("/") + "/") else path


def local_argv(binary, args, mount, folder, overrides):
    """A pod's expanded args as a local command: the volume is `folder`, some values replaced."""
    argv = [binary]
    for i, arg in enumerate(args):
        if i > 0 and args[i - 1] in overrides:
            arg = overrides[args[i - 1]]
        argv.append(to_local(arg, mount, folder))
    return argv


def run_segments(deploy, binaries, server_url, folder):
    """The K pods' commands as K processes at once; each segment file's result."""
    job = deploy.segment_job()
    k = segment_count(job)
    _, mount = claim_mount(job["spec"]["template"]["spec"])
    start_at = iso_utc(int(time.time()) + 3)  # 2 to 3 s ahead, whole seconds as the README's date
    overrides = {"--server": server_url, "--num": str(LOCAL_NUM), "--delay": str(LOCAL_DELAY)}
    processes = []
    for index in range(k):
        argv = local_argv(binaries.crawlbench, pod_args(deploy, index, start_at), mount, folder, overrides)
        log = open(Path(folder) / f"pod-{index}.log", "w+", encoding="utf-8")
        processes.append((index, argv, log, subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, text=True)))
    for index, argv, log, process in processes:
        try:
            status = process.wait(timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            status = process.wait()
        log.seek(0)
        expect(status == 0, f"pod {index} exited {status}: {' '.join(argv)}\n{log.read()}")
    return k, start_at


def load_run(path):
    result = json.loads(Path(path).read_text(encoding="utf-8"))
    expect(len(result["runs"]) == 1, f"{path}: {len(result['runs'])} runs, expected 1")
    return result["runs"][0]


def run_merge(deploy, binaries, folder, k):
    """The merge Job's command on the local folder; (merged run, the K segments' runs)."""
    merge_pod = deploy.merge_job()["spec"]["template"]["spec"]
    _, mount = claim_mount(merge_pod)
    args = only_container(merge_pod)["args"]
    argv = local_argv(binaries.crawlbench, args, mount, folder, {})
    done = subprocess.run(argv, capture_output=True, text=True, timeout=TIMEOUT_S)
    expect(done.returncode == 0, f"the merge exited {done.returncode}: {' '.join(argv)}\n{done.stdout}{done.stderr}")
    print(done.stdout, end="")
    segments = [load_run(to_local(path, mount, folder)) for path in args[1:1 + k]]
    return load_run(to_local(option(args, "--out"), mount, folder)), segments


def check_merged(merged, segments, concurrency):
    expect(merged["num"] == LOCAL_NUM, f"merged num {merged['num']}, expected {LOCAL_NUM}")
    expect(merged["ok"] == LOCAL_NUM and merged["errors"] == 0,
           f"merged ok {merged['ok']}, errors {merged['errors']}")
    expect(len(merged["spans"]["done_s"]) == LOCAL_NUM, f"merged spans: {len(merged['spans']['done_s'])}")
    expect(merged["result_bytes"] == sum(s["result_bytes"] for s in segments), "merged bytes are not the segments' sum")
    expect(sum(s["num"] for s in segments) == LOCAL_NUM, "the segments' num do not sum to N")
    expect(merged["concurrency"] == concurrency, f"merged concurrency {merged['concurrency']}, planned {concurrency}")
    p50s = [s["latency_ms"]["p50"] for s in segments]
    p50 = merged["latency_ms"]["p50"]
    expect(min(p50s) - 0.01 <= p50 <= max(p50s) + 0.01, f"merged p50 {p50} outside the segments' {p50s}")


def check_local_run(deploy, binaries):
    job_args = only_container(deploy.segment_job()["spec"]["template"]["spec"])["args"]
    merge_args = only_container(deploy.merge_job()["spec"]["template"]["spec"])["args"]
    if not (cli_lists(binaries.crawlbench, ["run"], ["--segment", "--start-at"]) and
            cli_lists(binaries.crawlbench, ["merge"], [])):
        print(f"skipped: {binaries.crawlbench} has no run --segment, --start-at or merge yet")
        return SKIPPED
    expect(cli_lists(binaries.crawlbench, ["run"], flags_of(job_args)), f"run --help lacks one of {flags_of(job_args)}")
    expect(cli_lists(binaries.crawlbench, ["merge"], flags_of(merge_args)),
           f"merge --help lacks one of {flags_of(merge_args)}")
    server = LocalServer(deploy, binaries.server)
    try:
        with tempfile.TemporaryDirectory(prefix="crawlbench-k8s-") as folder:
            k, start_at = run_segments(deploy, binaries, server.url, folder)
            merged, segments = run_merge(deploy, binaries, folder, k)
            check_merged(merged, segments, int(option(job_args, "--concurrency")))
            print(f"{k} local segments from {start_at}, merged: {LOCAL_NUM} requests, 0 errors")
    finally:
        server.stop()
    return 0


CHECKS = {"manifests": check_manifests, "server": check_server, "segments": check_segments,
          "local-run": check_local_run}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("check", choices=sorted(CHECKS))
    parser.add_argument("--deploy", required=True, help="the repository's deploy/ folder")
    parser.add_argument("--crawlbench", required=True, help="the crawlbench binary")
    parser.add_argument("--server", required=True, help="the crawlbench-server binary")
    binaries = parser.parse_args()
    binaries.crawlbench, binaries.server = map(os.path.abspath, (binaries.crawlbench, binaries.server))
    for binary in (binaries.crawlbench, binaries.server):
        if not os.access(binary, os.X_OK):
            print(f"FAIL: {binary} is not an executable", file=sys.stderr)
            return 1
    try:
        status = CHECKS[binaries.check](Deploy(binaries.deploy), binaries)
    except (Failed, KeyError, TypeError, OSError, subprocess.TimeoutExpired) as problem:
        print(f"FAIL {binaries.check}: {type(problem).__name__}: {problem}", file=sys.stderr)
        return 1
    return status or 0


if __name__ == "__main__":
    sys.exit(main())
