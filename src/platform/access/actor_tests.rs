use super::*;

fn held(role: Role, unit_id: i64, path: &str) -> Held {
    Held {
        grant: Grant { role, unit_id, department_id: None, grid_role: None },
        path: UnitPath::from_stored(path.into()),
        unit_name: String::new(),
        unit_level: Level::Zone,
        department_name: None,
        department_kind: None,
    }
}

fn actor(held: Vec<Held>) -> Actor {
    Actor { who: Who::User(1), username: "u".into(), display_name: "u".into(), held }
}

#[test]
fn a_role_covers_its_subtree_only() {
    let a = actor(vec![held(Role::GridStaff, 17, "/1/3/9/17/")]);
    assert!(a.sees(&UnitPath::from_stored("/1/3/9/17/".into())));
    assert!(!a.sees(&UnitPath::from_stored("/1/3/9/18/".into())));
    assert!(!a.sees(&UnitPath::from_stored("/1/3/9/".into())));
    assert!(!a.sees(&UnitPath::from_stored("/1/3/9/170/".into())));
    assert!(!a.administers(&UnitPath::from_stored("/1/3/9/17/".into())));
}

#[test]
fn admin_and_anchors() {
    let a = actor(vec![
        held(Role::Leader, 1, "/1/"),
        held(Role::Admin, 3, "/1/3/"),
        held(Role::Admin, 40, "/40/"),
    ]);
    assert_eq!(a.anchors(), vec![1, 40]);
    assert!(a.administers(&UnitPath::from_stored("/1/3/9/".into())));
    assert!(!a.administers(&UnitPath::from_stored("/1/4/".into())));
    assert!(a.sees(&UnitPath::from_stored("/1/4/".into())));
    assert!(Actor::system().administers(&UnitPath::root(99)));
}

#[test]
fn the_public_sees_and_administers_nothing() {
    for public in
        [Actor::public("web", "群众"), Actor::public("open311:FixMyStreet", "FixMyStreet")]
    {
        let root = UnitPath::root(1);
        assert!(!public.sees(&root));
        assert!(!public.sees(&UnitPath::from_stored("/1/3/9/17/".into())));
        assert!(!public.administers(&root));
        assert!(!public.is_admin());
        assert!(public.anchors().is_empty());
    }
}

/// What a request builds is never the system: no web code names it.
#[test]
fn web_code_never_acts_as_the_system() {
    // Web code: the platform's web shell and every part's API and pages, wherever they sit.
    fn is_web(path: &std::path::Path) -> bool {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        // Read below src/ only: a checkout in a folder named `web` is no web code.
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        path.strip_prefix(&src)
            .unwrap_or(path)
            .components()
            .any(|c| matches!(c.as_os_str().to_str(), Some("web" | "api" | "pages")))
            || name.ends_with("api.rs")
            || name.ends_with("pages.rs")
            || name.ends_with("_page.rs")
    }
    fn walk(dir: &std::path::Path, found: &mut Vec<String>, read: &mut usize) {
        for entry in std::fs::read_dir(dir).expect("src is readable") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                walk(&path, found, read);
            } else if path.extension().is_some_and(|e| e == "rs") && is_web(&path) {
                *read += 1;
                let text = std::fs::read_to_string(&path).expect("a source file");
                if text.contains("Actor::system") || text.contains("Who::System") {
                    found.push(path.display().to_string());
                }
            }
        }
    }
    let (mut found, mut read) = (Vec::new(), 0);
    walk(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut found, &mut read);
    assert!(read > 20, "read the web code ({read} files)");
    assert!(found.is_empty(), "web code acts as the system: {found:?}");
}
