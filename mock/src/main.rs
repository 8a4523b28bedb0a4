//! `cargo run -p waba-mock -- --port 8080 [--seed FILE] [--webhook-url URL --app-secret S] [--token T]`:
//! serves the mock until interrupted, printing its address, the token it
//! accepts and the IDs of what it holds.

use std::path::PathBuf;
use std::process::ExitCode;

use waba_mock::{MockServer, Seed};

const USAGE: &str = "usage: waba-mock [--port PORT] [--seed FILE] [--token TOKEN] \
                     [--webhook-url URL --app-secret SECRET]";

struct Options {
    port: u16,
    seed: Option<PathBuf>,
    token: Option<String>,
    webhook_url: Option<String>,
    app_secret: Option<String>,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        port: 8080,
        seed: None,
        token: None,
        webhook_url: None,
        app_secret: None,
    };
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "--port" => {
                options.port = value()?
                    .parse()
                    .map_err(|_| "--port takes a number".to_owned())?;
            }
            "--seed" => options.seed = Some(PathBuf::from(value()?)),
            "--token" => options.token = Some(value()?),
            "--webhook-url" => options.webhook_url = Some(value()?),
            "--app-secret" => options.app_secret = Some(value()?),
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if options.webhook_url.is_some() && options.app_secret.is_none() {
        return Err("--webhook-url needs --app-secret to sign with".to_owned());
    }
    Ok(options)
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let options = match parse(&args) {
        Ok(options) => options,
        Err(error) => {
            if !error.is_empty() {
                eprintln!("error: {error}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let mut builder = MockServer::builder().port(options.port);
    if let Some(path) = &options.seed {
        let seed = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: {e}", path.display()))
            .and_then(|text| Seed::from_json(&text));
        match seed {
            Ok(seed) => builder = builder.seed(seed),
            Err(error) => {
                eprintln!("error: {error}");
                return ExitCode::FAILURE;
            }
        }
    }
    if let Some(token) = &options.token {
        builder = builder.tokens([token.clone()]);
    }
    if let Some(secret) = &options.app_secret {
        builder = builder.app_secret(secret.clone());
        if let Some(url) = &options.webhook_url {
            builder = builder.webhook(url.clone(), secret.clone());
        }
    }
    let mock = match builder.start().await {
        Ok(mock) => mock,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    println!("waba-mock listening on {}", mock.base_url());
    println!("access token: {}", mock.token());
    let mut types: Vec<String> = mock
        .operations()
        .iter()
        .filter_map(|o| o.split('.').next().map(str::to_owned))
        .collect();
    types.extend(["Business".to_owned()]);
    types.sort();
    types.dedup();
    for node_type in types {
        for id in mock.ids_of(&node_type) {
            println!("{node_type}: {id}");
        }
    }
    let _ = tokio::signal::ctrl_c().await;
    ExitCode::SUCCESS
}
