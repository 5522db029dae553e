//! What the memory of per-item answers (src/fetch/memory.rs) costs: the bytes allocated for
//! 100,000 answers of each kind (termination protection, volume product codes) of one region, as
//! a collect leaves them, counted by this binary's allocator. Prints one `bench: memory ...` line.
//! Run by `make bench`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

/// The system allocator, counting the bytes live.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const ENTRIES: usize = 100_000;

fn main() {
    let before = LIVE.load(Ordering::Relaxed);
    let memory = aws_ec2_collector::filled_memory(ENTRIES);
    // the answers it was filled from are gone: what is left is the memory itself
    let held = LIVE.load(Ordering::Relaxed) - before;
    drop(memory);
    let left = LIVE.load(Ordering::Relaxed) - before;
    let mb = held as f64 / 1e6;
    println!(
        "bench: memory entries={ENTRIES} kinds=2 mb_per_100k_entries={:.1} bytes_per_entry={:.0} freed_on_drop={}",
        mb / 2.0,
        held as f64 / (2 * ENTRIES) as f64,
        left == 0
    );
}
