//! Stylesheet, script and icons, compiled into the binary: nothing is fetched from elsewhere.

use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get};
use rust_embed::Embed;

#[derive(Embed)]
#[folder = "assets/"]
struct Assets;

async fn asset(uri: Uri) -> Response {
    let path = uri.path().trim_start_matches('/');
    match Assets::get(path) {
        Some(file) => {
            let mime = file.metadata.mimetype().to_string();
            (
                [
                    (header::CONTENT_TYPE, mime.as_str()),
                    (header::CACHE_CONTROL, "public, max-age=3600"),
                ],
                file.data,
            )
                .into_response()
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// The handler for everything under `/assets/`.
pub fn service() -> MethodRouter<()> {
    get(asset)
}
