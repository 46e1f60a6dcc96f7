//! Network address builtins over IPv4 and IPv6 CIDR notation.

use super::{Builtin, f};

const D: &str = "net";

pub(super) const BUILTINS: &[Builtin] = &[
    f(
        D,
        "cidr_contains",
        "(cidr: string, ip_or_cidr: string) -> bool",
        "whether the range contains the address or range",
    ),
    f(
        D,
        "cidr_overlaps",
        "(a: string, b: string) -> bool",
        "whether the two ranges share an address",
    ),
];

use super::BuiltinError;
use core::net::IpAddr;
use ipnet::IpNet;

fn network(text: &str) -> Result<IpNet, BuiltinError> {
    if let Ok(net) = text.parse::<IpNet>() {
        return Ok(net);
    }
    // A bare address is the network of just that address.
    text.parse::<IpAddr>()
        .map(IpNet::from)
        .map_err(|_| BuiltinError::new(format!("`{text}` is not an IP address or CIDR range")))
}

/// Whether the range `cidr` contains the address or the whole range `ip_or_cidr`.
pub fn cidr_contains(cidr: &str, ip_or_cidr: &str) -> Result<bool, BuiltinError> {
    let outer = network(cidr)?;
    let inner = network(ip_or_cidr)?;
    Ok(outer.contains(&inner))
}

/// Whether two ranges share at least one address.
pub fn cidr_overlaps(a: &str, b: &str) -> Result<bool, BuiltinError> {
    let (a, b) = (network(a)?, network(b)?);
    Ok(a.contains(&b.network()) || b.contains(&a.network()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn containment_and_overlap() {
        assert_eq!(cidr_contains("10.0.0.0/8", "10.1.2.3"), Ok(true));
        assert_eq!(cidr_contains("10.0.0.0/8", "11.0.0.1"), Ok(false));
        assert_eq!(cidr_contains("10.0.0.0/8", "10.2.0.0/16"), Ok(true));
        assert_eq!(cidr_contains("10.2.0.0/16", "10.0.0.0/8"), Ok(false));
        assert_eq!(cidr_contains("0.0.0.0/0", "192.168.1.1"), Ok(true));
        assert_eq!(cidr_contains("fd00::/8", "fd12::1"), Ok(true));
        assert_eq!(cidr_contains("10.0.0.0/8", "fd12::1"), Ok(false));
        assert_eq!(cidr_overlaps("10.0.0.0/8", "10.255.0.0/16"), Ok(true));
        assert_eq!(cidr_overlaps("10.0.0.0/16", "10.1.0.0/16"), Ok(false));
        assert_eq!(cidr_overlaps("10.1.0.0/16", "10.0.0.0/8"), Ok(true));
        assert!(cidr_contains("10.0.0.0/33", "10.0.0.1").is_err());
        assert!(cidr_overlaps("not-an-ip", "10.0.0.0/8").is_err());
    }
}
