//! The four operation kinds every fault is tried against.

use waba::{Client, WabaTask};

/// A node read, a list, a POST and a DELETE, all on `/{waba-id}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `GET /W`.
    Get,
    /// `GET /W/assigned_users`.
    List,
    /// `POST /W/assigned_users`.
    Post,
    /// `DELETE /W/assigned_users`.
    Delete,
}

impl Op {
    pub const ALL: [Op; 4] = [Op::Get, Op::List, Op::Post, Op::Delete];

    /// Sends the operation by awaiting its builder, keeping only whether it
    /// failed and how.
    pub async fn call(self, client: &Client) -> Result<(), waba::Error> {
        let waba = client.whatsapp_business_account("W");
        match self {
            Op::Get => waba.get().await.map(drop),
            Op::List => waba.assigned_users("B").await.map(drop),
            Op::Post => waba
                .add_assigned_user("U", [WabaTask::Manage])
                .await
                .map(drop),
            Op::Delete => waba.remove_assigned_user("U").await.map(drop),
        }
    }

    /// How many requests a retryable failure costs under the test policy:
    /// three attempts, except a POST, which is not retried by default.
    pub fn attempts_when_retryable(self) -> usize {
        if self == Op::Post { 1 } else { 3 }
    }
}
