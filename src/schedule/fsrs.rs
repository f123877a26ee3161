//! FSRS beside SM-2 (SPEC "FSRS"), through the `fsrs` crate: a card's memory stepped by
//! each grade, the interval it asks for at the desired retention, its retrievability on a
//! given day, and fitting the model's parameters to the user's own review log.

use chrono::NaiveDate;
use fsrs::{ComputeParametersInput, FSRS, FSRSItem, FSRSReview, MemoryState};

use crate::domain::card::MAX_INTERVAL;
use crate::domain::{Grade, Memory};

/// Recall FSRS schedules for unless configured.
pub const DEFAULT_RETENTION: f64 = 0.9;

/// The desired retentions a user may set: below, reviews grow rare and most cards are
/// forgotten; above, the reviews needed grow without bound.
pub const RETENTION_RANGE: std::ops::RangeInclusive<f64> = 0.7..=0.99;

/// Reviews made a day or more after the same card's previous one that fitting needs
/// (below this the fitted parameters are mostly noise).
pub const REVIEWS_TO_FIT: usize = 400;

/// FSRS-6 with a set of parameters and a desired retention.
#[derive(Debug, Clone)]
pub struct Model {
    fsrs: FSRS,
    parameters: Vec<f32>,
    retention: f32,
}

impl Default for Model {
    /// FSRS-6's default parameters at 90% desired retention.
    fn default() -> Model {
        Model {
            fsrs: FSRS::default(),
            parameters: fsrs::DEFAULT_PARAMETERS.to_vec(),
            retention: DEFAULT_RETENTION as f32,
        }
    }
}

/// FSRS-6's defaults, made once: what a database without fitted parameters uses.
#[must_use]
pub fn default_model() -> &'static Model {
    static DEFAULT: std::sync::LazyLock<Model> = std::sync::LazyLock::new(Model::default);
    &DEFAULT
}

/// Parameters or a retention FSRS cannot use.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ModelError {
    #[error("the FSRS parameters are not 21 finite numbers FSRS-6 accepts")]
    Parameters,
    #[error("a desired retention of {0} is outside 0.70-0.99")]
    Retention(f64),
}

impl Model {
    /// FSRS-6 with `parameters` (FSRS-6's 21, or none for the defaults) aiming for
    /// `desired_retention`.
    pub fn new(parameters: &[f32], desired_retention: f64) -> Result<Model, ModelError> {
        if !RETENTION_RANGE.contains(&desired_retention) {
            return Err(ModelError::Retention(desired_retention));
        }
        let parameters = if parameters.is_empty() {
            fsrs::DEFAULT_PARAMETERS.to_vec()
        } else {
            parameters.to_vec()
        };
        if parameters.len() != fsrs::DEFAULT_PARAMETERS.len() || parameters.iter().any(|p| !p.is_finite()) {
            return Err(ModelError::Parameters);
        }
        let fsrs = FSRS::new(&parameters).map_err(|_| ModelError::Parameters)?;
        Ok(Model {
            fsrs,
            parameters,
            retention: desired_retention as f32,
        })
    }

    #[must_use]
    pub fn parameters(&self) -> &[f32] {
        &self.parameters
    }

    #[must_use]
    pub fn desired_retention(&self) -> f64 {
        f64::from(self.retention)
    }

    /// The memory after a grade given on `today`, from the memory before it (`None` for a
    /// card never graded). Grades map 0–2 → Again, 3 → Hard, 4 → Good, 5 → Easy.
    #[must_use]
    pub fn remember(&self, before: Option<Memory>, grade: Grade, today: NaiveDate) -> Memory {
        let (state, elapsed) = match before {
            Some(m) => (Some(state_of(m)), days_between(m.day, today)),
            None => (None, 0),
        };
        let stepped = self.fsrs.next_states(state, self.retention, elapsed).map(|next| {
            match rating(grade) {
                1 => next.again,
                2 => next.hard,
                3 => next.good,
                _ => next.easy,
            }
            .memory
        });
        match stepped {
            Ok(memory) => Memory {
                stability: f64::from(memory.stability),
                difficulty: f64::from(memory.difficulty),
                day: today,
            },
            // FSRS refuses only a state that is not finite: the card starts over.
            Err(_) if before.is_some() => self.remember(None, grade, today),
            Err(_) => Memory {
                stability: f64::from(self.parameters[2]),
                difficulty: 5.0,
                day: today,
            },
        }
    }

