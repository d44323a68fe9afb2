//! Photos of cases over HTTP: upload (multipart) and download, for the API and the pages.

use crate::cases::services::rows::PhotoRow;
use crate::platform::input::FieldError;
use crate::platform::service::AppError;
use crate::platform::web::AppState;
use crate::platform::web::error::ApiError;
use crate::platform::web::error::PageError;
use crate::platform::web::session::ApiActor;
use crate::platform::web::session::PageActor;
use axum::Json;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use utoipa::ToSchema;

/// A multipart upload with one file field `photo`.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct PhotoUpload {
    /// The image: JPEG, PNG or WebP, at most 8 MiB.
    #[schema(value_type = String, format = Binary)]
    photo: Vec<u8>,
}

pub use crate::platform::web::multipart::read as read_multipart;

/// Adds a photo to a case.
#[utoipa::path(post, path = "/cases/{id}/photos", operation_id = "upload_photo", tag = "cases", security(("bearer" = [])), params(("id" = i64, Path, description = "Case id")),
    request_body(content = PhotoUpload, content_type = "multipart/form-data"),
    responses((status = 201, description = "The photo, added to the case.", body = PhotoRow),
        (status = 404, description = "No such case, or none the caller may see.", body = crate::platform::web::api::ErrorBody),
        (status = 409, description = "The case changed meanwhile; read it again and retry.", body = crate::platform::web::api::ErrorBody),
        (status = 422, description = "No `photo` field, or not a JPEG, PNG or WebP of at most 8 MiB.", body = crate::platform::web::api::ErrorBody)))]
pub async fn upload(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    m: Multipart,
) -> Result<(StatusCode, Json<PhotoRow>), ApiError> {
    let (_, photo) = read_multipart(m).await?;
    let bytes = photo.ok_or_else(|| FieldError::new("photo", "error.required"))?;
    let row = crate::cases::services::add_photo(&state.db, &actor, id, "photo", &bytes).await?;
    Ok((StatusCode::CREATED, Json(row)))
}

/// A case's photos.
#[utoipa::path(get, path = "/cases/{id}/photos", operation_id = "list_photos", tag = "cases", security(("bearer" = [])), params(("id" = i64, Path, description = "Case id")),
    responses((status = 200, description = "The case's photos.", body = Vec<PhotoRow>),
        (status = 404, description = "No such case, or none the caller may see.", body = crate::platform::web::api::ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<Vec<PhotoRow>>, ApiError> {
    Ok(Json(crate::cases::services::photos(&state.db, &actor, id).await?))
}

/// A photo's image.
#[utoipa::path(get, path = "/photos/{id}", operation_id = "download_photo", tag = "cases", security(("bearer" = [])), params(("id" = i64, Path, description = "Photo id")),
    responses((status = 200, description = "The image", content(("image/jpeg"), ("image/png"), ("image/webp"))), (status = 404, description = "No such photo, or none the caller may see.", body = crate::platform::web::api::ErrorBody)))]
pub async fn download(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let (content_type, data) = crate::cases::services::photo(&state.db, &actor, id).await?;
    Ok(crate::platform::web::download::image(content_type, data))
}

/// `GET /photos/{id}` for pages.
pub async fn page_download(
    State(state): State<AppState>,
    who: PageActor,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let (content_type, data) = crate::cases::services::photo(&state.db, &who.actor, id).await?;
    Ok(crate::platform::web::download::image(content_type, data))
}

/// `POST /cases/{id}/photos` from the case page: multipart with the session's form token.
pub async fn page_upload(
    State(state): State<AppState>,
    who: PageActor,
    Path(id): Path<i64>,
    m: Multipart,
) -> Result<Response, PageError> {
    let (fields, photo) = read_multipart(m).await?;
    if !fields.iter().any(|(k, v)| k == "csrf" && *v == who.csrf) {
        return Err(PageError(AppError::Forbidden));
    }
    let bytes = photo.unwrap_or_default();
    match crate::cases::services::add_photo(&state.db, &who.actor, id, "photo", &bytes).await {
        Ok(_) => Ok(Redirect::to(&format!("/cases/{id}?done=saved")).into_response()),
        Err(AppError::Invalid(fields)) => {
            let lang = who.lang;
            let refused = crate::cases::pages::Refused {
                error: Some(
                    fields
                        .iter()
                        .map(|f| lang.t_args(f.key, &f.args))
                        .collect::<Vec<_>>()
                        .join(" "),
                ),
                ..Default::default()
            };
            let mut res = crate::cases::pages::render(
                &state,
                &who,
                crate::platform::web::pages::Ctx::of(&who),
                id,
                false,
                refused,
            )
            .await?;
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
        Err(e) => Err(e.into()),
    }
}
