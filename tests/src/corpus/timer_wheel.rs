/// A hashed timer wheel: alarms in slots by due time modulo the wheel size.
#[anguard::an_encode]
pub mod timer_wheel {
    pub const SLOTS: usize = 8;

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    pub struct Alarm {
        pub id: u32,
        pub at: u32,
    }

    #[derive(Debug, Clone, Default)]
    pub struct Wheel {
        slots: [Vec<Alarm>; SLOTS],
        now: u32,
    }

    impl Wheel {
        pub fn schedule(&mut self, id: u32, at: u32) {
            self.slots[(at % SLOTS as u32) as usize].push(Alarm { id, at });
        }

        pub fn cancel(&mut self, id: u32) -> bool {
            let mut found = false;
            for slot in self.slots.iter_mut() {
                let before = slot.len();
                slot.retain(|alarm| alarm.id != id);
                found |= slot.len() != before;
            }
            found
        }

        /// Advances the clock to `to`, returning the ids that fired, in order.
        pub fn advance(&mut self, to: u32) -> Vec<u32> {
            let mut fired: Vec<u32> = Vec::new();
            while self.now < to {
                self.now += 1;
                let slot = &mut self.slots[(self.now % SLOTS as u32) as usize];
                let (due, later): (Vec<Alarm>, Vec<Alarm>) =
                    slot.drain(..).partition(|alarm| alarm.at <= self.now);
                *slot = later;
                fired.extend(due.iter().map(|alarm| alarm.id));
            }
            fired
        }

        pub fn pending(&self) -> u32 {
            self.slots.iter().map(|slot| slot.len() as u32).sum()
        }
    }
}
