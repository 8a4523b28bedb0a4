//! Client overhead, the way users meet it: the generated client against the
//! floor (plain `reqwest` with the same URL and headers, `serde_json` into
//! hand-written types) on the three calls of `waba_bench::client`, against
//! one loopback stand-in for Graph.
//!
//! Not criterion: on a shared two-core machine, throughput drifts by more
//! than the difference being measured. So the sides take turns in short
//! blocks of calls (a few milliseconds each, alternating which goes first),
//! a round adds up each side's blocks, and the report is the median over
//! rounds of each round's ratio ours / floor.
//!
//! ```sh
//! cargo bench -p waba-bench --bench client                 # 10 rounds
//! cargo bench -p waba-bench --bench client -- --rounds 20
//! # Calibration: the floor against a second floor client (expect 1.00x):
//! cargo bench -p waba-bench --bench client -- --null --rounds 20
//! # One side of one case alone, on one thread, for a profiler:
//! cargo bench -p waba-bench --bench client -- --profile node ours 5000
//! ```

use std::time::{Duration, Instant};

use waba_bench::client::{self as cases, Case, Floor, Side};
use waba_bench::server;

/// How long one block of calls of one side takes, about: the unit that
/// alternates between the sides. Short, so both see the same machine.
const BLOCK: Duration = Duration::from_millis(5);
/// Blocks per side per case per round.
const BLOCKS: usize = 40;
/// How long each side of each case warms up before calibration.
const WARM_UP: Duration = Duration::from_millis(500);

fn main() {
    // `cargo bench` passes `--bench`; nothing else is expected from it.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|arg| arg != "--bench")
        .collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        [] => compare(10, false),
        ["--rounds", n] => compare(n.parse().expect("--rounds takes a number"), false),
        ["--null"] => compare(10, true),
        ["--null", "--rounds", n] => compare(n.parse().expect("--rounds takes a number"), true),
        ["--profile", case, side, calls] => profile(
            Case::from_name(case).expect("case: node, list or concurrent"),
            Side::from_name(side).expect("side: ours or floor"),
            calls.parse().expect("a number of calls"),
        ),
        _ => {
            eprintln!(
                "usage: client [--null] [--rounds N] | --profile <node|list|concurrent> <ours|floor> <calls>"
            );
            std::process::exit(2);
        }
    }
}

/// Runs `calls` calls of one side on a current-thread runtime (server
/// included), so a profiler sees one deterministic thread of work.
fn profile(case: Case, side: Side, calls: u64) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    rt.block_on(async {
        let base = cases::stand_in(server::Options::default()).await;
        let (ours, floor) = (cases::ours(&base), Floor::new(&base));
        cases::run(case, side, calls, &ours, &floor).await;
    });
}

