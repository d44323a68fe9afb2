//! The benchmarks of grid events: `intake` (reports over HTTP beside a bare insert server, then
//! intake by point, the grid found from the boundaries) and `dashboard` (a month's rates over
//! millions of cases).

pub mod dashboard;
pub mod intake;
pub mod pages;

use crate::platform::bench::measured;
use crate::platform::capability::Scenario;

/// The scenarios, each value of `--clients` and `--cases` measured from its own peak.
pub static SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "intake",
        run: |o, capabilities| {
            Box::pin(async move {
                for &clients in &o.clients {
                    measured(
                        &format!("intake, {clients} clients"),
                        intake::run(clients, o.seconds, capabilities),
                    )
                    .await?;
                }
                Ok(())
            })
        },
    },
    Scenario {
        name: "dashboard",
        run: |o, capabilities| {
            Box::pin(async move {
                for &cases in &o.cases {
                    measured(
                        &format!("dashboard, {cases} cases"),
                        dashboard::run(cases, o.requests, capabilities),
                    )
                    .await?;
                }
                Ok(())
            })
        },
    },
];
