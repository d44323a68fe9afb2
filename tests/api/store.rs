//! The storage contract: the same behaviour on SQLite and PostgreSQL.

use crate::helpers::{TestDatabase, fresh_database};
use zhili::platform::db::Db;
use zhili::platform::hierarchy::store::NewUnit;
use zhili::platform::hierarchy::unit::UnitPath;

/// A database of the migrations alone, and its guard.
async fn db() -> (Db, TestDatabase) {
    let database = fresh_database().await;
    (Db::connect(&database.url, zhili::CAPABILITIES).await.unwrap(), database)
}

#[tokio::test]
async fn paths_follow_inserts_and_moves() {
    let (db, _database) = db().await;
    let mut tx = db.begin().await.unwrap();
    let new = |parent, level, name, code| NewUnit { parent, level, name, code, boundary: None };
    let (zone, zp) = zhili::platform::hierarchy::store::insert(
        &mut tx,
        &new(None, "zone", "区", "410871000000"),
    )
    .await
    .unwrap();
    let (a, ap) = zhili::platform::hierarchy::store::insert(
        &mut tx,
        &new(Some((zone, &zp)), "township", "甲", "410871100000"),
    )
    .await
    .unwrap();
    let (b, bp) = zhili::platform::hierarchy::store::insert(
        &mut tx,
        &new(Some((zone, &zp)), "township", "乙", "410871101000"),
    )
    .await
    .unwrap();
    let (v, vp) = zhili::platform::hierarchy::store::insert(
        &mut tx,
        &new(Some((a, &ap)), "village", "村", "410871100201"),
    )
    .await
    .unwrap();
    let (g, _) = zhili::platform::hierarchy::store::insert(
        &mut tx,
        &new(Some((v, &vp)), "grid", "格", "410871100201001"),
    )
    .await
    .unwrap();
    assert_eq!(vp, format!("/{zone}/{a}/{v}/"));
    let moved =
        zhili::platform::hierarchy::store::reparent(&mut tx, v, &vp, (b, &bp)).await.unwrap();
    assert_eq!(moved, format!("/{zone}/{b}/{v}/"));
    tx.commit().await.unwrap();
    let grid = zhili::platform::hierarchy::store::get(&db.pool, g).await.unwrap().unwrap();
    assert_eq!(grid.path, format!("/{zone}/{b}/{v}/{g}/"));
    let township_b = zhili::platform::hierarchy::store::get(&db.pool, b).await.unwrap().unwrap();
    assert_eq!((township_b.children, township_b.grids), (1, 1));
    let township_a = zhili::platform::hierarchy::store::get(&db.pool, a).await.unwrap().unwrap();
    assert_eq!((township_a.children, township_a.grids), (0, 0));
    let (start, end) = UnitPath::from_stored(bp.clone()).subtree_range();
    let grids =
        zhili::platform::hierarchy::store::at_level(&db.pool, &start, &end, "grid").await.unwrap();
    assert_eq!(grids.len(), 1);
}

#[tokio::test]
async fn a_rolled_back_transaction_leaves_no_unit_and_no_audit_row() {
    let (db, _database) = db().await;
    let mut tx = db.begin().await.unwrap();
    zhili::platform::hierarchy::store::insert(
        &mut tx,
        &NewUnit { parent: None, level: "zone", name: "区", code: "410871000000", boundary: None },
    )
    .await
    .unwrap();
    zhili::platform::audit::append(
        &mut tx,
        zhili::platform::audit::Entry {
            actor_id: None,
            actor_name: "t",
            action: "unit.create",
            object: "unit:1".into(),
            detail: serde_json::json!({}),
        },
    )
    .await
    .unwrap();
    tx.rollback().await.unwrap();
    assert!(db.is_empty().await.unwrap());
    let verdict = zhili::platform::audit::verify(&db).await.unwrap();
    assert_eq!((verdict.rows, verdict.broken), (0, None));
}

#[tokio::test]
async fn units_with_the_same_code_are_refused_by_the_database_too() {
    let (db, _database) = db().await;
    let mut tx = db.begin().await.unwrap();
    let zone =
        NewUnit { parent: None, level: "zone", name: "区", code: "410871000000", boundary: None };
    zhili::platform::hierarchy::store::insert(&mut tx, &zone).await.unwrap();
    assert!(zhili::platform::hierarchy::store::insert(&mut tx, &zone).await.is_err());
}

#[tokio::test]
async fn changes_to_what_servers_keep_in_memory_move_the_cache_epoch_in_their_transaction() {
    let (db, _database) = db().await;
    zhili::platform::demo::load(&db, "x").await.unwrap();
    let epoch = || async {
        sqlx::query_scalar::<_, i64>("SELECT n FROM cache_epoch").fetch_one(&db.pool).await.unwrap()
    };
    let before = epoch().await;
    sqlx::query("UPDATE users SET disabled = 1 WHERE username = 'g001-manager'")
        .execute(&db.pool)
        .await
        .unwrap();
    let after_disable = epoch().await;
    assert!(after_disable > before);
    let mut tx = db.begin().await.unwrap();
    sqlx::query("UPDATE units SET name = '改名' WHERE level = 'grid' AND name LIKE '%1%'")
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.rollback().await.unwrap();
    assert_eq!(epoch().await, after_disable, "a rolled-back change leaves it where it was");
    sqlx::query("UPDATE departments SET name = name").execute(&db.pool).await.unwrap();
    let after_rename = epoch().await;
    assert!(after_rename > after_disable);
    sqlx::query("INSERT INTO role_grants (user_id, role, unit_id) SELECT u.id, 'leader', z.id FROM users u, units z WHERE u.username = 'g002-manager' AND z.level = 'zone'")
        .execute(&db.pool)
        .await
        .unwrap();
    let after_grant = epoch().await;
    assert!(after_grant > after_rename);
    // What reports are checked against: the calendar and the catalogues.
    sqlx::query("INSERT INTO calendar_days (day, kind, name) VALUES ('2030-01-01', 'off', '元旦')")
        .execute(&db.pool)
        .await
        .unwrap();
    let after_holiday = epoch().await;
    assert!(after_holiday > after_grant);
    let zone: i64 = sqlx::query_scalar("SELECT id FROM units WHERE level = 'zone'")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    zhili::cases::services::catalogue::current(&db, zone).await.unwrap();
    assert!(epoch().await > after_holiday, "a zone's first catalogue");
}
