//! Inputs shared by the benchmarks: policies and documents generated the same way each run.

/// A Pod Security subset over pods, in Palisade.
pub const POD_POLICY: &str = r#"package bench.pods

type Capabilities = { add?: list<string>, drop?: list<string>, .. }
type SecurityContext = { privileged?: bool, allowPrivilegeEscalation?: bool, runAsNonRoot?: bool,
  capabilities?: Capabilities, .. }
type Container = { name: string, image: string, securityContext?: SecurityContext,
  ports?: list<{ containerPort: int, hostPort?: int, .. }>, .. }
type Volume = { name: string, hostPath?: { path: string, .. }, .. }
type Pod = { apiVersion: "v1", kind: "Pod", metadata: { name: string, .. },
  spec: { containers: list<Container>, volumes?: list<Volume>, hostNetwork?: bool, hostPID?: bool,
          hostIPC?: bool, securityContext?: { runAsNonRoot?: bool, .. }, .. }, .. }

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
                  "runAsNonRoot": true, "capabilities": { "drop": ["ALL"], "add": ["NET_BIND_SERVICE"] } }
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
