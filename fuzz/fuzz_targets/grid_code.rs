//! `UnitCode::parse(level, code, parent)` over every level, with no parent or with a parent as
//! the application passes one (the level above, holding a valid code of its level), and the
//! unit paths beside the codes.
//!
//! Out of contract, since the application never passes them: a parent of a level other than
//! the one above, or a parent code that is not ASCII. Both once panicked; they are errors now,
//! checked by the unit tests in src/platform/hierarchy/unit.rs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhili::platform::hierarchy::unit::Level;
use zhili::platform::hierarchy::unit::UnitCode;
use zhili::platform::hierarchy::unit::UnitPath;

/// The input, as lines of text so that the seeds can be read and written by hand:
///
/// ```text
/// village            level: zone, township, village or grid (else a byte picks one)
/// 410871100201       the code, as sent
/// 410871100000       the parent's code digits (any bytes, taken modulo 10), or nothing
/// 9                  how many leading digits of the code to take from the parent's
/// 1,3,17             unit ids of a path from the root
/// ```
struct Input<'a> {
    level: Level,
    code: &'a str,
    parent: Option<[u8; 12]>,
    splice: usize,
    path_ids: Vec<i64>,
}

impl<'a> Input<'a> {
    fn read(text: &'a str) -> Input<'a> {
        let mut lines = text.split('\n');
        let level = lines.next().unwrap_or("");
        let level = level.parse::<Level>().unwrap_or(Level::ALL[level.bytes().map(usize::from).sum::<usize>() % 4]);
        let code = lines.next().unwrap_or("");
        let parent = lines.next().filter(|p| !p.is_empty()).map(|p| {
            let mut digits = [0u8; 12];
            for (d, b) in digits.iter_mut().zip(p.bytes()) {
                *d = b;
            }
            digits
        });
        let splice = lines.next().and_then(|s| s.trim().parse().ok()).unwrap_or(0);
        let path_ids =
            lines.next().unwrap_or("").split(',').filter_map(|s| s.trim().parse::<u32>().ok()).map(|i| i64::from(i) + 1).collect();
        Input { level, code, parent, splice, path_ids }
    }
}

/// How many leading digits a child repeats of a parent at this level (docs/architecture.md:
/// 6 + 3 + 3 + 3). `Level::prefix_len` is private.
fn prefix_len(level: Level) -> usize {
    match level {
        Level::Zone => 6,
        Level::Township => 9,
        Level::Village => 12,
        Level::Grid => 15,
    }
}

fn parent_of(level: Level) -> Option<Level> {
    Level::ALL.into_iter().find(|l| l.child() == Some(level))
}

fn check(level: Level, code: &str, parent: Option<(Level, &str)>) {
    let result = UnitCode::parse(level, code, parent);
    match &result {
        Ok(c) => {
            let s = c.as_str();
            assert_eq!(s, code.trim());
            assert_eq!(s.len(), level.code_len());
            assert!(s.bytes().all(|b| b.is_ascii_digit()));
            if let Some((pl, pc)) = parent {
                let n = prefix_len(pl);
                assert_eq!(&s[..n], &pc[..n], "a child repeats its parent's prefix");
                if level != Level::Grid {
                    assert!(s[n..].bytes().any(|b| b != b'0'), "a child is not its parent's own code");
                }
            }
            // Its stored form is accepted again, alone and under the same parent.
            assert_eq!(UnitCode::parse(level, s, parent).as_ref(), Ok(c));
            assert_eq!(UnitCode::parse(level, s, None).as_ref(), Ok(c));
        }
        Err(e) => {
            assert_eq!(e.field, "code");
            assert!(matches!(e.key, "error.code_format" | "error.code_prefix"), "{}", e.key);
        }
    }
    // Under a parent nothing is accepted that is refused alone.
    if parent.is_some() && UnitCode::parse(level, code, None).is_err() {
        assert!(result.is_err());
    }
}

fuzz_target!(|text: &str| {
    let input = Input::read(text);
    let level = input.level;
    assert_eq!(level.as_str().parse::<Level>(), Ok(level));
    check(level, input.code, None);
    if let (Some(pl), Some(digits)) = (parent_of(level), input.parent) {
        let mut pc: String = digits.iter().map(|d| char::from(b'0' + d % 10)).collect();
        if pl == Level::Zone || pl == Level::Township {
            // A zone's or township's code is its prefix padded with zeros.
            let n = prefix_len(pl);
            pc.replace_range(n.., &"0".repeat(12 - n));
        }
        if UnitCode::parse(pl, &pc, None).is_ok() {
            check(level, input.code, Some((pl, &pc)));
            // The child code with the parent's prefix spliced in, so the suffix rule is reached.
            let trimmed = input.code.trim();
            let k = (input.splice % (prefix_len(pl) + 1)).min(trimmed.len());
            if trimmed.is_char_boundary(k) {
                let spliced = format!("{}{}", &pc[..k], &trimmed[k..]);
                check(level, &spliced, Some((pl, &pc)));
                let full = format!("{}{}", &pc[..prefix_len(pl)], trimmed.get(prefix_len(pl)..).unwrap_or(""));
                check(level, &full, Some((pl, &pc)));
            }
        }
    }

    // Paths: ids read back, a subtree's range holds its descendants and not its siblings.
    let ids: Vec<i64> = input.path_ids.iter().take(8).copied().collect();
    if let Some((&root, rest)) = ids.split_first() {
        let mut paths = vec![UnitPath::root(root)];
        for &id in rest {
            let next = paths.last().expect("root").child(id);
            paths.push(next);
        }
        let deepest = paths.last().expect("root");
        assert_eq!(deepest.ids(), ids);
        assert_eq!(UnitPath::from_stored(deepest.as_str().to_string()), *deepest);
        for (i, p) in paths.iter().enumerate() {
            let (start, end) = p.subtree_range();
            let inside = |q: &UnitPath| q.as_str() >= start.as_str() && q.as_str() < end.as_str();
            for (j, q) in paths.iter().enumerate() {
                assert_eq!(p.contains(q), j >= i);
                assert_eq!(inside(q), j >= i, "{p} range vs {q}");
            }
            // A sibling whose id starts with this unit's id is outside: /1/3/ and /1/30/.
            if i > 0 {
                let sibling = paths[i - 1].child(ids[i] * 10);
                assert!(!p.contains(&sibling) && !inside(&sibling), "{p} vs {sibling}");
            }
        }
    }
});
