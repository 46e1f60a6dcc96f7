//! Kubernetes pod templates as pods. Pod Security rules are written once, over `Pod`; a
//! workload that embeds a pod template (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job,
//! CronJob, ReplicationController) is judged through a *view*: a Pod built from its template,
//! whose violations point back into the workload (`/spec/containers/0` of the view is
//! `/spec/template/spec/containers/0` of a Deployment). The view's namespace is the workload's.

use super::value::{Obj, Str, Value};
use std::sync::Arc;

/// A pod view of a workload's template.
#[derive(Clone, Debug)]
pub struct PodView {
    /// The Pod built from the template.
    pub pod: Value,
    /// The JSON pointer of the template in the workload, such as `/spec/template`.
    pub template: String,
}

impl PodView {
    /// The workload pointer of a pointer into the view: the view's metadata and spec are the
    /// template's, except its namespace, which is the workload's.
    pub fn workload_pointer(&self, view_pointer: &str) -> String {
        if view_pointer == "/metadata/namespace" || view_pointer.starts_with("/metadata/namespace/")
        {
            return view_pointer.to_owned();
        }
        if view_pointer.starts_with("/metadata") || view_pointer.starts_with("/spec") {
            // The view's `/spec` is the template's `spec`, its `/metadata` the template's.
            return format!("{}{view_pointer}", self.template);
        }
        self.template.clone()
    }
}

/// Where each kind of workload keeps its pod template, in every API version that served it
/// (`apps/v1beta2`, `extensions/v1beta1`, `batch/v1beta1`…): a manifest for an old version is
/// still judged, not passed.
fn template_path(api_version: &str, kind: &str) -> Option<&'static [&'static str]> {
    let group = api_version.split_once('/').map_or("", |(g, _)| g);
    match (group, kind) {
        ("apps" | "extensions", "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet")
        | ("batch", "Job")
        | ("", "ReplicationController") => Some(&["spec", "template"]),
        ("batch", "CronJob") => Some(&["spec", "jobTemplate", "spec", "template"]),
        ("", "PodTemplate") => Some(&["template"]),
        _ => None,
    }
}

fn get<'v>(v: &'v Value, key: &str) -> Option<&'v Value> {
    match v {
        Value::Obj(o) => o.get(key),
        _ => None,
    }
}

/// The pod view of a workload document, if it embeds a pod template.
pub fn pod_view(doc: &Value) -> Option<PodView> {
    let text = |v: Option<&Value>| match v {
        Some(Value::Str(s)) => Some(s.clone()),
        _ => None,
    };
    let api_version = text(get(doc, "apiVersion"))?;
    let kind = text(get(doc, "kind"))?;
    let path = template_path(&api_version, &kind)?;
    let mut template = doc;
    for step in path {
        template = get(template, step)?;
    }
    let mut metadata = match get(template, "metadata") {
        Some(Value::Obj(m)) => (**m).clone(),
        _ => Obj::default(),
    };
    if let Some(namespace) = get(doc, "metadata").and_then(|m| get(m, "namespace")) {
        metadata = metadata.with(Arc::from("namespace"), namespace.clone());
    } else {
        metadata = metadata.with(Arc::from("namespace"), Value::None);
    }
    let entries: Vec<(Str, Value)> = vec![
        (Arc::from("apiVersion"), Value::str("v1")),
        (Arc::from("kind"), Value::str("Pod")),
        (Arc::from("metadata"), Value::obj(metadata)),
        (
            Arc::from("spec"),
            get(template, "spec").cloned().unwrap_or(Value::None),
        ),
    ];
    Some(PodView {
        pod: Value::obj(Obj::from_entries(entries)),
        template: path.iter().map(|s| format!("/{s}")).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cronjob_template_is_a_pod_with_the_workload_namespace() {
        let doc = Value::from_json(&serde_json::json!({
            "apiVersion": "batch/v1", "kind": "CronJob",
            "metadata": { "name": "nightly", "namespace": "ops" },
            "spec": { "jobTemplate": { "spec": { "template": {
                "metadata": { "labels": { "app": "x" } },
                "spec": { "containers": [{ "name": "job", "image": "busybox" }] }
            } } } }
        }));
        let view = pod_view(&doc).unwrap_or_else(|| unreachable!());
        assert_eq!(view.template, "/spec/jobTemplate/spec/template");
        let json = view.pod.to_json();
        assert_eq!(json["kind"], "Pod");
        assert_eq!(json["metadata"]["namespace"], "ops");
        assert_eq!(json["spec"]["containers"][0]["name"], "job");
        assert_eq!(
            view.workload_pointer("/spec/containers/0/image"),
            "/spec/jobTemplate/spec/template/spec/containers/0/image"
        );
        assert_eq!(
            view.workload_pointer("/metadata/namespace"),
            "/metadata/namespace"
        );
        assert_eq!(view.workload_pointer(""), "/spec/jobTemplate/spec/template");
        assert!(
            pod_view(&Value::from_json(
                &serde_json::json!({"apiVersion": "v1", "kind": "Pod"})
            ))
            .is_none()
        );
    }
}
