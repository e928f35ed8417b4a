//! Times the engine natively on a HAR file, for `./build.sh bench`.
//!
//! `cargo run --release --example bench_native -- FILE.har [RUNS]` prints
//! one JSON line: the median milliseconds of `analyze_har`, the findings
//! by kind, and the heap it used (peak during a run, kept after it while
//! the analysis is held), counted by a wrapper around the system allocator.
//!
//! With `--serve` instead of RUNS it prints that line without timings, then
//! times one run for each line read on standard input and prints
//! `{"ms":…}`: the benchmark then alternates native runs with the browser's,
//! so that both see the same load on the machine.

use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

/// The system allocator, counting the bytes live and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded unchanged to `System`; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = System.alloc(layout);
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        LIVE.fetch_sub(layout.size(), Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = System.realloc(ptr, layout, new_size);
        if !new.is_null() {
            LIVE.fetch_sub(layout.size(), Relaxed);
            grew(new_size);
        }
        new
    }
}

fn grew(size: usize) {
    let live = LIVE.fetch_add(size, Relaxed) + size;
    PEAK.fetch_max(live, Relaxed);
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: bench_native FILE.har [RUNS]");
        std::process::exit(2);
    };
    let mode = args.next();
    let serve = mode.as_deref() == Some("--serve");
    let runs: usize = match mode {
        Some(_) if serve => 0,
        Some(runs) => runs.parse().unwrap_or(5).max(1),
        None => 5,
    };
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        eprintln!("bench_native: {path}: {e}");
        std::process::exit(2);
    });

    // The first run alone measures memory: the file's bytes are live
    // before it starts and are not counted.
    let before = LIVE.load(Relaxed);
    PEAK.store(before, Relaxed);
    let analysis = analyze(&bytes, &path);
    let peak = PEAK.load(Relaxed) - before;
    let kept = LIVE.load(Relaxed) - before;

    let mut kinds = BTreeMap::new();
    for finding in &analysis.findings {
        *kinds.entry(finding.kind.as_str()).or_insert(0usize) += 1;
    }
    let kinds: Vec<String> = kinds.iter().map(|(k, n)| format!("\"{k}\":{n}")).collect();
    let findings = analysis.findings.len();
    let entries = analysis.summary.entries;
    drop(analysis);

    let mut times: Vec<f64> = (0..runs).map(|_| timed(&bytes, &path)).collect();
    times.sort_by(f64::total_cmp);
    let median = times
        .get(times.len() / 2)
        .map_or("null".into(), |t| format!("{t:.1}"));
    let times: Vec<String> = times.iter().map(|t| format!("{t:.1}")).collect();

    println!(
        "{{\"medianMs\":{median},\"timesMs\":[{}],\"bytes\":{},\"entries\":{entries},\
         \"findings\":{findings},\"kinds\":{{{}}},\"peakHeapBytes\":{peak},\
         \"keptHeapBytes\":{kept},\"runs\":{runs}}}",
        times.join(","),
        bytes.len(),
        kinds.join(","),
    );
    if serve {
        for _ in std::io::stdin().lines().map_while(Result::ok) {
            println!("{{\"ms\":{:.1}}}", timed(&bytes, &path));
        }
    }
}

/// Milliseconds of one analysis, the result dropped outside the timing.
fn timed(bytes: &[u8], path: &str) -> f64 {
    let started = Instant::now();
    let analysis = analyze(bytes, path);
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    drop(analysis);
    ms
}

fn analyze(bytes: &[u8], path: &str) -> looker_api_doctor::Analysis {
    looker_api_doctor::analyze_har(bytes).unwrap_or_else(|e| {
        eprintln!("bench_native: {path}: {e}");
        std::process::exit(2);
    })
}
