//! Inputs shared by the benchmarks: policies and documents generated the same way each run.

pub mod manifests;

/// The standard library's policy files (not its `*_test.pal` tests), read from `stdlib/` in the
/// source tree: (path under `stdlib/`, text), sorted by path.
pub fn stdlib_sources() -> std::io::Result<Vec<(String, String)>> {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.is_dir() {
                walk(&path, out)?;
            } else if path.extension().is_some_and(|e| e == "pal")
                && !path.to_string_lossy().ends_with("_test.pal")
            {
                out.push(path);
            }
        }
        Ok(())
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../stdlib");
    let mut paths = Vec::new();
    walk(&root, &mut paths)?;
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p)?;
            let name = p.strip_prefix(&root).unwrap_or(&p).display().to_string();
            Ok((name, text))
        })
        .collect()
}

/// `files` generated policy files of `per_file` rules each, rules numbered on through the
/// files; each file imports the standard library's `palisade.k8s` and declares a helper
/// function its rules call. The language server benchmarks edit them.
pub fn generated_policies(files: usize, per_file: usize) -> Vec<String> {
    (0..files)
        .map(|f| {
            let mut text = format!(
                "package gen.lsp{f}\n\nimport palisade.k8s\n\n\
                 fn weight(c: k8s.Container) -> int {{\n  return count(c.ports ?? []) * 2\n}}\n"
            );
            for r in f * per_file..(f + 1) * per_file {
                text.push_str(&format!(
                    "\nrule r{r}(pod: k8s.Pod) {{\n  meta {{\n    id: \"GEN-{r}\"\n    \
                     title: \"Generated {r}\"\n  }}\n  for c in pod.spec.containers {{\n    \
                     if weight(c) > {r} and starts_with(c.name, \"x\") {{\n      \
                     violation \"container {{c.name}} weighs {{weight(c)}}\" at c.name\n    \
                     }}\n  }}\n}}\n"
                ));
            }
            text
        })
        .collect()
}

/// How many files and rules per file the incremental-checking scenario (P4) generates.
pub const P4_FILES: usize = 50;
/// Rules per generated P4 file.
pub const P4_RULES_PER_FILE: usize = 20;

/// The P4 set as generated, every rule with the marker `"x"`.
pub fn p4_texts() -> Vec<String> {
    (0..P4_FILES).map(|f| p4_file(f, "x", None)).collect()
}

/// File `file` of the P4 set: a schema, a helper and [`P4_RULES_PER_FILE`] rules whose bodies
/// compare names with a marker string. Rule `edited` has `marker`, the others `"x"`; with
/// `edited` = `None` every rule has `marker`.
pub fn p4_file(file: usize, marker: &str, edited: Option<usize>) -> String {
    let mut text = format!(
        "package gen.p{file}\n\ntype Item = {{ name: string, n: int, tags?: list<string>, .. }}\n\
         type Doc = {{ kind: \"Doc{file}\", items: list<Item>, .. }}\n\n\
         fn weight(i: Item) -> int {{\n  return i.n * 2 + count(i.tags ?? [])\n}}\n"
    );
    for r in 0..P4_RULES_PER_FILE {
        let marker = if edited.is_none_or(|e| e == r) {
            marker
        } else {
            "x"
        };
        text.push_str(&format!(
            "\nrule r{r}(d: Doc) {{\n  meta {{ id: \"GEN-{file}-{r}\" title: \"Generated {r}\" }}\n  \
             for i in d.items {{\n    if weight(i) > {r} and starts_with(i.name, \"{marker}\") {{\n      \
             violation \"item {{i.name}} weighs {{weight(i)}}\" at i.n\n    }}\n  }}\n}}\n"
        ));
    }
    text
}

/// A Pod Security subset over pods, in Palisade.
pub const POD_POLICY: &str = r#"package bench.pods

type Capabilities = { add?: list<string>, drop?: list<string>, .. }
type SecurityContext = { privileged?: bool, allowPrivilegeEscalation?: bool, runAsNonRoot?: bool,
  capabilities?: Capabilities, seccompProfile?: { type?: string, .. }, .. }
type Container = { name: string, image: string, securityContext?: SecurityContext,
  ports?: list<{ containerPort: int, hostPort?: int, .. }>, .. }
type Volume = { name: string, hostPath?: { path: string, .. }, .. }
type Pod = { apiVersion: "v1", kind: "Pod", metadata: { name: string, .. },
  spec: { containers: list<Container>, volumes?: list<Volume>, hostNetwork?: bool, hostPID?: bool,
          hostIPC?: bool, securityContext?: { runAsNonRoot?: bool, seccompProfile?: { type?: string, .. }, .. }, .. }, .. }

