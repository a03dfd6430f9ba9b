"""Checks `helm template` output of helm/connectd against the article (tests/helm/chart_test.sh runs it).

Usage: check_rendered.py RENDERED.yaml --release R --namespace NS --image REPO:TAG
           --config-json FILE --hook-script FILE

Prints one line per failed check ("FAIL: …") and exits 1 when any failed, else prints a summary and
exits 0. Each check names what was expected and what was rendered, so a broken chart says how.
"""

import argparse
import sys

import yaml

ARTICLE_ENV = {
    "PLUGIN_PATH": "/kafka/connect",
    "CONFIG_PROVIDERS": "file",
    "CONFIG_PROVIDERS_FILE_CLASS": "org.apache.kafka.common.config.provider.FileConfigProvider",
}
# Values are the operator's; they must be present and non-empty.
REQUIRED_ENV = ["BOOTSTRAP_SERVERS", "GROUP_ID", "CONFIG_STORAGE_TOPIC", "OFFSET_STORAGE_TOPIC",
                "STATUS_STORAGE_TOPIC"]
DB_PROPERTIES = "/opt/kafka/external-configuration/db.properties"
DB_KEYS = ["database.hostname", "database.port", "database.user", "database.password",
           "database.dbname"]
CONFIGMAP = "usersdb-pg-proto-outbox-config"
HOOK_ANNOTATIONS = {
    "helm.sh/hook": "post-install,post-upgrade",
    "helm.sh/hook-weight": "10",
    "helm.sh/hook-delete-policy": "before-hook-creation,hook-succeeded",
}


class Checks:
    def __init__(self):
        self.failed = []
        self.passed = 0

    def expect(self, ok, what):
        if ok:
            self.passed += 1
        else:
            self.failed.append(what)
        return ok


