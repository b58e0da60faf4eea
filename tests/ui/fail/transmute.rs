#[anguard::an_encode]
pub mod m {
    pub fn bits(x: f32) -> u32 {
        unsafe { std::mem::transmute::<f32, u32>(x) }
    }
}

fn main() {}