let allowed_caps = set{"NET_BIND_SERVICE"}

rule privileged(pod: Pod) {
  meta { id: "B-PRIV" title: "Privileged" severity: "high" }
  for c in pod.spec.containers {
    if c.securityContext?.privileged ?? false {
      violation "container `{c.name}` is privileged" at c.securityContext?.privileged
    }
  }
}

rule host_namespaces(pod: Pod) {
  meta { id: "B-HOSTNS" title: "Host namespaces" severity: "high" }
  if (pod.spec.hostNetwork ?? false) or (pod.spec.hostPID ?? false) or (pod.spec.hostIPC ?? false) {
    violation "the pod shares host namespaces" at pod.spec
  }
}

rule capabilities(pod: Pod) {
  meta { id: "B-CAPS" title: "Capabilities" severity: "medium" }
  for c in pod.spec.containers {
    if "ALL" not in (c.securityContext?.capabilities?.drop ?? []) {
      violation "container `{c.name}` does not drop ALL" at c.securityContext?.capabilities?.drop
    }
    for cap in c.securityContext?.capabilities?.add ?? [] {
      if cap not in allowed_caps {
        violation "container `{c.name}` adds {cap}" at cap
      }
    }
  }
}

rule non_root(pod: Pod) {
  meta { id: "B-NONROOT" title: "Run as non-root" severity: "medium" }
  let pod_level = pod.spec.securityContext?.runAsNonRoot ?? false
  for c in pod.spec.containers {
    if not (c.securityContext?.runAsNonRoot ?? pod_level) {
      violation "container `{c.name}` may run as root" at c.securityContext?.runAsNonRoot
    }
  }
}

rule escalation(pod: Pod) {
  meta { id: "B-ESCALATION" title: "Privilege escalation" severity: "medium" }
  for c in pod.spec.containers {
    if c.securityContext?.allowPrivilegeEscalation != false {
      violation "container `{c.name}` allows privilege escalation" at c.securityContext?.allowPrivilegeEscalation
    }
  }
}

rule host_paths(pod: Pod) {
  meta { id: "B-HOSTPATH" title: "hostPath volumes" severity: "high" }
  for v in pod.spec.volumes ?? [] {
    if v.hostPath != none {
      violation "volume `{v.name}` mounts a host path" at v.hostPath
    }
  }
}

rule seccomp(pod: Pod) {
  meta { id: "B-SECCOMP" title: "Seccomp profile" severity: "medium" }
  let pod_type = pod.spec.securityContext?.seccompProfile?.type
  for c in pod.spec.containers {
    let t = c.securityContext?.seccompProfile?.type ?? pod_type ?? ""
    if t != "RuntimeDefault" and t != "Localhost" {
      violation "container `{c.name}` has no seccomp profile" at c.securityContext?.seccompProfile?.type
    }
  }
}

rule host_ports(pod: Pod) {
  meta { id: "B-HOSTPORT" title: "Host ports" severity: "medium" }
  for c in pod.spec.containers {
    for p in c.ports ?? [] {
      if (p.hostPort ?? 0) != 0 {
        violation "container `{c.name}` binds host port {p.hostPort ?? 0}" at p.hostPort
      }
    }
  }
}
"#;

/// A pod with three containers, hardened (`passing`) or not.
pub fn pod(passing: bool) -> serde_json::Value {
    let container = |i: usize| {
        if passing {
            serde_json::json!({
                "name": format!("c{i}"), "image": format!("ghcr.io/acme/app{i}:1.0"),
                "ports": [{ "containerPort": 8080 + i }],
                "securityContext": { "privileged": false, "allowPrivilegeEscalation": false,
                  "runAsNonRoot": true, "seccompProfile": { "type": "RuntimeDefault" },
                  "capabilities": { "drop": ["ALL"], "add": ["NET_BIND_SERVICE"] } }
            })
        } else {
            serde_json::json!({
                "name": format!("c{i}"), "image": format!("nginx:{i}"),
                "ports": [{ "containerPort": 80, "hostPort": 80 + i }],
                "securityContext": { "privileged": true, "capabilities": { "add": ["SYS_ADMIN"] } }
            })
        }
    };
    serde_json::json!({
        "apiVersion": "v1", "kind": "Pod", "metadata": { "name": "bench", "labels": { "app": "x" } },
        "spec": {
            "hostNetwork": !passing,
            "containers": [container(0), container(1), container(2)],
            "volumes": if passing { serde_json::json!([{ "name": "tmp", "emptyDir": {} }]) }
                       else { serde_json::json!([{ "name": "root", "hostPath": { "path": "/" } }]) }
        }
    })
}

/// The same checks as [`POD_POLICY`], in Rego (for regorus): `deny` holds one message per
/// violation.
pub const REGO_POD_POLICY: &str = r#"package bench.pods

