//! Generated Kubernetes and Tekton manifests for the scan scenarios (P3, P6): mixed kinds of
//! about 2 KB each, some hardened and some not, the same for a given number on every run.

/// The kinds generated, in turn.
pub const KINDS: [&str; 10] = [
    "Deployment",
    "Pod",
    "StatefulSet",
    "Service",
    "CronJob",
    "ConfigMap",
    "DaemonSet",
    "RoleBinding",
    "Job",
    "Task",
];

/// The `n`th generated manifest, as YAML text.
pub fn manifest(n: usize) -> String {
    // A hardened workload one time in three, so every run has passing and failing objects.
    let hardened = n.is_multiple_of(3);
    let name = format!("app-{n}");
    match KINDS.get(n % KINDS.len()).copied().unwrap_or("Pod") {
        "Pod" => pod(&name, n, hardened),
        "Service" => service(&name, n),
        "ConfigMap" => config_map(&name, n),
        "RoleBinding" => role_binding(&name, n),
        "Task" => task(&name, n, hardened),
        "CronJob" => cron_job(&name, n, hardened),
        kind => workload(kind, &name, n, hardened),
    }
}

fn metadata(name: &str, n: usize, indent: &str) -> String {
    format!(
        "{indent}name: {name}\n{indent}namespace: team-{team}\n{indent}labels:\n\
         {indent}  app.kubernetes.io/name: {name}\n{indent}  app.kubernetes.io/part-of: shop\n\
         {indent}  app.kubernetes.io/version: \"1.{n}.0\"\n{indent}  tier: backend\n\
         {indent}annotations:\n{indent}  owner: platform-team@example.com\n\
         {indent}  description: generated object number {n} for the scan benchmark\n",
        team = n % 7
    )
}

fn container(i: usize, n: usize, hardened: bool, indent: &str) -> String {
    let image = if hardened {
        format!(
            "registry.example.com/shop/svc{i}@sha256:{:064x}",
            n * 31 + i
        )
    } else {
        format!("docker.io/library/nginx:1.{i}")
    };
    let security = if hardened {
        format!(
            "{indent}  securityContext:\n{indent}    allowPrivilegeEscalation: false\n\
             {indent}    runAsNonRoot: true\n{indent}    readOnlyRootFilesystem: true\n\
             {indent}    capabilities:\n{indent}      drop: [\"ALL\"]\n\
             {indent}    seccompProfile:\n{indent}      type: RuntimeDefault\n"
        )
    } else {
        format!(
            "{indent}  securityContext:\n{indent}    privileged: {}\n\
             {indent}    capabilities:\n{indent}      add: [\"NET_ADMIN\"]\n",
            n.is_multiple_of(2)
        )
    };
    format!(
        "{indent}- name: svc{i}\n{indent}  image: {image}\n\
         {indent}  args: [\"--port=80{i}0\", \"--log-level=info\"]\n\
         {indent}  ports:\n{indent}  - containerPort: 80{i}0\n{indent}    name: http{i}\n\
         {indent}  env:\n{indent}  - name: SERVICE_NAME\n{indent}    value: svc{i}\n\
         {indent}  - name: REGION\n{indent}    value: eu-west-{r}\n\
         {indent}  resources:\n{indent}    requests:\n{indent}      cpu: 100m\n\
         {indent}      memory: 128Mi\n{indent}    limits:\n{indent}      cpu: 500m\n\
         {indent}      memory: 256Mi\n\
         {indent}  readinessProbe:\n{indent}    httpGet:\n{indent}      path: /healthz\n\
         {indent}      port: 80{i}0\n{security}",
        r = n % 3
    )
}

fn pod_spec(n: usize, hardened: bool, indent: &str) -> String {
    let host = if hardened {
        String::new()
    } else {
        format!("{indent}hostNetwork: true\n")
    };
    let volume = if hardened {
        format!("{indent}- name: scratch\n{indent}  emptyDir: {{}}\n")
    } else {
        format!("{indent}- name: root\n{indent}  hostPath:\n{indent}    path: /var/run\n")
    };
    format!(
        "{host}{indent}serviceAccountName: svc-{n}\n{indent}automountServiceAccountToken: false\n\
         {indent}containers:\n{}{}{indent}volumes:\n{volume}",
        container(0, n, hardened, indent),
        container(1, n, hardened, indent),
    )
}

fn pod(name: &str, n: usize, hardened: bool) -> String {
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n{}spec:\n{}",
        metadata(name, n, "  "),
        pod_spec(n, hardened, "  ")
    )
}

