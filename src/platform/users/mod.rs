//! platform::users

pub mod api;
pub mod auth;
pub mod auth_api;
pub mod auth_store;
pub mod login_page;
pub mod pages;
pub mod password;
pub mod services;
pub mod store;
pub mod throttle;
pub mod throttle_store;
pub mod tokens_page;
