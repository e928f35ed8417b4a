//! Times the engine natively on a HAR file, for `./build.sh bench`.
//!
//! `cargo run --release --example bench_native -- FILE.har [RUNS]` prints
//! one JSON line: the median milliseconds of `analyze_har` and the counts.

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: bench_native FILE.har [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        eprintln!("bench_native: {path}: {e}");
        std::process::exit(2);
    });

    let mut times = Vec::with_capacity(runs);
    let mut findings = 0;
    for _ in 0..runs {
        let started = Instant::now();
        let analysis = looker_api_doctor::analyze_har(&bytes).expect("the benchmark HAR reads");
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        findings = analysis.findings.len();
    }
    times.sort_by(f64::total_cmp);

    println!(
        "{{\"medianMs\":{:.1},\"bytes\":{},\"findings\":{findings},\"runs\":{runs}}}",
        times[times.len() / 2],
        bytes.len()
    );
}
