/// Binary search over a sorted log of sequence numbers.
#[anguard::an_encode]
pub mod search {
    /// The first index whose entry is `>= key`.
    pub fn lower_bound(sorted: &[u32], key: u32) -> u32 {
        let mut lo: u32 = 0;
        let mut hi = sorted.len() as u32;
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if sorted[mid as usize] < key {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    pub fn contains(sorted: &[u32], key: u32) -> bool {
        let at = lower_bound(sorted, key);
        (at as usize) < sorted.len() && sorted[at as usize] == key
    }

    /// The entries in `[from, to)`, by two searches.
    pub fn between(sorted: &[u32], from: u32, to: u32) -> Vec<u32> {
        let start = lower_bound(sorted, from);
        let end = lower_bound(sorted, to).max(start);
        sorted[start as usize..end as usize].to_vec()
    }

    /// Integer square root by bisection on the answer.
    pub fn isqrt(n: u32) -> u32 {
        let (mut lo, mut hi): (u32, u32) = (0, 65_536);
        while hi - lo > 1 {
            let mid = (lo + hi) / 2;
            if mid * mid <= n {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        lo
    }
}