def first_difference(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return i
    return min(len(a), len(b))


def describe_bytes(name, got, want):
    i = first_difference(got, want)
    return (f"{name}: {len(got)} bytes rendered, {len(want)} expected; first difference at byte {i}: "
            f"rendered {got[i:i + 24]!r}, expected {want[i:i + 24]!r}")


def properties_keys(text):
    keys = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line[0] in "#!":
            continue
        for sep in ("=", ":"):
            if sep in line:
                k, v = line.split(sep, 1)
                keys[k.strip()] = v
                break
    return keys


def one(docs, kind, c, name=None):
    found = [d for d in docs if d.get("kind") == kind and (name is None or d["metadata"]["name"] == name)]
    label = f"{kind} {name}" if name else kind
    if not c.expect(len(found) == 1, f"expected exactly one {label} in the rendered chart, found {len(found)}"):
        return None
    return found[0]


def check_configmap(docs, c, config_json):
    cm = one(docs, "ConfigMap", c, CONFIGMAP)
    if cm is None:
        return
    data = (cm.get("data") or {}).get("pg-outbox-config.json")
    if not c.expect(data is not None, f"ConfigMap {CONFIGMAP} has no key pg-outbox-config.json"):
        return
    got = data.encode("utf-8")
    c.expect(got == config_json, describe_bytes(f"ConfigMap {CONFIGMAP} pg-outbox-config.json", got, config_json))


def check_hook(docs, c, hook_script, release, namespace, service_name):
    job = one(docs, "Job", c)
    if job is None:
        return
    ann = job["metadata"].get("annotations") or {}
    for k, v in HOOK_ANNOTATIONS.items():
        c.expect(ann.get(k) == v, f"hook Job annotation {k}: expected {v!r}, rendered {ann.get(k)!r}")
    spec = job["spec"]["template"]["spec"]
    c.expect(spec.get("restartPolicy") == "Never", "hook Job restartPolicy is not Never")
    containers = spec.get("containers") or []
    if not c.expect(len(containers) == 1, f"hook Job: expected one container, rendered {len(containers)}"):
        return
    ctr = containers[0]
    c.expect(ctr.get("image") == "curlimages/curl:8.8.0",
             f"hook Job image: expected curlimages/curl:8.8.0, rendered {ctr.get('image')!r}")
    args = ctr.get("args") or []
    if c.expect(len(args) == 3 and args[:2] == ["/bin/sh", "-ec"],
                f"hook Job args: expected ['/bin/sh', '-ec', <script>], rendered {args[:2]!r} and {len(args)} args"):
        got = args[2].encode("utf-8")
        c.expect(got == hook_script, describe_bytes("hook Job script vs hook-apply-connector.sh", got, hook_script))
    env = {e["name"]: e.get("value") for e in ctr.get("env") or []}
    want_url = f"http://{service_name}.{namespace}.svc:8083"
    c.expect(env.get("CONNECT_URL") == want_url,
             f"hook Job CONNECT_URL: expected {want_url!r}, rendered {env.get('CONNECT_URL')!r}")
    mounts = {m["name"]: m["mountPath"] for m in ctr.get("volumeMounts") or []}
    vols = {v["name"]: v for v in spec.get("volumes") or []}
    c.expect(mounts.get("cfg") == "/cfg", f"hook Job: volume cfg mounted at {mounts.get('cfg')!r}, expected /cfg")
    cm_name = ((vols.get("cfg") or {}).get("configMap") or {}).get("name")
    c.expect(cm_name == CONFIGMAP, f"hook Job volume cfg: expected ConfigMap {CONFIGMAP}, rendered {cm_name!r}")


def check_probe(ctr, which, ports, c):
    probe = (ctr.get(which) or {}).get("httpGet") or {}
    port = probe.get("port")
    port = ports.get(port, port)
    c.expect(probe.get("path") == "/" and port == 8083,
             f"Deployment {which}: expected GET / on port 8083, rendered path {probe.get('path')!r} port {port!r}")


def check_deployment(docs, c, image, release, secrets):
    dep = one(docs, "Deployment", c)
    if dep is None:
        return None
    pod = dep["spec"]["template"]
    spec = pod["spec"]
    ctr = (spec.get("containers") or [{}])[0]
    c.expect(ctr.get("image") == image, f"Deployment image: expected {image!r}, rendered {ctr.get('image')!r}")
    ports = {p.get("name"): p.get("containerPort") for p in ctr.get("ports") or []}
    c.expect(ports.get("http") == 8083, f"Deployment: container port http is {ports.get('http')!r}, expected 8083")
    check_probe(ctr, "readinessProbe", ports, c)
    check_probe(ctr, "livenessProbe", ports, c)

    env = {}
    for e in ctr.get("env") or []:
        env[e["name"]] = e.get("value")
    for k, v in ARTICLE_ENV.items():
        c.expect(env.get(k) == v, f"Deployment env {k}: expected {v!r} (the article's), rendered {env.get(k)!r}")
    for k in REQUIRED_ENV:
        c.expect(bool(env.get(k)), f"Deployment env {k} is missing or empty")

    res = ctr.get("resources") or {}
    c.expect(bool(res.get("requests")) and bool(res.get("limits")),
             f"Deployment resources: expected requests and limits, rendered {res!r}")

    # The Secret's db.properties must appear at exactly the path the connector JSON reads.
    vols = {v["name"]: v for v in spec.get("volumes") or []}
    found = False
    for m in ctr.get("volumeMounts") or []:
        vol = vols.get(m["name"]) or {}
        secret = vol.get("secret")
        if not secret:
            continue
        items = secret.get("items")
        paths = {f"{m['mountPath'].rstrip('/')}/{i['path']}": i["key"] for i in items} if items else None
        if m.get("subPath"):
            paths = {m["mountPath"]: m["subPath"]}
        if paths is None:
            key = "db.properties" if m["mountPath"].rstrip("/") + "/db.properties" == DB_PROPERTIES else None
        else:
            key = paths.get(DB_PROPERTIES)
        if key is None:
            continue
        found = True
        name = secret.get("secretName")
        if name in secrets:
            props = secrets[name].get(key)
            if c.expect(props is not None, f"Secret {name} has no key {key}"):
                keys = properties_keys(props)
                missing = [k for k in DB_KEYS if not keys.get(k, "").strip()]
                c.expect(not missing, f"Secret {name} {key}: missing or empty {missing}")
    c.expect(found, f"Deployment: no Secret volume is mounted so that it provides {DB_PROPERTIES}")
    return pod["metadata"].get("labels") or {}


def check_service(docs, c, release, pod_labels):
    svc = one(docs, "Service", c)
    if svc is None:
        return None
    name = svc["metadata"]["name"]
    c.expect(name == f"{release}-kafka-connect", f"Service name: expected {release}-kafka-connect, rendered {name!r}")
    selector = svc["spec"].get("selector") or {}
    c.expect(bool(selector) and all(pod_labels.get(k) == v for k, v in selector.items()),
             f"Service selector {selector!r} does not select the Deployment's pods {pod_labels!r}")
    ports = svc["spec"].get("ports") or []
    c.expect(any(p.get("port") == 8083 and p.get("targetPort") in (8083, "http") for p in ports),
             f"Service: expected port 8083 to target 8083, rendered {ports!r}")
    return name


def secrets_of(docs):
    out = {}
    for d in docs:
        if d.get("kind") == "Secret":
            data = dict(d.get("stringData") or {})
            out[d["metadata"]["name"]] = data
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("rendered")
    ap.add_argument("--release", required=True)
    ap.add_argument("--namespace", required=True)
    ap.add_argument("--image", required=True)
    ap.add_argument("--config-json", required=True)
    ap.add_argument("--hook-script", required=True)
    a = ap.parse_args()

    with open(a.rendered, encoding="utf-8") as f:
        docs = [d for d in yaml.safe_load_all(f) if d]
    with open(a.config_json, "rb") as f:
        config_json = f.read()
    with open(a.hook_script, "rb") as f:
        hook_script = f.read()

    c = Checks()
    try:
        check_configmap(docs, c, config_json)
        pod_labels = check_deployment(docs, c, a.image, a.release, secrets_of(docs)) or {}
        service_name = check_service(docs, c, a.release, pod_labels) or f"{a.release}-kafka-connect"
        check_hook(docs, c, hook_script, a.release, a.namespace, service_name)
    except (KeyError, TypeError, IndexError, AttributeError) as e:
        # A manifest without a field every check relies on (spec, template, containers, …).
        c.expect(False, f"a rendered manifest lacks a required field or has the wrong shape: {type(e).__name__} {e}")

    for f in c.failed:
        print(f"FAIL: {f}")
    if c.failed:
        print(f"check_rendered: {len(c.failed)} of {len(c.failed) + c.passed} checks failed")
        return 1
    print(f"check_rendered: all {c.passed} checks passed ({len(docs)} rendered documents)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
