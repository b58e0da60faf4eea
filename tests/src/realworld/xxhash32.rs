/// The XXH32 core as twox-hash's early releases wrote it: `Wrapping<u32>`
/// lanes, `from_le_bytes` over 4-byte chunks, the seeds from a slice of
/// primes.
#[anguard::an_encode]
pub mod xxhash32 {
    use std::num::Wrapping;

    const PRIME_1: u32 = 2_654_435_761;
    const PRIME_2: u32 = 2_246_822_519;
    const PRIME_3: u32 = 3_266_489_917;
    const PRIME_4: u32 = 668_265_263;
    const PRIME_5: u32 = 374_761_393;

    fn read_u32(bytes: &[u8]) -> u32 {
        u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]])
    }

    #[inline]
    fn round(acc: Wrapping<u32>, lane: u32) -> Wrapping<u32> {
        let acc = acc + Wrapping(lane) * Wrapping(PRIME_2);
        Wrapping(acc.0.rotate_left(13)) * Wrapping(PRIME_1)
    }

    fn lanes(seed: u32, offsets: &[u32]) -> [Wrapping<u32>; 4] {
        let mut v = [Wrapping(0); 4];
        for (lane, &offset) in v.iter_mut().zip(offsets) {
            *lane = Wrapping(seed) + Wrapping(offset);
        }
        v
    }

    pub fn xxh32(data: &[u8], seed: u32) -> u32 {
        let len = data.len();
        let mut rest = data;
        let mut h: Wrapping<u32>;
        if len >= 16 {
            let mut v = lanes(
                seed,
                &[
                    PRIME_1.wrapping_add(PRIME_2),
                    PRIME_2,
                    0,
                    0u32.wrapping_sub(PRIME_1),
                ],
            );
            while rest.len() >= 16 {
                for (i, lane) in v.iter_mut().enumerate() {
                    *lane = round(*lane, read_u32(&rest[4 * i..]));
                }
                rest = &rest[16..];
            }
            h = Wrapping(v[0].0.rotate_left(1))
                + Wrapping(v[1].0.rotate_left(7))
                + Wrapping(v[2].0.rotate_left(12))
                + Wrapping(v[3].0.rotate_left(18));
        } else {
            h = Wrapping(seed) + Wrapping(PRIME_5);
        }
        h += Wrapping(len as u32);
        while rest.len() >= 4 {
            h += Wrapping(read_u32(rest)) * Wrapping(PRIME_3);
            h = Wrapping(h.0.rotate_left(17)) * Wrapping(PRIME_4);
            rest = &rest[4..];
        }
        for &byte in rest {
            h += Wrapping(byte as u32) * Wrapping(PRIME_5);
            h = Wrapping(h.0.rotate_left(11)) * Wrapping(PRIME_1);
        }
        h ^= h >> 15;
        h *= Wrapping(PRIME_2);
        h ^= h >> 13;
        h *= Wrapping(PRIME_3);
        h ^= h >> 16;
        h.0
    }
}