    /// FSRS's estimate of the memory of a card reviewed before prepdeck kept one, from its
    /// SM-2 ease and interval (the `fsrs` crate's migration from SM-2); `None` for a card
    /// never reviewed.
    #[must_use]
    pub fn memory_from_sm2(&self, progress: &crate::domain::Progress) -> Option<Memory> {
        let day = progress.last_reviewed?;
        let state = self
            .fsrs
            .memory_state_from_sm2(progress.sm2.ease as f32, progress.sm2.interval.max(1) as f32, 0.9)
            .ok()?;
        Some(Memory {
            stability: f64::from(state.stability),
            difficulty: f64::from(state.difficulty),
            day,
        })
    }

    /// The card's memory as kept, or estimated from SM-2 for an older history.
    #[must_use]
    pub fn memory_of(&self, progress: &crate::domain::Progress) -> Option<Memory> {
        progress.memory.or_else(|| self.memory_from_sm2(progress))
    }

    /// The interval FSRS asks for after reaching `memory`: the days until recall falls to
    /// the desired retention, at least one and at most the interval cap.
    #[must_use]
    pub fn interval(&self, memory: Memory) -> u32 {
        let days = self
            .fsrs
            .next_interval(Some(memory.stability as f32), self.retention, 3)
            .round();
        if days.is_nan() || days < 1.0 {
            1
        } else if days >= MAX_INTERVAL as f32 {
            MAX_INTERVAL
        } else {
            days as u32
        }
    }

    /// The chance of recalling the card on `day` (retrievability): 1 on the day of its
    /// last review and before it.
    #[must_use]
    pub fn recall(&self, memory: Memory, day: NaiveDate) -> f64 {
        let decay = self.parameters.get(20).copied().unwrap_or(fsrs::FSRS6_DEFAULT_DECAY);
        let elapsed = days_between(memory.day, day) as f32;
        let r = fsrs::current_retrievability(state_of(memory), elapsed, decay);
        if r.is_finite() {
            f64::from(r.clamp(0.0, 1.0))
        } else {
            0.0
        }
    }
}

/// One card's log as fitting reads it: each grade and its day, oldest first.
pub type History = Vec<(NaiveDate, Grade)>;

/// Why parameters could not be fitted.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FitError {
    #[error("fitting needs {needed} reviews made a day or more after the card's previous one; the log has {have}")]
    NotEnough { have: usize, needed: usize },
    #[error("FSRS could not fit parameters to this log ({0})")]
    Failed(String),
    /// FSRS set aside every history as too short or unusual and gave back its defaults.
    #[error("FSRS learned nothing from this log and kept its default parameters")]
    LearnedNothing,
}

/// How much of FSRS-6 a fit learned from the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Every parameter.
    All,
    /// Only the first four (how long a card is remembered after its first grade): too few
    /// histories go on past that for the rest, which keep FSRS-6's defaults.
    FirstStabilities,
}

/// What `fit` learned in `parameters` (FSRS leaves the ones it could not learn at their
/// defaults, silently).
#[must_use]
pub fn reach(parameters: &[f32]) -> Reach {
    if parameters.get(4..) == fsrs::DEFAULT_PARAMETERS.get(4..) {
        Reach::FirstStabilities
    } else {
        Reach::All
    }
}

/// The reviews fitting can learn from: those made a day or more after the same card's
/// previous review.
#[must_use]
pub fn reviews_to_learn_from(histories: &[History]) -> usize {
    histories
        .iter()
        .map(|h| h.windows(2).filter(|w| w[1].0 > w[0].0).count())
        .sum()
}

/// Fits FSRS-6's parameters to the given histories (one per card), or says how many more
/// reviews are needed.
pub fn fit(histories: &[History]) -> Result<Vec<f32>, FitError> {
    let have = reviews_to_learn_from(histories);
    if have < REVIEWS_TO_FIT {
        return Err(FitError::NotEnough {
            have,
            needed: REVIEWS_TO_FIT,
        });
    }
    let mut train_set = Vec::new();
    for history in histories {
        let mut reviews = Vec::with_capacity(history.len());
        let mut previous: Option<NaiveDate> = None;
        for &(day, grade) in history {
            let delta_t = previous.map_or(0, |p| days_between(p, day));
            reviews.push(FSRSReview {
                rating: rating(grade),
                delta_t,
            });
            previous = Some(day);
            // Each review after the first is one thing to predict, given the ones before.
            if reviews.len() > 1 && reviews.iter().skip(1).any(|r| r.delta_t > 0) {
                train_set.push(FSRSItem {
                    reviews: reviews.clone(),
                });
            }
        }
    }
    let parameters = fsrs::compute_parameters(ComputeParametersInput {
        train_set,
        ..ComputeParametersInput::default()
    })
    .map_err(|e| FitError::Failed(format!("{e:?}")))?;
    // The library returns its defaults when too few histories are left once it has set
    // outliers aside: nothing was fitted, whatever the count of reviews.
    if parameters == fsrs::DEFAULT_PARAMETERS {
        return Err(FitError::LearnedNothing);
    }
    Ok(parameters)
}

