//! A limit on anonymous writes per client address (the public report form): a fixed window, in
//! this server's memory. Several servers each count their own; the limit is against floods from
//! one address, not an exact quota.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// At most `most` in each `window` per address.
pub struct Throttle {
    most: u32,
    window: Duration,
    seen: Mutex<HashMap<String, (Instant, u32)>>,
}

impl Throttle {
    /// A limit of `most` per `window`.
    pub fn new(most: u32, window: Duration) -> Throttle {
        Throttle { most, window, seen: Mutex::new(HashMap::new()) }
    }

    /// Counts one more from `address`; false when it is over the limit.
    pub fn allow(&self, address: &str) -> bool {
        let now = Instant::now();
        let mut seen = self.seen.lock().expect("throttle lock");
        if seen.len() > 100_000 {
            seen.retain(|_, (start, _)| now.duration_since(*start) < self.window);
        }
        let entry = seen.entry(address.to_string()).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        entry.1 += 1;
        entry.1 <= self.most
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_address_has_its_own_count_and_the_window_resets_it() {
        let t = Throttle::new(2, Duration::from_millis(50));
        assert!(t.allow("a") && t.allow("a"));
        assert!(!t.allow("a"));
        assert!(t.allow("b"));
        std::thread::sleep(Duration::from_millis(60));
        assert!(t.allow("a"));
    }
}