fn workload(kind: &str, name: &str, n: usize, hardened: bool) -> String {
    let (api, extra) = match kind {
        "Job" => ("batch/v1", "  backoffLimit: 2\n".to_owned()),
        "StatefulSet" => ("apps/v1", format!("  serviceName: {name}\n  replicas: 2\n")),
        "DaemonSet" => ("apps/v1", String::new()),
        _ => ("apps/v1", "  replicas: 3\n".to_owned()),
    };
    let selector = if kind == "Job" {
        String::new()
    } else {
        format!("  selector:\n    matchLabels:\n      app.kubernetes.io/name: {name}\n")
    };
    format!(
        "apiVersion: {api}\nkind: {kind}\nmetadata:\n{}spec:\n{extra}{selector}  template:\n    \
         metadata:\n      labels:\n        app.kubernetes.io/name: {name}\n    spec:\n{}",
        metadata(name, n, "  "),
        pod_spec(n, hardened, "      ")
    )
}

fn cron_job(name: &str, n: usize, hardened: bool) -> String {
    format!(
        "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n{}spec:\n  schedule: \"*/{} * * * *\"\n  \
         jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n{}",
        metadata(name, n, "  "),
        n % 50 + 5,
        pod_spec(n, hardened, "          ")
    )
}

fn service(name: &str, n: usize) -> String {
    let mut ports = String::new();
    for p in 0..8 {
        ports.push_str(&format!(
            "  - name: port-{p}\n    port: {}\n    targetPort: {}\n    protocol: TCP\n",
            8000 + p,
            9000 + p
        ));
    }
    format!(
        "apiVersion: v1\nkind: Service\nmetadata:\n{}spec:\n  type: {}\n  selector:\n    \
         app.kubernetes.io/name: {name}\n  ports:\n{ports}",
        metadata(name, n, "  "),
        if n.is_multiple_of(2) {
            "ClusterIP"
        } else {
            "NodePort"
        }
    )
}

fn config_map(name: &str, n: usize) -> String {
    let mut data = String::new();
    for k in 0..16 {
        data.push_str(&format!(
            "  setting_{k}: \"value {k} of object {n}, long enough to look like configuration\"\n"
        ));
    }
    format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n{}data:\n{data}",
        metadata(name, n, "  ")
    )
}

fn role_binding(name: &str, n: usize) -> String {
    let mut subjects = String::new();
    for s in 0..6 {
        subjects.push_str(&format!(
            "- kind: ServiceAccount\n  name: robot-{s}\n  namespace: team-{}\n",
            (n + s) % 7
        ));
    }
    let role = if n.is_multiple_of(4) {
        "cluster-admin"
    } else {
        "view"
    };
    format!(
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n{}roleRef:\n  \
         apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: {role}\nsubjects:\n{subjects}\
         - kind: Group\n  name: system:authenticated\n  apiGroup: rbac.authorization.k8s.io\n",
        metadata(name, n, "  ")
    )
}

fn task(name: &str, n: usize, hardened: bool) -> String {
    let mut steps = String::new();
    for s in 0..4 {
        let image = if hardened {
            format!("gcr.io/tekton-releases/step{s}@sha256:{:064x}", n * 7 + s)
        } else {
            format!("alpine:3.{s}")
        };
        let security = if hardened {
            "    securityContext:\n      runAsNonRoot: true\n      allowPrivilegeEscalation: false\n"
        } else {
            "    securityContext:\n      privileged: true\n"
        };
        steps.push_str(&format!(
            "  - name: step-{s}\n    image: {image}\n    script: |\n      #!/bin/sh\n      \
             set -eu\n      echo building part {s} of {n}\n      make -C src part-{s}\n{security}"
        ));
    }
    format!(
        "apiVersion: tekton.dev/v1\nkind: Task\nmetadata:\n{}spec:\n  params:\n  - name: revision\n    \
         type: string\n  workspaces:\n  - name: source\n  steps:\n{steps}",
        metadata(name, n, "  ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifests_are_about_two_kilobytes_and_every_kind_appears() {
        let sizes: Vec<usize> = (0..100).map(|n| manifest(n).len()).collect();
        let mean = sizes.iter().sum::<usize>() / sizes.len();
        assert!((1_500..=2_600).contains(&mean), "mean size {mean}");
        for (i, kind) in KINDS.iter().enumerate() {
            assert!(
                manifest(i).contains(&format!("kind: {kind}\n")),
                "{kind}: {}",
                manifest(i)
            );
        }
    }
}
