//! The part of a people import that needs no database: each row read into a person's fields,
//! parsed and checked on its own, its ID number and phone sealed and indexed. A sheet's rows are
//! prepared on a thread of their own a batch ahead, so that this work overlaps the database's
//! (measured: the import's thread and SQLite's took turns, each idle while the other worked).

use crate::platform::input::FieldError;
use crate::platform::sheet::stream::{Row, Rows};
use crate::platform::vault::Vault;
use crate::registry::domain::person::{NewPerson, PersonInput};
use crate::registry::services::columns::{Layout, scientific};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// One row made ready.
pub(super) struct Prepared {
    pub row: Row,
    pub input: PersonInput,
    /// The person, or what is wrong with the row on its own.
    pub person: Result<(NewPerson, Sealed), Vec<FieldError>>,
}

/// A person's sealed values and blind indexes.
pub(crate) struct Sealed {
    pub id_sealed: Vec<u8>,
    pub id_index: Vec<u8>,
    pub phone_sealed: Option<Vec<u8>>,
    pub phone_index: Option<Vec<u8>>,
}

impl Sealed {
    /// Seals a person's ID number and phone.
    pub fn of(vault: &Vault, p: &NewPerson) -> Self {
        let id = p.id_number.reveal();
        let phone = (!p.phone.is_empty()).then_some(p.phone.as_str());
        let field = crate::registry::services::people::ID_FIELD;
        Sealed {
            id_sealed: vault.seal(field, id),
            id_index: vault.index(crate::platform::vault::ID_NUMBER, id),
            phone_sealed: phone
                .map(|t| vault.seal(crate::registry::services::people::PHONE_FIELD, t)),
            phone_index: phone.map(|t| vault.index(crate::platform::vault::PHONE, t)),
        }
    }
}

/// Makes one row ready: its fields read by the layout, parsed, sealed.
pub(super) fn prepare(vault: &Vault, layout: &Layout, row: Row, input: PersonInput) -> Prepared {
    let mut errors = cell_errors(layout, &row);
    let person = match crate::registry::domain::person::parse(&input) {
        Ok(p) if errors.is_empty() => {
            let sealed = Sealed::of(vault, &p);
            Ok((p, sealed))
        }
        Ok(_) => Err(errors),
        Err(e) => {
            // A cell's own fault (a number, a broken byte) says it all for its field.
            let said: Vec<String> = errors.iter().map(|e| e.field.clone()).collect();
            errors.extend(e.into_iter().filter(|e| !said.contains(&e.field)));
            Err(errors)
        }
    };
    Prepared { row, input, person }
}

/// Rows made ready a batch at a time, awaited: the import's task never blocks a worker of the
/// runtime waiting for the thread that prepares them.
pub(super) struct Batches {
    receiver: tokio::sync::mpsc::Receiver<Result<Vec<Prepared>, FieldError>>,
    /// Set by the preparing thread once it has handed on the file's last row.
    ended: Arc<AtomicBool>,
}

impl Batches {
    /// One batch already made (a form, the API), or none.
    pub fn of(batch: Option<Vec<Prepared>>) -> Self {
        let (sender, receiver) = tokio::sync::mpsc::channel(1);
        if let Some(batch) = batch {
            sender.try_send(Ok(batch)).ok();
        }
        Batches { receiver, ended: Arc::new(AtomicBool::new(true)) }
    }

    /// A sheet's rows (after its header) made ready `batch` at a time on a thread of their own,
    /// the empty ones left out; an error of the file's reading ends them, and so does a thread
    /// that stopped before the file's end, so that no import takes a part of a file for the
    /// whole.
    pub fn of_rows(vault: Arc<Vault>, layout: Layout, mut rows: Rows, batch: usize) -> Self {
        // Two batches ahead at most: memory stays flat however long the file.
        let (sender, receiver) = tokio::sync::mpsc::channel(2);
        let ended = Arc::new(AtomicBool::new(false));
        let end = ended.clone();
        std::thread::spawn(move || {
            let mut ready = Vec::with_capacity(batch);
            for row in rows.by_ref() {
                let row = match row {
                    Ok(row) => row,
                    Err(e) => {
                        let _ = sender.blocking_send(Err(e));
                        return;
                    }
                };
                if row.cells.iter().all(String::is_empty) {
                    continue;
                }
                let input = layout.input(&row.cells);
                ready.push(prepare(&vault, &layout, row, input));
                if ready.len() >= batch {
                    let full = std::mem::replace(&mut ready, Vec::with_capacity(batch));
                    if sender.blocking_send(Ok(full)).is_err() {
                        // The import stopped taking them.
                        return;
                    }
                }
            }
            if !ready.is_empty() && sender.blocking_send(Ok(ready)).is_err() {
                return;
            }
            end.store(true, Ordering::SeqCst);
        });
        Batches { receiver, ended }
    }

    /// The next batch; none at the file's end.
    pub async fn next(&mut self) -> Option<Result<Vec<Prepared>, FieldError>> {
        match self.receiver.recv().await {
            Some(batch) => Some(batch),
            None if self.ended.swap(true, Ordering::SeqCst) => None,
            // The channel closed without the end: the thread stopped half-way (a panic).
            None => Some(Err(crate::platform::sheet::unreadable())),
        }
    }
}

/// Errors of the cells themselves: an ID number Excel held as a number, a byte not in the file's
/// encoding.
fn cell_errors(layout: &Layout, row: &Row) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if let Some(i) = layout.column_of("id_number")
        && (row.numbers.get(i) == Some(&true) || row.cells.get(i).is_some_and(|c| scientific(c)))
    {
        errors.push(FieldError::new("id_number", "error.id_number_as_number"));
    }
    errors.extend(crate::registry::services::import::encoding_errors(layout, row));
    errors
}