/// FSRS's rating for a SuperMemo grade: 0–2 → Again (1), 3 → Hard, 4 → Good, 5 → Easy.
#[must_use]
pub fn rating(grade: Grade) -> u32 {
    match grade.value() {
        0..=2 => 1,
        3 => 2,
        4 => 3,
        _ => 4,
    }
}

fn state_of(memory: Memory) -> MemoryState {
    MemoryState {
        stability: memory.stability as f32,
        difficulty: memory.difficulty as f32,
    }
}

/// Whole days from `from` to `to`; none when the clock went backwards.
fn days_between(from: NaiveDate, to: NaiveDate) -> u32 {
    u32::try_from((to - from).num_days()).unwrap_or(0)
}

/// The range FSRS-6 keeps each of its 21 parameters in (the `fsrs` crate's parameter
/// clipper, with the widest ceiling for the two relearning parameters, w17 and w18).
pub const PARAMETER_BOUNDS: [(f32, f32); 21] = [
    (0.001, 100.0),
    (0.001, 100.0),
    (0.001, 100.0),
    (0.001, 100.0),
    (1.0, 10.0),
    (0.001, 4.0),
    (0.001, 4.0),
    (0.001, 0.75),
    (0.0, 4.5),
    (0.0, 0.8),
    (0.001, 3.5),
    (0.001, 5.0),
    (0.001, 0.25),
    (0.001, 0.9),
    (0.0, 4.0),
    (0.0, 1.0),
    (1.0, 6.0),
    (0.0, 2.0),
    (0.0, 2.0),
    (0.0, 0.8),
    (0.1, 0.8),
];

