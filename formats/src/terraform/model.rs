//! What both Terraform readers build before it is written out as a document: a module of
//! resources whose values are trees with a line on every node, the pointers of the values not
//! known before apply, and the references of every attribute.

use palisade::Value;
use std::collections::HashMap;

/// A value with the line of every node.
#[derive(Clone, Debug)]
pub enum Node {
    /// A scalar (never an object or a list).
    Scalar(Value, u32),
    /// A list, at a line.
    List(Vec<Node>, u32),
    /// An object: its members in order (a key given twice keeps the last), at a line.
    Obj(Vec<Member>, u32),
}

/// A member of an object: key, the line of the key, value.
#[derive(Clone, Debug)]
pub struct Member {
    pub key: String,
    pub line: u32,
    pub value: Node,
}

impl Node {
    /// The line of the node.
    pub fn line(&self) -> u32 {
        match self {
            Node::Scalar(_, l) | Node::List(_, l) | Node::Obj(_, l) => *l,
        }
    }

    /// The number of nodes of the value.
    pub fn size(&self) -> usize {
        match self {
            Node::Scalar(..) => 1,
            Node::List(items, _) => 1 + items.iter().map(Node::size).sum::<usize>(),
            Node::Obj(members, _) => 1 + members.iter().map(|m| m.value.size()).sum::<usize>(),
        }
    }

    /// The node as JSON (for `jsonencode`).
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Node::Scalar(v, _) => v.to_json(),
            Node::List(items, _) => {
                serde_json::Value::Array(items.iter().map(Node::to_json).collect())
            }
            Node::Obj(members, _) => serde_json::Value::Object(
                members
                    .iter()
                    .map(|m| (m.key.clone(), m.value.to_json()))
                    .collect(),
            ),
        }
    }
}

/// The members of an object as they are read: a key given twice keeps the last value, in the
/// place of the first, found through an index (an object of many keys stays linear to build).
#[derive(Default)]
pub struct Members {
    list: Vec<Member>,
    index: HashMap<String, usize>,
}

impl Members {
    /// Sets `member.key`.
    pub fn set(&mut self, member: Member) {
        match self
            .index
            .get(&member.key)
            .and_then(|&i| self.list.get_mut(i))
        {
            Some(slot) => *slot = member,
            None => {
                self.index.insert(member.key.clone(), self.list.len());
                self.list.push(member);
            }
        }
    }

    /// The members, in order.
    pub fn into_vec(self) -> Vec<Member> {
        self.list
    }
}

/// What an attribute refers to: its pointer within the resource's values, and the addresses.
#[derive(Clone, Debug, Default)]
pub struct Reference {
    pub path: String,
    pub targets: Vec<String>,
}

/// A resource (or data source) of a module.
#[derive(Clone, Debug)]
pub struct Resource {
    pub address: String,
    pub instance: String,
    pub mode: &'static str,
    pub rtype: String,
    pub name: String,
    pub module: String,
    pub index: Option<Node>,
    pub values: Vec<Member>,
    pub unknown: Vec<String>,
    pub references: Vec<Reference>,
    pub repeated: &'static str,
    pub actions: Vec<String>,
    pub line: u32,
}

/// An input variable: its name and default.
#[derive(Clone, Debug)]
pub struct Variable {
    pub name: String,
    pub default: Option<Node>,
    pub line: u32,
}

/// A module read: `source` is "hcl" or "plan".
#[derive(Clone, Debug)]
pub struct Module {
    pub source: &'static str,
    pub resources: Vec<Resource>,
    /// Resources of the module's other files (HCL): followed, never judged.
    pub context: Vec<Resource>,
    pub variables: Vec<Variable>,
    pub line: u32,
}

/// `~` and `/` escaped for a JSON pointer token.
pub fn token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// The address a reference names, from the text of a traversal: `aws_subnet.db.id` and
/// `aws_subnet.db[0].id` name `aws_subnet.db`; `data.aws_vpc.main.id` names
/// `data.aws_vpc.main`; `var.x`, `local.x` and `module.x` keep two parts. `count`, `each`,
/// `self`, `path` and `terraform` name nothing.
pub fn reference_target(text: &str) -> Option<String> {
    let parts: Vec<&str> = text
        .split('.')
        .map(|p| p.split('[').next().unwrap_or(p))
        .collect();
    let first = *parts.first()?;
    let take = match first {
        "count" | "each" | "self" | "path" | "terraform" | "" => return None,
        "data" => 3,
        _ => 2,
    };
    if parts.len() < take || parts.iter().take(take).any(|p| p.is_empty()) {
        return None;
    }
    Some(parts.get(..take)?.join("."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_of_references() {
        for (text, want) in [
            ("aws_subnet.db.id", Some("aws_subnet.db")),
            ("aws_subnet.db[0].id", Some("aws_subnet.db")),
            ("aws_subnet.db", Some("aws_subnet.db")),
            ("data.aws_vpc.main.id", Some("data.aws_vpc.main")),
            ("var.region", Some("var.region")),
            ("local.tags.owner", Some("local.tags")),
            ("module.net.vpc_id", Some("module.net")),
            ("count.index", None),
            ("each.value", None),
            ("data.x", None),
            ("aws_subnet", None),
        ] {
            assert_eq!(reference_target(text).as_deref(), want, "{text}");
        }
    }
}
