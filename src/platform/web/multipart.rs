//! A multipart form read whole, within the request limit the router sets: its text fields
//! (strict UTF-8) and its one file.

use crate::platform::service::AppError;
use axum::extract::Multipart;

/// Reads the named fields and the file (a field with a file name, or named `photo`/`media`)
/// of a multipart body; a field that is not UTF-8 is refused by name.
pub async fn read(mut m: Multipart) -> Result<(Vec<(String, String)>, Option<Vec<u8>>), AppError> {
    let (mut fields, mut photo) = (Vec::new(), None);
    while let Some(field) = m.next_field().await.map_err(|e| AppError::Malformed(e.body_text()))? {
        let name = field.name().unwrap_or_default().to_string();
        if field.file_name().is_some() || name == "photo" || name == "media" {
            photo =
                Some(field.bytes().await.map_err(|e| AppError::Malformed(e.body_text()))?.to_vec());
        } else {
            // multer's text() would turn a byte that is not UTF-8 into U+FFFD, stored as if typed.
            let bytes =
                field.bytes().await.map_err(|e| AppError::Malformed(e.body_text()))?.to_vec();
            let text = String::from_utf8(bytes).map_err(|_| {
                crate::platform::input::FieldError::new(name.clone(), "error.not_utf8")
            })?;
            fields.push((name, text));
        }
    }
    Ok((fields, photo))
}