/// Checks fitted parameters against [`PARAMETER_BOUNDS`]: FSRS-6's 21 numbers, each in its
/// range (none, for the defaults, is fine too); or says which is not.
pub fn check_parameters(parameters: &[f32]) -> Result<(), String> {
    if parameters.is_empty() {
        return Ok(());
    }
    if parameters.len() != PARAMETER_BOUNDS.len() {
        return Err(format!("{} parameters, not FSRS-6's 21", parameters.len()));
    }
    for (i, (&w, (low, high))) in parameters.iter().zip(PARAMETER_BOUNDS).enumerate() {
        if !(w.is_finite() && (low..=high).contains(&w)) {
            return Err(format!("w{i} is {w:?}, outside FSRS-6's {low} to {high}"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::testing::{day, grade};

    #[test]
    fn fsrs_defaults_are_within_bounds_and_absurd_parameters_are_not() {
        assert_eq!(check_parameters(&fsrs::DEFAULT_PARAMETERS), Ok(()));
        assert_eq!(check_parameters(&[]), Ok(()));
        for absurd in [1e30, -1.0, 0.0, f32::NAN] {
            assert!(check_parameters(&[absurd; 21]).is_err(), "{absurd}");
        }
        let mut one_off = fsrs::DEFAULT_PARAMETERS;
        one_off[4] = 0.5;
        assert_eq!(
            check_parameters(&one_off),
            Err("w4 is 0.5, outside FSRS-6's 1 to 10".to_string())
        );
        assert!(check_parameters(&fsrs::DEFAULT_PARAMETERS[..19]).is_err());
    }

    #[test]
    fn a_first_grade_starts_from_fsrs_initial_stability() {
        let model = Model::default();
        let good = model.remember(None, grade(4), day("2026-03-01"));
        assert!((good.stability - f64::from(fsrs::DEFAULT_PARAMETERS[2])).abs() < 1e-6);
        assert_eq!(good.day, day("2026-03-01"));
        let again = model.remember(None, grade(0), day("2026-03-01"));
        assert!(again.stability < good.stability);
        assert!(again.difficulty > good.difficulty);
    }

    #[test]
    fn recall_is_ninety_percent_after_one_stability() {
        let model = Model::default();
        let memory = Memory {
            stability: 10.0,
            difficulty: 5.0,
            day: day("2026-03-01"),
        };
        assert!((model.recall(memory, day("2026-03-11")) - 0.9).abs() < 1e-4);
        assert!((model.recall(memory, day("2026-03-01")) - 1.0).abs() < 1e-9);
        assert!(
            (model.recall(memory, day("2026-02-01")) - 1.0).abs() < 1e-9,
            "a clock gone back"
        );
        // At 90% desired retention the interval is the stability.
        assert_eq!(model.interval(memory), 10);
    }

    #[test]
    fn a_successful_review_grows_stability_and_a_lapse_shrinks_it() {
        let model = Model::default();
        let first = model.remember(None, grade(4), day("2026-03-01"));
        let passed = model.remember(Some(first), grade(4), day("2026-03-03"));
        let failed = model.remember(Some(passed), grade(1), day("2026-03-13"));
        assert!(passed.stability > first.stability);
        assert!(failed.stability < passed.stability);
        assert!(model.interval(failed) < model.interval(passed));
    }

    #[test]
    fn a_higher_retention_asks_for_shorter_intervals() {
        let memory = Memory {
            stability: 30.0,
            difficulty: 5.0,
            day: day("2026-03-01"),
        };
        let strict = Model::new(&[], 0.97).unwrap();
        assert!(strict.interval(memory) < Model::default().interval(memory));
    }

    #[test]
    fn bad_parameters_and_retentions_are_refused() {
        assert_eq!(Model::new(&[1.0; 5], 0.9).unwrap_err(), ModelError::Parameters);
        assert_eq!(Model::new(&[f32::NAN; 21], 0.9).unwrap_err(), ModelError::Parameters);
        assert_eq!(Model::new(&[], 0.5).unwrap_err(), ModelError::Retention(0.5));
        assert!(Model::new(fsrs::DEFAULT_PARAMETERS.as_slice(), 0.85).is_ok());
    }

    #[test]
    fn grades_map_to_fsrs_ratings() {
        let ratings: Vec<u32> = (0..=5).map(|g| rating(grade(g))).collect();
        assert_eq!(ratings, vec![1, 1, 1, 2, 3, 4]);
    }

    /// A learner who recalls every card with FSRS's default model and rates it by a fixed
    /// pattern: enough reviews to fit.
    fn simulated_histories(cards: usize) -> Vec<History> {
        let model = Model::default();
        let start = day("2026-01-01");
        (0..cards)
            .map(|c| {
                let mut history = Vec::new();
                let mut memory = None;
                let mut today = start + chrono::Days::new((c % 20) as u64);
                for step in 0..6 {
                    // Every seventh answer forgotten, the rest rated good or easy.
                    let g = if (c + step) % 7 == 0 {
                        1
                    } else if (c + step) % 3 == 0 {
                        5
                    } else {
                        4
                    };
                    let m = model.remember(memory, grade(g), today);
                    history.push((today, grade(g)));
                    memory = Some(m);
                    today = today + chrono::Days::new(u64::from(model.interval(m)));
                }
                history
            })
            .collect()
    }

    #[test]
    fn fitting_a_long_enough_log_gives_parameters_fsrs_accepts() {
        let histories = simulated_histories(90);
        assert!(reviews_to_learn_from(&histories) >= REVIEWS_TO_FIT);
        let fitted = fit(&histories).unwrap();
        assert_eq!(fitted.len(), 21);
        let model = Model::new(&fitted, 0.9).unwrap();
        assert_ne!(
            model.parameters(),
            fsrs::DEFAULT_PARAMETERS.as_slice(),
            "fitted, not the defaults"
        );
    }

    /// Many reviews, but no two cards alike in their first grade and second day: FSRS sets
    /// every history aside as an outlier and hands back its defaults.
    #[test]
    fn a_log_fsrs_learns_nothing_from_is_said_to_be_one() {
        let start = day("2026-01-01");
        let histories: Vec<History> = (0..120u64)
            .map(|c| {
                let mut today = start;
                let mut history = vec![(today, grade(4))];
                for step in 0..4 {
                    today = today + chrono::Days::new(1 + c + step * 200);
                    history.push((today, grade(4)));
                }
                history
            })
            .collect();
        assert!(reviews_to_learn_from(&histories) >= REVIEWS_TO_FIT);
        assert_eq!(fit(&histories), Err(FitError::LearnedNothing));
    }

    #[test]
    fn a_fit_says_how_much_it_learned() {
        let all = fit(&simulated_histories(90)).unwrap();
        assert_eq!(reach(&all), Reach::All);
        let mut first = fsrs::DEFAULT_PARAMETERS.to_vec();
        first[0] = 0.5;
        assert_eq!(reach(&first), Reach::FirstStabilities);
    }

    #[test]
    fn fitting_says_how_many_more_reviews_it_needs() {
        let history: History = vec![
            (day("2026-03-01"), grade(4)),
            (day("2026-03-01"), grade(5)),
            (day("2026-03-02"), grade(4)),
            (day("2026-03-08"), grade(3)),
        ];
        assert_eq!(reviews_to_learn_from(std::slice::from_ref(&history)), 2);
        assert_eq!(
            fit(&[history]),
            Err(FitError::NotEnough {
                have: 2,
                needed: REVIEWS_TO_FIT
            })
        );
    }
}
