// Indexing with u32, slicing, and ranges over u32 (forward and reversed).
#[anguard::an_encode]
pub mod m {
    use std::collections::BTreeMap;

    pub fn walk(v: &[u32], n: u32) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::new();
        for i in 0..n {
            out.push(v[i as usize]);
        }
        for i in (1..=n).rev() {
            out.push(v[(i - 1) as usize] * 2);
        }
        for i in 0..v.len() / 2 {
            out.push(v[i] + v[v.len() - 1 - i]);
        }
        out.extend_from_slice(&v[1..n as usize]);
        out.extend(v.get(0).copied());
        out.extend((0..n).map(|i| i + 100));
        out.push((2..n).len() as u32);
        for i in (u32::MAX - n)..=u32::MAX {
            out.push(i);
        }
        out.extend((n..=n + 2).rev());
        out.push((n..=n).count() as u32);
        out.push((0..n).contains(&1) as u32);
        out
    }

    pub fn map(keys: &[u32]) -> u32 {
        let mut m: BTreeMap<u32, u32> = BTreeMap::new();
        for &k in keys {
            *m.entry(k).or_insert(0) += k;
        }
        m[&keys[0]]
    }
}

fn main() {
    use anguard::AnU32;
    let v = [3u32, 1, 4, 1, 5];
    let e: Vec<AnU32> = v.iter().copied().map(AnU32::encode).collect();
    let decoded: Vec<u32> = m::encoded::walk(&e, AnU32::encode(4))
        .into_iter()
        .map(AnU32::decode)
        .collect();
    assert_eq!(m::plain::walk(&v, 4), decoded);
    assert_eq!(m::plain::map(&v), m::encoded::map(&e).decode());
}
