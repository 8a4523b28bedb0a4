//! A tour of every operation the seed pages document, the same calls the
//! README shows. Compiled in CI, so the README's API cannot drift.
//!
//! ```sh
//! WABA_TOKEN=... WABA_BUSINESS_ID=... WABA_ID=... cargo run -p waba --example tour
//! ```
//!
//! It only reads, unless `--write` is given: then it also assigns and
//! removes `WABA_USER_ID`, creates a phone number, and in a batch creates
//! and deletes a message template.

use futures_util::TryStreamExt;
use waba::{
    AssignedUserField, ConversationGranularity, Error, Filter, TemplateCategory, WabaTask,
    WhatsAppBusinessAccountField as F,
};

fn env(name: &str) -> Result<String, Box<dyn std::error::Error>> {
    std::env::var(name).map_err(|_| format!("set {name}").into())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let write = std::env::args().any(|a| a == "--write");
    let mut builder = waba::Client::builder().access_token(env("WABA_TOKEN")?);
    if let Ok(secret) = std::env::var("WABA_APP_SECRET") {
        builder = builder.app_secret(secret); // adds `appsecret_proof`
    }
    let client = builder.build()?;
    let business_id = env("WABA_BUSINESS_ID")?;
    let waba_id = env("WABA_ID")?;

    // GET /{business-id}/owned_whatsapp_business_accounts, with fields, filtering and summary.
    let page = client
        .business(business_id.as_str())
        .owned_whatsapp_business_accounts()
        .fields([F::Id, F::Name, F::CreationTime])
        .filtering([Filter::in_range(
            F::CreationTime,
            "1569783261",
            "1604542049",
        )])
        .limit(25)
        .summary()
        .send()
        .await?;
    for account in &page.data {
        println!("owned: {:?} {:?}", account.id, account.name);
    }
    println!("total: {:?}", page.summary.and_then(|s| s.total_count));

    // GET /{waba-id}
    let waba = client.whatsapp_business_account(waba_id.as_str());
    let account = waba
        .get()
        .fields([F::Name, F::BusinessVerificationStatus, F::TimezoneId])
        .send()
        .await?;
    println!(
        "{:?}: {:?}",
        account.name, account.business_verification_status
    );

    // GET /{waba-id}/assigned_users?business=..., every user across pages.
    let users: Vec<_> = waba
        .assigned_users(business_id.as_str())
        .fields([
            AssignedUserField::Id,
            AssignedUserField::Name,
            AssignedUserField::Tasks,
        ])
        .stream()
        .try_collect()
        .await?;
    println!("{} assigned users", users.len());

    // A read on each of the fourteen WABA edges. The analytics take the
    // range and granularity Meta requires: here the last 30 days, by day.
    let now = waba::Timestamp::from(std::time::SystemTime::now());
    let month_ago = waba::Timestamp::from_unix(now.as_unix() - 30 * 86_400);
    println!("activities: {}", waba.activities().send().await?.data.len());
    println!(
        "call analytics: {}",
        waba.call_analytics(month_ago, now, ConversationGranularity::Daily)
            .send()
            .await?
            .data
            .len()
    );
    println!(
        "conversation analytics: {}",
        waba.conversation_analytics(month_ago, now, ConversationGranularity::Daily)
            .send()
            .await?
            .data
            .len()
    );
    println!("dataset: {}", waba.dataset().send().await?.data.len());
    println!("dcc config: {}", waba.dcc_config().send().await?.data.len());
    println!(
        "template previews: {}",
        waba.message_template_previews(TemplateCategory::Authentication)
            .languages(["en_US"])
            .send()
            .await?
            .data
            .len()
    );
    println!(
        "templates: {}",
        waba.message_templates().limit(50).send().await?.data.len()
    );
    if let Ok(name) = std::env::var("WABA_PAYMENT_CONFIGURATION") {
        let found = waba.payment_configuration(name).send().await?.data;
        println!("payment configuration: {}", found.len());
    }
    println!(
        "payment configurations: {}",
        waba.payment_configurations().send().await?.data.len()
    );
    println!(
        "phone numbers: {}",
        waba.phone_numbers().send().await?.data.len()
    );
    println!(
        "product catalogs: {}",
        waba.product_catalogs().send().await?.data.len()
    );
    println!("solutions: {}", waba.solutions().send().await?.data.len());
    println!(
        "subscribed apps: {}",
        waba.subscribed_apps().send().await?.data.len()
    );
    println!(
        "template metrics: {}",
        waba.template_performance_metrics().send().await?.data.len()
    );

    // A batch: several calls in one HTTP request, each result typed and on its own.
    let mut batch = client.batch();
    let account = batch.add(waba.get().fields([F::Name]));
    let users = batch.add(waba.assigned_users(business_id.as_str()));
    let write_items = write.then(|| {
        // `{result=item2:$.id}`: Graph puts the new template's ID there.
        let created = batch.add(waba.create_message_template(
            "waba_tour_batch",
            "en_US",
            TemplateCategory::Utility,
        ));
        let id = batch.result_ref(&created, "$.id");
        let deleted = batch.add(waba.delete_message_template_by_id(id, "waba_tour_batch"));
        let reread = batch.add_after(&deleted, waba.get());
        (created, deleted, reread)
    });
    let results = batch.send().await?; // fails only if the batch request itself fails
    println!("batch: {:?}", results.get(&account)?.name);
    println!(
        "batch: {} users on the first page",
        results.get(&users)?.data.len()
    );
    if let Some((created, deleted, reread)) = write_items {
        match results.get_full(&created) {
            Ok(response) => println!(
                "created {:?} (HTTP {}, usage {:?})",
                response.value.id, response.status, response.usage.business_use_case
            ),
            Err(Error::Graph(e)) => eprintln!(
                "this item failed: {} {:?} {:?}",
                e.code, e.subcode, e.fbtrace_id
            ),
            Err(Error::BatchItemNotProcessed) => eprintln!("Graph did not run it: send it again"),
            Err(other) => eprintln!("{other}"),
        }
        println!(
            "deleted: {:?}",
            results.get(&deleted).map(|done| done.success)
        );
        println!("re-read: {:?}", results.get(&reread).map(|waba| waba.name));
    }

    if write {
        let user_id = env("WABA_USER_ID")?;
        // POST /{waba-id}/assigned_users: user and tasks are both required.
        let done = waba
            .add_assigned_user(user_id.as_str(), [WabaTask::Manage, WabaTask::Develop])
            .send()
            .await?;
        println!("assigned: {:?}", done.success);
        // DELETE /{waba-id}/assigned_users?user=...
        let done = waba.remove_assigned_user(user_id.as_str()).send().await?;
        println!("removed: {:?}", done.success);
        // POST /{waba-id}/phone_numbers
        let created = waba
            .create_phone_number()
            .cc("1")
            .phone_number("5550100")
            .verified_name("Example")
            .send()
            .await?;
        println!("new phone number: {:?}", created.id);
    }
    Ok(())
}
