//! The Dockerfile reader as a scan meets it: the document's shape and lines for real
//! Dockerfiles, errors with lines and codes for broken ones (reading goes on), and hostile
//! inputs that stay bounded in time, memory and stack.

#![allow(
    clippy::indexing_slicing,
    reason = "serde_json indexing reads Null when absent"
)]

use palisade::InputLimits;
use palisade_formats::dockerfile::read;
use serde_json::Value;

fn doc(text: &str) -> (Value, palisade::Document) {
    let (mut docs, errors) = read(text.as_bytes(), &InputLimits::default());
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(docs.len(), 1);
    let d = docs.remove(0);
    (d.value.to_json(), d)
}

#[test]
fn stages_bases_and_stage_references() {
    let text = "\
# syntax=docker/dockerfile:1.7
ARG BASE=alpine
ARG TAG
FROM --platform=$BUILDPLATFORM golang:1.23 AS Build
ARG TAG=3.20
ENV CGO_ENABLED=0
RUN go build -o /out/app ./cmd/app
FROM build AS test
RUN go test ./...
FROM ${BASE}:${TAG:-3.20}
COPY --from=BUILD /out/app /usr/local/bin/app
COPY --from=1 /x /x
COPY --from=nginx:1.27 /etc/nginx /etc/nginx
USER 65532:65532
";
    let (v, d) = doc(text);
    assert_eq!(v["kind"], "Dockerfile");
    assert_eq!(v["directives"]["syntax"], "docker/dockerfile:1.7");
    assert_eq!(v["directives"]["escape"], "\\");
    assert_eq!(v["args"].as_array().map(Vec::len), Some(2));
    let stages = v["stages"].as_array().cloned().unwrap_or_default();
    assert_eq!(stages.len(), 3);
    assert_eq!(stages[0]["name"], "build");
    assert_eq!(stages[0]["base"]["platform"], "$BUILDPLATFORM");
    assert_eq!(stages[0]["last"], false);
    assert_eq!(stages[1]["base"]["stage"], 0);
    assert_eq!(stages[1]["base"]["image"], "build");
    // Global ARGs substitute into FROM; the default of an ARG without one is used.
    assert_eq!(stages[2]["base"]["image"], "alpine:3.20");
    assert_eq!(stages[2]["base"]["resolved"], true);
    assert_eq!(stages[2]["last"], true);
    let copies = &stages[2]["instructions"];
    assert_eq!(copies[0]["from_stage"], 0);
    assert_eq!(copies[1]["from_stage"], 1);
    assert_eq!(copies[2]["from_stage"], Value::Null);
    assert_eq!(copies[3]["user"], "65532");
    assert_eq!(copies[3]["group"], "65532");
    assert_eq!(d.line_of("/stages/2/instructions/3"), 14);
    assert_eq!(d.line_of("/stages/1/from"), 8);
}

#[test]
fn unresolved_bases_are_marked() {
    let (v, _) = doc("FROM registry.example.com/app:$VERSION\n");
    assert_eq!(
        v["stages"][0]["base"]["image"],
        "registry.example.com/app:$VERSION"
    );
    assert_eq!(v["stages"][0]["base"]["resolved"], false);
}

