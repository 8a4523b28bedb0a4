//! Values Graph sent that this version of the crate has no name for.
//!
//! Every generated enum keeps such a value in its `Unknown` variant, wrapped
//! in an opaque type. Opaque on purpose: if user code could match
//! `Unknown("NEW_VALUE")`, that arm would silently stop matching on the day
//! the spec learns `NEW_VALUE` and the enum gains a named variant for it.
//! Code that must see the raw text reads it with `as_str()`, which keeps
//! working whichever variant the value lands in.

use std::fmt;

/// A string enum value this version of the crate does not know, kept as
/// sent. Read it with [`as_str`](Self::as_str) (or `Display`); it cannot be
/// built or matched by its contents, so upgrading the crate never changes
/// the meaning of a `match`.
///
/// ```
/// use waba::WabaTask;
///
/// let task = WabaTask::from("SOME_NEW_TASK");
/// match &task {
///     WabaTask::Manage => {}
///     // A value Meta added after this crate was generated: look, don't match.
///     WabaTask::Unknown(value) => assert_eq!(value.as_str(), "SOME_NEW_TASK"),
///     _ => {}
/// }
/// assert_eq!(task.as_str(), "SOME_NEW_TASK");
/// ```
///
/// Matching on the text itself does not compile, because that arm would stop
/// matching once the value gets a named variant:
///
/// ```compile_fail
/// use waba::{UnknownValue, WabaTask};
///
/// fn is_new_task(task: &WabaTask) -> bool {
///     matches!(task, WabaTask::Unknown(UnknownValue("SOME_NEW_TASK")))
/// }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(Box<str>);

impl UnknownValue {
    pub(crate) fn new(value: &str) -> Self {
        Self(value.into())
    }

    /// The value as Graph sent it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A Graph error code the spec does not document, kept as sent. Read it
/// with [`code`](Self::code); like [`UnknownValue`] it cannot be matched by
/// number, so a code that gains a name later does not silently fall
/// through an arm written for the number.
///
/// ```compile_fail
/// use waba::ErrorCode;
///
/// fn is_spam(code: ErrorCode) -> bool {
///     matches!(code, ErrorCode::Unknown(131048))
/// }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownCode(i64);

impl UnknownCode {
    pub(crate) fn new(code: i64) -> Self {
        Self(code)
    }

    /// The number Graph sent.
    pub fn code(self) -> i64 {
        self.0
    }
}

impl fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}