/// Both sides of every case, `rounds` times, then the report. With `null`,
/// the "ours" side is a second, separate floor client: what the harness
/// reports for two identical clients is its own bias and noise.
fn compare(rounds: usize, null: bool) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    check_same_requests(&rt);

    let base = rt.block_on(cases::stand_in(server::Options::default()));
    let (ours, floor) = (cases::ours(&base), Floor::new(&base));
    let other_floor = Floor::new(&base);
    let time = |case: Case, side: Side, calls: u64| {
        // The same work for either slot, null run or not: two handle clones
        // and one choice, so that bookkeeping adds no bias of its own.
        let floor = match side {
            Side::Ours if null => other_floor.clone(),
            _ => floor.clone(),
        };
        let side = if null { Side::Floor } else { side };
        let ours = ours.clone();
        rt.block_on(async move {
            // On a worker, like an application's tasks, not on this thread.
            tokio::spawn(async move {
                let start = Instant::now();
                cases::run(case, side, calls, &ours, &floor).await;
                start.elapsed()
            })
            .await
            .expect("the run does not panic")
        })
    };

    // Warm both sides up (connections, allocator, caches) and size each
    // case's block to about `BLOCK`, from the faster side's rate.
    let blocks: Vec<u64> = Case::ALL
        .iter()
        .map(|&case| {
            let probe = Case::CONCURRENCY as u64;
            let mut fastest = 0f64;
            for side in [Side::Ours, Side::Floor] {
                let start = Instant::now();
                let mut calls = 0;
                while start.elapsed() < WARM_UP {
                    time(case, side, probe);
                    calls += probe;
                }
                fastest = fastest.max(calls as f64 / start.elapsed().as_secs_f64());
            }
            if case == Case::Concurrent {
                // Longer, so ramping the 64 tasks up and down stays small
                // next to the time they all run; and every task makes the
                // same number of calls.
                let calls = (fastest * 4.0 * BLOCK.as_secs_f64()) as u64;
                let tasks = Case::CONCURRENCY as u64;
                (calls / tasks).max(1) * tasks
            } else {
                ((fastest * BLOCK.as_secs_f64()) as u64).max(1)
            }
        })
        .collect();

    let mut samples: Vec<Vec<(f64, f64)>> = vec![Vec::new(); Case::ALL.len()];
    for _ in 0..rounds {
        for (i, &case) in Case::ALL.iter().enumerate() {
            let calls = blocks[i];
            let (mut ours_time, mut floor_time) = (Duration::ZERO, Duration::ZERO);
            for block in 0..BLOCKS {
                // Alternate which side goes first, so neither always runs
                // on a machine the other just warmed or loaded.
                if block % 2 == 0 {
                    ours_time += time(case, Side::Ours, calls);
                    floor_time += time(case, Side::Floor, calls);
                } else {
                    floor_time += time(case, Side::Floor, calls);
                    ours_time += time(case, Side::Ours, calls);
                }
            }
            let per_second = |elapsed: Duration| {
                (BLOCKS as u64 * calls * case.items_per_call()) as f64 / elapsed.as_secs_f64()
            };
            samples[i].push((per_second(ours_time), per_second(floor_time)));
        }
        eprint!(".");
    }
    eprintln!();

    if null {
        println!(
            "null run: \"ours\" is a second floor client; the ratios are the harness's own bias"
        );
    }
    println!(
        "{rounds} rounds of {BLOCKS} alternating blocks of ~{} ms per side per case; \
         medians over rounds; ratio = ours / floor (min..max over rounds)",
        BLOCK.as_millis()
    );
    println!(
        "{:<30} {:>16} {:>16} {:>8}   spread",
        "case", "ours", "floor", "ratio"
    );
    for (i, case) in Case::ALL.iter().enumerate() {
        let ratios: Vec<f64> = samples[i].iter().map(|(o, f)| o / f).collect();
        let ours: Vec<f64> = samples[i].iter().map(|(o, _)| *o).collect();
        let floor: Vec<f64> = samples[i].iter().map(|(_, f)| *f).collect();
        let (low, high) = ratios
            .iter()
            .fold((f64::INFINITY, 0f64), |(l, h), &r| (l.min(r), h.max(r)));
        println!(
            "{:<30} {:>8.1} k {:<7} {:>8.1} k {:<7} {:>6.3}x   {low:.3}..{high:.3}",
            case.describe(),
            median(&ours) / 1e3,
            case.unit(),
            median(&floor) / 1e3,
            case.unit(),
            median(&ratios),
        );
    }
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    if sorted.len() % 2 == 0 {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    } else {
        sorted[mid]
    }
}

/// Both sides must send the same request: same method, path, query and
/// headers (order aside). Checked once per run, on a recording server.
fn check_same_requests(rt: &tokio::runtime::Runtime) {
    let record = server::Recorded::default();
    let base = rt.block_on(cases::stand_in(server::Options {
        record: Some(record.clone()),
        ..Default::default()
    }));
    let (ours, floor) = (cases::ours(&base), Floor::new(&base));
    for case in [Case::Node, Case::List] {
        rt.block_on(cases::run(case, Side::Ours, 1, &ours, &floor));
        rt.block_on(cases::run(case, Side::Floor, 1, &ours, &floor));
        let heads = std::mem::take(&mut *record.lock().expect("not poisoned"));
        let [ours_head, floor_head] = &heads[..] else {
            panic!("expected two requests, got {heads:?}")
        };
        let sorted = |head: &str| {
            let mut lines: Vec<String> = head.lines().map(str::to_owned).collect();
            lines[1..].sort();
            lines
        };
        assert_eq!(
            sorted(ours_head),
            sorted(floor_head),
            "{case:?}: the floor must send what the client sends"
        );
    }
}
