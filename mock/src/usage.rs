//! The rate-limit headers Graph sends with every answer: `X-App-Usage` for
//! the app and `X-Business-Use-Case-Usage` for the object called, as
//! percentages of a budget of calls the mock counts.

use std::collections::HashMap;

use serde_json::json;

/// Calls counted so far.
#[derive(Debug)]
pub struct Usage {
    /// Calls that make 100%.
    pub budget: u64,
    app: u64,
    by_object: HashMap<String, u64>,
}

impl Default for Usage {
    fn default() -> Self {
        Usage {
            budget: 1000,
            app: 0,
            by_object: HashMap::new(),
        }
    }
}

impl Usage {
    /// Counting with `budget` calls to 100%.
    pub fn with_budget(budget: u64) -> Self {
        Usage {
            budget,
            ..Usage::default()
        }
    }

    /// Counts a call on `object` and returns the two headers' values.
    /// A throttled call reports 100% and `wait_minutes` to regain access.
    pub fn count(
        &mut self,
        object: Option<&str>,
        throttled: Option<u64>,
    ) -> (String, Option<String>) {
        self.app += 1;
        let percent = |calls: u64| (calls * 100 / self.budget.max(1)).min(100);
        let app = json!({
            "call_count": percent(self.app),
            "total_cputime": percent(self.app) / 2,
            "total_time": percent(self.app) / 2,
        });
        let business = object.map(|object| {
            let calls = self.by_object.entry(object.to_owned()).or_default();
            *calls += 1;
            let calls = *calls;
            let (count, wait) = match throttled {
                Some(wait) => (100, wait),
                None => (percent(calls), 0),
            };
            json!({ object: [{
                "type": "whatsapp_business_management",
                "call_count": count,
                "total_cputime": count / 2,
                "total_time": count / 2,
                "estimated_time_to_regain_access": wait,
            }]})
            .to_string()
        });
        (app.to_string(), business)
    }
}