#[test]
fn run_commands_carry_their_own_lines() {
    let text = "FROM debian:12\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends \\\n      curl=7.88.1-10 \\\n && curl -fsSL https://get.example.com | sudo bash -s -- -y \\\n && rm -rf /var/lib/apt/lists/*\n";
    let (v, d) = doc(text);
    let commands = v["stages"][0]["instructions"][0]["commands"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let shown: Vec<(String, i64)> = commands
        .iter()
        .map(|c| {
            (
                c["program"].as_str().unwrap_or_default().to_owned(),
                c["line"].as_i64().unwrap_or_default(),
            )
        })
        .collect();
    let expected = [
        ("apt-get", 2),
        ("apt-get", 3),
        ("curl", 5),
        ("sudo", 5),
        ("rm", 6),
    ];
    assert_eq!(shown, expected.map(|(p, l)| (p.to_owned(), l)).to_vec());
    assert_eq!(commands[2]["pipe_to"], "sudo");
    assert_eq!(commands[1]["chained"], true);
    assert_eq!(d.line_of("/stages/0/instructions/0/commands/2"), 5);
}

#[test]
fn heredocs_and_exec_forms() {
    let text = "# syntax=docker/dockerfile:1\nFROM alpine:3.20\nRUN <<EOF\nset -e\napk add --no-cache curl\nEOF\nRUN [\"apk\", \"add\", \"jq\"]\nCOPY <<EOF /etc/motd\nhello\nEOF\nHEALTHCHECK NONE\nONBUILD RUN make\nENTRYPOINT [\"/bin/app\"]\n";
    let (v, d) = doc(text);
    let i = &v["stages"][0]["instructions"];
    assert_eq!(
        i[0]["heredocs"][0]["body"],
        "set -e\napk add --no-cache curl\n"
    );
    assert_eq!(i[0]["commands"][1]["program"], "apk");
    assert_eq!(i[0]["commands"][1]["line"], 5);
    assert_eq!(i[1]["exec"][2], "jq");
    assert_eq!(i[1]["commands"][0]["args"][1], "jq");
    assert_eq!(i[2]["destination"], "/etc/motd");
    assert_eq!(i[3]["disabled"], true);
    assert_eq!(i[4]["trigger"]["keyword"], "RUN");
    assert_eq!(i[5]["exec"][0], "/bin/app");
    assert_eq!(d.line_of("/stages/0/instructions/2"), 8);
    assert_eq!(d.line_of("/stages/0/instructions/3"), 11);
}

#[test]
fn escape_directive_and_lowercase_keywords() {
    let text = "# escape=`\nfrom mcr.microsoft.com/windows/servercore:ltsc2022\nrun powershell -Command `\n    Write-Host hi\nworkdir C:\\app\n";
    let (v, _) = doc(text);
    let i = &v["stages"][0]["instructions"];
    assert_eq!(v["directives"]["escape"], "`");
    assert_eq!(i[0]["keyword"], "RUN");
    assert_eq!(i[0]["commands"][0]["args"][1], "Write-Host");
    assert_eq!(i[1]["path"], "C:\\app");
}

#[test]
fn broken_lines_are_reported_and_the_rest_is_read() {
    let text = "RUN echo before\nFROM alpine:3.20\nRUNN apk add curl\nFROM\nUSER app\n";
    let (docs, errors) = read(text.as_bytes(), &InputLimits::default());
    let found: Vec<(&str, u32)> = errors.iter().map(|e| (e.code.as_str(), e.line)).collect();
    assert_eq!(found, [("E0400", 1), ("E0400", 3), ("E0400", 4)]);
    assert!(
        errors[1].message.contains("unknown instruction `RUNN`"),
        "{}",
        errors[1].message
    );
    assert_eq!(docs.len(), 1);
    let v = docs[0].value.to_json();
    assert_eq!(v["stages"][0]["instructions"][0]["user"], "app");
}

#[test]
fn bytes_that_are_not_text_or_too_many_are_refused() {
    let (docs, errors) = read(b"FROM alpine\nRUN \xff\n", &InputLimits::default());
    assert!(docs.is_empty());
    assert_eq!((errors[0].code.as_str(), errors[0].line), ("E0405", 2));
    let limits = InputLimits {
        max_bytes: 10,
        ..InputLimits::default()
    };
    let (docs, errors) = read(b"FROM alpine:3.20\n", &limits);
    assert!(docs.is_empty());
    assert_eq!(errors[0].code.as_str(), "E0402");
}

#[test]
fn hostile_inputs_stay_bounded() {
    // A 10 MB single line.
    let line = format!("FROM alpine\nRUN echo {}\n", "a".repeat(10 * 1024 * 1024));
    let (docs, errors) = read(line.as_bytes(), &InputLimits::default());
    assert_eq!(docs.len() + errors.len(), 1);
    // 99,990 continuation lines are read; 100,000 commands in one RUN are one more than a
    // list may hold, refused with the limit's code and the line.
    let continued = format!("FROM alpine\nRUN true {}\n", "&& true \\\n".repeat(99_990));
    let (docs, errors) = read(continued.as_bytes(), &InputLimits::default());
    assert!(errors.is_empty(), "{errors:?}");
    let commands = docs[0].value.to_json()["stages"][0]["instructions"][0]["commands"]
        .as_array()
        .map_or(0, Vec::len);
    assert_eq!(commands, 99_991);
    let continued = format!("FROM alpine\nRUN true {}\n", "&& true \\\n".repeat(100_000));
    let (docs, errors) = read(continued.as_bytes(), &InputLimits::default());
    assert!(docs.is_empty());
    assert_eq!(errors[0].code.as_str(), "E0403");
    assert_eq!((errors[0].document, errors[0].line), (Some(0), 100_001));
    // Deeply nested substitutions and groups, and a flood of instructions over the node limit.
    let nested = format!(
        "FROM alpine\nRUN {}x{}\n",
        "$(".repeat(200_000),
        ")".repeat(200_000)
    );
    let (docs, _) = read(nested.as_bytes(), &InputLimits::default());
    assert_eq!(docs.len(), 1);
    let groups = format!("FROM alpine\nRUN {}\n", "( { ".repeat(200_000));
    let _ = read(groups.as_bytes(), &InputLimits::default());
    let flood = format!(
        "FROM alpine\n{}",
        "EXPOSE 1 2 3 4 5 6 7 8\n".repeat(200_000)
    );
    let (docs, errors) = read(flood.as_bytes(), &InputLimits::default());
    assert!(docs.is_empty());
    assert_eq!(errors.last().map(|e| e.code.as_str()), Some("E0402"));
    // Unclosed here-documents, quotes and flags.
    for text in [
        "FROM a\nRUN <<EOF\n",
        "FROM a\nRUN echo \"unclosed\n",
        "FROM a\nCOPY --from= \n",
        "FROM a\nRUN <<\n",
        "FROM a\nENV \"\n",
    ] {
        let _ = read(text.as_bytes(), &InputLimits::default());
    }
}
