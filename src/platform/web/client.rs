//! The client's address, for throttling and the audit chain: the connection's peer, unless the
//! peer is a reverse proxy we were told to trust (`--trusted-proxy`), in which case it is the
//! right-most address of `X-Forwarded-For` that is not itself a trusted proxy. From any other
//! peer the header is ignored: anyone can send it.

use axum::http::HeaderMap;
use ipnet::IpNet;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

/// The networks whose peers' `X-Forwarded-For` is believed.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Arc<[IpNet]>);

impl TrustedProxies {
    /// Trusts peers in these networks.
    pub fn new(nets: Vec<IpNet>) -> TrustedProxies {
        TrustedProxies(nets.into())
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// The client behind a connection from `peer` carrying `headers`.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = peer.to_canonical();
        if !self.trusts(peer) {
            return peer;
        }
        // Each proxy appends the address it was reached from; walk back from the nearest.
        let hops: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect();
        let mut client = peer;
        for hop in hops.into_iter().rev() {
            let Some(ip) = hop
                .parse::<IpAddr>()
                .ok()
                .or_else(|| hop.parse::<SocketAddr>().ok().map(|s| s.ip()))
            else {
                // What comes before a garbled hop was written by no proxy of ours.
                break;
            };
            client = ip.to_canonical();
            if !self.trusts(client) {
                break;
            }
        }
        client
    }
}

/// Reads a network as `10.0.0.0/8`, `::1/128` or a bare address (a network of one).
pub fn parse_net(text: &str) -> Result<IpNet, String> {
    let text = text.trim();
    text.parse::<IpNet>()
        .or_else(|_| text.parse::<IpAddr>().map(IpNet::from))
        .map_err(|_| format!("{text:?} is not a network (CIDR such as 10.0.0.0/8) or an address"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(trusted: &[&str], peer: &str, forwarded: &[&str]) -> String {
        let proxies = TrustedProxies::new(trusted.iter().map(|t| parse_net(t).unwrap()).collect());
        let mut headers = HeaderMap::new();
        for f in forwarded {
            headers.append("x-forwarded-for", f.parse().unwrap());
        }
        proxies.client(peer.parse().unwrap(), &headers).to_string()
    }

    #[test]
    fn forwarded_addresses_count_only_from_trusted_peers() {
        assert_eq!(client(&[], "127.0.0.1", &["203.0.113.7"]), "127.0.0.1");
        assert_eq!(client(&["10.0.0.0/8"], "192.0.2.1", &["203.0.113.7"]), "192.0.2.1");
        assert_eq!(client(&["127.0.0.1/32"], "127.0.0.1", &["203.0.113.7"]), "203.0.113.7");
        assert_eq!(client(&["127.0.0.1"], "127.0.0.1", &[]), "127.0.0.1");
    }

    #[test]
    fn the_client_is_the_right_most_untrusted_hop() {
        // The client forged the first entry; our proxy appended what it saw.
        assert_eq!(
            client(&["127.0.0.1/32"], "127.0.0.1", &["1.2.3.4, 198.51.100.9"]),
            "198.51.100.9"
        );
        assert_eq!(
            client(
                &["127.0.0.1/32", "10.0.0.0/8"],
                "127.0.0.1",
                &["1.2.3.4, 198.51.100.9, 10.1.2.3"]
            ),
            "198.51.100.9"
        );
        assert_eq!(
            client(&["127.0.0.1/32", "10.0.0.0/8"], "127.0.0.1", &["198.51.100.9", "10.1.2.3"]),
            "198.51.100.9"
        );
        assert_eq!(
            client(&["127.0.0.1/32"], "127.0.0.1", &["garbage, 198.51.100.9:4711"]),
            "198.51.100.9"
        );
        assert_eq!(client(&["127.0.0.1/32"], "127.0.0.1", &["198.51.100.9, garbage"]), "127.0.0.1");
        assert_eq!(client(&["::1/128"], "::1", &["2001:db8::5"]), "2001:db8::5");
        assert_eq!(client(&["127.0.0.1/32"], "::ffff:127.0.0.1", &["203.0.113.7"]), "203.0.113.7");
    }

    #[test]
    fn networks_are_cidrs_or_addresses() {
        assert_eq!(parse_net("10.0.0.0/8").unwrap().to_string(), "10.0.0.0/8");
        assert_eq!(parse_net(" 127.0.0.1 ").unwrap().to_string(), "127.0.0.1/32");
        assert!(parse_net("10.0.0.0/33").is_err());
        assert!(parse_net("proxy.example").is_err());
    }
}
