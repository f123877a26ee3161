//! Randomness that a stored seed replays exactly: a mock interview keeps its seed and can be
//! drawn again, and `drill --shuffle --seed S` repeats an order. ChaCha8 is specified
//! independently of any library version, and the draws below are made from its raw output
//! here (not through a library's distributions, whose algorithms may change), so the same
//! seed gives the same draw in every build.

use chacha20::ChaCha8Rng;
use rand_core::{Rng as _, SeedableRng};

/// A seeded stream of random draws.
#[derive(Debug)]
pub struct Seeded(ChaCha8Rng);

impl Seeded {
    #[must_use]
    pub fn new(seed: u64) -> Seeded {
        Seeded(ChaCha8Rng::seed_from_u64(seed))
    }

    /// A number in (0, 1), never 0 or 1: 53 random bits, centred in their step.
    pub fn unit(&mut self) -> f64 {
        let bits = self.0.next_u64() >> 11;
        (bits as f64 + 0.5) / (1u64 << 53) as f64
    }

    /// A whole number below `n` (`n` > 0), without modulo bias (Lemire's method).
    pub fn below(&mut self, n: u64) -> u64 {
        assert!(n > 0, "a draw below 0 has no answer");
        loop {
            let wide = u128::from(self.0.next_u64()) * u128::from(n);
            let low = wide as u64;
            // Reject the few low parts that would favour small results.
            if low >= n.wrapping_neg() % n {
                return (wide >> 64) as u64;
            }
        }
    }

    /// Shuffles `items` in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_seed_replays_the_same_draws_in_every_build() {
        // Pinned: a different generator or a different way of drawing fails here, and a
        // mock interview stored with its seed would no longer replay.
        let mut rng = Seeded::new(42);
        let units: Vec<String> = (0..3).map(|_| format!("{:.12}", rng.unit())).collect();
        let mut order: Vec<u32> = (1..=8).collect();
        Seeded::new(7).shuffle(&mut order);
        assert_eq!(units, PINNED_UNITS);
        assert_eq!(order, PINNED_ORDER);
    }

    #[test]
    fn draws_stay_in_their_ranges() {
        let mut rng = Seeded::new(1);
        for _ in 0..10_000 {
            let u = rng.unit();
            assert!(u > 0.0 && u < 1.0);
            assert!(rng.below(3) < 3);
        }
        assert_eq!(rng.below(1), 0);
    }

    const PINNED_UNITS: [&str; 3] = ["0.681896192307", "0.950275407672", "0.427516402857"];
    const PINNED_ORDER: [u32; 8] = [6, 1, 7, 3, 4, 5, 8, 2];
}