import rego.v1

containers := input.spec.containers

deny contains msg if {
	some i, c in containers
	c.securityContext.privileged == true
	msg := sprintf("privileged %d", [i])
}

deny contains "host namespaces" if {
	some f in ["hostNetwork", "hostPID", "hostIPC"]
	input.spec[f] == true
}

deny contains msg if {
	some i, c in containers
	not drops_all(c)
	msg := sprintf("drop %d", [i])
}

drops_all(c) if "ALL" in c.securityContext.capabilities.drop

deny contains msg if {
	some i, c in containers
	some j, cap in c.securityContext.capabilities.add
	cap != "NET_BIND_SERVICE"
	msg := sprintf("add %d %d", [i, j])
}

deny contains msg if {
	some i, c in containers
	not non_root(c)
	msg := sprintf("root %d", [i])
}

non_root(c) if c.securityContext.runAsNonRoot == true

non_root(c) if {
	object.get(c, ["securityContext", "runAsNonRoot"], null) == null
	input.spec.securityContext.runAsNonRoot == true
}

deny contains msg if {
	some i, c in containers
	not c.securityContext.allowPrivilegeEscalation == false
	msg := sprintf("escalation %d", [i])
}

deny contains msg if {
	some i, v in input.spec.volumes
	v.hostPath
	msg := sprintf("hostPath %d", [i])
}

deny contains msg if {
	some i, c in containers
	some j, p in c.ports
	object.get(p, "hostPort", 0) != 0
	msg := sprintf("hostPort %d %d", [i, j])
}

deny contains msg if {
	some i, c in containers
	not seccomp_ok(c)
	msg := sprintf("seccomp %d", [i])
}

seccomp_type(c) := t if {
	t := c.securityContext.seccompProfile.type
} else := t if {
	t := input.spec.securityContext.seccompProfile.type
} else := ""

seccomp_ok(c) if seccomp_type(c) in {"RuntimeDefault", "Localhost"}
"#;

/// The same checks as [`POD_POLICY`], as one CEL expression that is true when the pod is
/// allowed.
pub const CEL_POD_ALLOWED: &str = r#"
!input.spec.containers.exists(c, has(c.securityContext) && has(c.securityContext.privileged) && c.securityContext.privileged == true)
&& !(has(input.spec.hostNetwork) && input.spec.hostNetwork == true)
&& !(has(input.spec.hostPID) && input.spec.hostPID == true)
&& !(has(input.spec.hostIPC) && input.spec.hostIPC == true)
&& input.spec.containers.all(c, has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.drop) && 'ALL' in c.securityContext.capabilities.drop)
&& input.spec.containers.all(c, !has(c.securityContext) || !has(c.securityContext.capabilities) || !has(c.securityContext.capabilities.add) || c.securityContext.capabilities.add.all(a, a == 'NET_BIND_SERVICE'))
&& input.spec.containers.all(c, (has(c.securityContext) && has(c.securityContext.runAsNonRoot)) ? c.securityContext.runAsNonRoot == true : (has(input.spec.securityContext) && has(input.spec.securityContext.runAsNonRoot) && input.spec.securityContext.runAsNonRoot == true))
&& input.spec.containers.all(c, has(c.securityContext) && has(c.securityContext.allowPrivilegeEscalation) && c.securityContext.allowPrivilegeEscalation == false)
&& (!has(input.spec.volumes) || !input.spec.volumes.exists(v, has(v.hostPath)))
&& input.spec.containers.all(c, !has(c.ports) || c.ports.all(p, !has(p.hostPort) || p.hostPort == 0))
&& input.spec.containers.all(c, ((has(c.securityContext) && has(c.securityContext.seccompProfile) && has(c.securityContext.seccompProfile.type)) ? c.securityContext.seccompProfile.type : ((has(input.spec.securityContext) && has(input.spec.securityContext.seccompProfile) && has(input.spec.securityContext.seccompProfile.type)) ? input.spec.securityContext.seccompProfile.type : '')) in ['RuntimeDefault', 'Localhost'])
"#;

/// Pods that each break one check (or none), for the engines to agree on.
pub fn pod_variants() -> Vec<serde_json::Value> {
    let good = pod(true);
    let mut out = vec![good.clone(), pod(false)];
    let edits: Vec<(&str, serde_json::Value)> = vec![
        (
            "/spec/containers/1/securityContext/privileged",
            serde_json::json!(true),
        ),
        ("/spec/hostPID", serde_json::json!(true)),
        (
            "/spec/containers/0/securityContext/capabilities/drop",
            serde_json::json!([]),
        ),
        (
            "/spec/containers/2/securityContext/capabilities/add",
            serde_json::json!(["SYS_ADMIN"]),
        ),
        (
            "/spec/containers/0/securityContext/runAsNonRoot",
            serde_json::json!(false),
        ),
        (
            "/spec/containers/1/securityContext/allowPrivilegeEscalation",
            serde_json::json!(true),
        ),
        (
            "/spec/volumes",
            serde_json::json!([{ "name": "h", "hostPath": { "path": "/" } }]),
        ),
        (
            "/spec/containers/2/ports",
            serde_json::json!([{ "containerPort": 80, "hostPort": 80 }]),
        ),
        (
            "/spec/containers/0/securityContext/seccompProfile/type",
            serde_json::json!("Unconfined"),
        ),
    ];
    for (pointer, value) in edits {
        let mut v = good.clone();
        if let Some(slot) = v.pointer_mut(pointer) {
            *slot = value;
        }
        out.push(v);
    }
    out
}

/// P2: attribute-based authorization in Cedar's style. Users belong to groups, groups to
/// groups (three levels: team → department → employees); documents have an owner and may be
/// locked. Employees may view; owners may edit unless the document is locked; admins may
/// delete.
pub const AUTHZ_POLICY: &str = r#"package bench.authz

type Request = { principal: string, action: "view" | "edit" | "delete", resource: { owner: string, locked: bool } }

data memberships: map<string, list<string>>

fn member(principal: string, group: string) -> bool {
  return group in reachable(memberships, principal)
}

fn permitted(r: Request) -> bool {
  return (r.action == "view" and member(r.principal, "employees"))
    or (r.action == "edit" and r.principal == r.resource.owner and not r.resource.locked)
    or (r.action == "delete" and member(r.principal, "admins"))
}

rule authorize(r: Request) {
  meta { id: "BENCH-AUTHZ" title: "Authorized" severity: "high" }
  if not permitted(r) {
    violation "{r.principal} may not {r.action} this document"
  }
}
"#;

/// The same authorization in Cedar.
pub const CEDAR_POLICY: &str = r#"
permit (principal in Group::"employees", action == Action::"view", resource);
permit (principal, action == Action::"edit", resource) when { resource.owner == principal } unless { resource.locked };
permit (principal in Group::"admins", action == Action::"delete", resource);
"#;

/// The same authorization in Rego.
pub const REGO_AUTHZ_POLICY: &str = r#"package bench.authz

import rego.v1

default allow := false

member(p, g) if g in graph.reachable(data.memberships, [p])

allow if {
	input.action == "view"
	member(input.principal, "employees")
}

allow if {
	input.action == "edit"
	input.principal == input.resource.owner
	not input.resource.locked
}

allow if {
	input.action == "delete"
	member(input.principal, "admins")
}
"#;

/// Who belongs to what: user or group → the groups it is a direct member of.
pub fn memberships() -> serde_json::Value {
    serde_json::json!({
        "alice": ["backend"], "bob": ["sre"], "carol": [], "dave": ["security"],
        "backend": ["engineering"], "sre": ["engineering"], "security": ["admins"],
        "engineering": ["employees"], "admins": ["employees"], "employees": []
    })
}

/// The same memberships as Cedar entities (users and groups with parents) plus documents.
pub fn cedar_entities() -> serde_json::Value {
    let m = memberships();
    let mut out = Vec::new();
    if let Some(map) = m.as_object() {
        for (name, parents) in map {
            let is_user = ["alice", "bob", "carol", "dave"].contains(&name.as_str());
            let kind = if is_user { "User" } else { "Group" };
            let parents: Vec<serde_json::Value> = parents
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|p| p.as_str())
                .map(|p| serde_json::json!({ "type": "Group", "id": p }))
                .collect();
            out.push(serde_json::json!({ "uid": { "type": kind, "id": name }, "attrs": {}, "parents": parents }));
        }
    }
    for (doc, owner, locked) in [("plan", "alice", false), ("audit", "bob", true)] {
        out.push(serde_json::json!({
            "uid": { "type": "Document", "id": doc },
            "attrs": { "owner": { "__entity": { "type": "User", "id": owner } }, "locked": locked },
            "parents": []
        }));
    }
    serde_json::Value::Array(out)
}

/// Every request of the scenario: (principal, action, document, owner, locked).
pub fn authz_requests() -> Vec<(&'static str, &'static str, &'static str, &'static str, bool)> {
    let mut out = Vec::new();
    for p in ["alice", "bob", "carol", "dave"] {
        for a in ["view", "edit", "delete"] {
            for (d, owner, locked) in [("plan", "alice", false), ("audit", "bob", true)] {
                out.push((p, a, d, owner, locked));
            }
        }
    }
    out
}
