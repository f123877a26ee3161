//! A mock interview over one deck: questions drawn at random (weighted toward weak and
//! never-rehearsed cards), each answered aloud against a countdown with nothing revealed,
//! then self-graded at the end; each grade is a normal review.

use std::time::Duration;

use super::answers::{save_answer, saved_message};
use super::grading::{self, GradeGiven};
use crate::clock::Now;
use crate::domain::{Card, DeckId, Kind, Origin};
use crate::error::{Error, Result};
use crate::report::summary::{MockAnswer, MockSummary};
use crate::schedule::Mode;
use crate::schedule::Rules;
use crate::schedule::interview_draw::{MockCandidate, draw};
use crate::store::Store;
use crate::ui::prompt::{BackAction, CardView, MockResult, Prompt};

/// What a mock interview asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct MockConfig {
    pub deck: DeckId,
    pub questions: usize,
    pub limit: Duration,
    pub kinds: Vec<Kind>,
    pub seed: u64,
}

/// The cards a mock may draw from, in drawing order for `config.seed`.
pub fn draw_questions(store: &Store, config: &MockConfig, today: chrono::NaiveDate) -> Result<Vec<Card>> {
    let mut cards: Vec<Card> = store
        .active_cards(config.deck, None)?
        .into_iter()
        .filter(|c| config.kinds.contains(&c.kind))
        .collect();
    if cards.is_empty() {
        let kinds: Vec<&str> = config.kinds.iter().map(|k| k.as_str()).collect();
        return Err(Error::NothingToAsk {
            deck: store.deck(config.deck)?.name,
            kinds: kinds.join(" or "),
        });
    }
    let rehearsed = store.rehearsed_cards(config.deck)?;
    let model = store.fsrs_model()?;
    let candidates: Vec<MockCandidate> = cards
        .iter()
        .map(|c| MockCandidate {
            id: c.id,
            recall: Rules::of(c, &model).recall_estimate(&c.progress, today),
            lapses: c.progress.lapses,
            rehearsed: rehearsed.contains(&c.id),
        })
        .collect();
    let order = draw(
        &candidates,
        config.questions,
        &mut crate::schedule::seeded::Seeded::new(config.seed),
    );
    let mut drawn = Vec::with_capacity(order.len());
    for id in order {
        if let Some(pos) = cards.iter().position(|c| c.id == id) {
            drawn.push(cards.swap_remove(pos));
        }
    }
    Ok(drawn)
}

/// Runs the mock over the `drawn` questions (from [`draw_questions`]): every answer is
/// stored as it is given, every grade as it is given. While grading, the user may write
/// the prepared answer they compare with, or leave an answer ungraded.
pub fn run(
    store: &mut Store,
    prompt: &mut dyn Prompt,
    config: &MockConfig,
    drawn: &[Card],
    now: Now,
) -> Result<MockSummary> {
    let today = now.today();
    let limit_seconds = u32::try_from(config.limit.as_secs().max(1)).unwrap_or(u32::MAX);
    let run = store.start_mock(config.deck, &now.stamp(), today, config.seed, limit_seconds)?;
    let mut answered: Vec<(i64, Card, MockAnswer)> = Vec::new();
    let mut stopped_early = false;
    for (i, card) in drawn.iter().enumerate() {
        let view = CardView::of(card, i + 1, drawn.len(), false);
        let timed = prompt.timed_answer(&view, config.limit)?;
        if timed.aborted {
            stopped_early = true;
            break;
        }
        let elapsed_ms = timed.elapsed.as_millis() as u64;
        let answer_id = store.record_mock_answer(run, card.id, i + 1, elapsed_ms, timed.timed_out)?;
        answered.push((
            answer_id,
            card.clone(),
            MockAnswer {
                card: card.id,
                front: card.front(),
                elapsed: timed.elapsed,
                timed_out: timed.timed_out,
                grade: None,
            },
        ));
    }
    let total = answered.len();
    'grading: for (i, (answer_id, card, answer)) in answered.iter_mut().enumerate() {
        loop {
            let result = MockResult {
                card: CardView::of(card, i + 1, total, false),
                elapsed: answer.elapsed,
                limit: config.limit,
                timed_out: answer.timed_out,
            };
            match prompt.self_grade(&result)? {
                BackAction::Grade(grade) => {
                    let given = GradeGiven {
                        card: card.id,
                        grade,
                        mode: Mode::Mock,
                        origin: Origin::Mock,
                        day: today,
                        stamp: now.stamp(),
                        took: Some(answer.elapsed),
                    };
                    let logged = grading::record(store, &given)?.logged;
                    store.link_mock_grade(*answer_id, logged.id)?;
                    answer.grade = Some(grade);
                    break;
                }
                BackAction::Edit => match prompt.edit_answer(&result.card, &card.answer) {
                    Ok(Some(text)) => {
                        let saved = save_answer(store, card.id, &card.answer, &text, &now.stamp())?;
                        *card = store.card(card.id)?;
                        prompt.say(saved_message(saved));
                    }
                    Ok(None) => {}
                    Err(e) if e.is_editor_problem() => prompt.say(&e.in_session()),
                    Err(e) => return Err(e),
                },
                BackAction::Skip => break,
                BackAction::Quit => {
                    stopped_early = true;
                    break 'grading;
                }
                // Keys of a review session that a mock's grading does not offer.
                BackAction::Suspend | BackAction::Undo | BackAction::Link => {}
            }
        }
    }
    if !stopped_early {
        store.complete_mock(run)?;
    }
    Ok(MockSummary {
        run,
        drawn: drawn.len(),
        answers: answered.into_iter().map(|(_, _, a)| a).collect(),
        stopped_early,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{CardId, Grade};
    use crate::ui::prompt::Timed;
    use crate::ui::scripted::ScriptedPrompt;

    fn store() -> Store {
        crate::import::test_store(
            "# Company Profile: Mock Co\n## Common Questions\n- Q one?\n- Q two?\n- Q three?\n- Q four?\n## Key Talking Points\n- A point to make\n",
        )
    }

    fn config(seed: u64) -> MockConfig {
        MockConfig {
            deck: DeckId(1),
            questions: 2,
            limit: Duration::from_secs(120),
            kinds: vec![Kind::Question],
            seed,
        }
    }

    fn now() -> Now {
        Now::parse("2026-03-01T09:00:00+00:00").unwrap()
    }

    #[test]
    fn the_draw_is_repeatable_and_keeps_to_the_kinds_asked() {
        let store = store();
        let first: Vec<CardId> = draw_questions(&store, &config(5), now().today())
            .unwrap()
            .iter()
            .map(|c| c.id)
            .collect();
        let again: Vec<CardId> = draw_questions(&store, &config(5), now().today())
            .unwrap()
            .iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(first, again);
        assert_eq!(first.len(), 2);
        let mut all = config(5);
        all.questions = 10;
        let drawn = draw_questions(&store, &all, now().today()).unwrap();
        assert_eq!(drawn.len(), 4, "only questions, each once");
        assert!(drawn.iter().all(|c| c.kind == Kind::Question));
        all.kinds = vec![Kind::SkillMap];
        assert!(draw_questions(&store, &all, now().today()).is_err());
    }

    #[test]
    fn answers_are_timed_and_grades_recorded_as_reviews() {
        let mut store = store();
        let mut prompt = ScriptedPrompt::new(&["4", "1"]);
        prompt.timed.push_back(Timed {
            elapsed: Duration::from_secs(75),
            timed_out: false,
            aborted: false,
        });
        prompt.timed.push_back(Timed {
            elapsed: Duration::from_secs(120),
            timed_out: true,
            aborted: false,
        });
        let drawn = draw_questions(&store, &config(9), now().today()).unwrap();
        let summary = run(&mut store, &mut prompt, &config(9), &drawn, now()).unwrap();
        assert!(!summary.stopped_early);
        assert_eq!(summary.answers.len(), 2);
        assert!(summary.answers[1].timed_out);
        assert_eq!(prompt.results[0].elapsed, Duration::from_secs(75));
        let first = store.card(summary.answers[0].card).unwrap();
        assert_eq!(
            (first.reviews, first.progress.sm2.interval, first.progress.last_grade),
            (1, 1, Grade::new(4))
        );
        let second = store.card(summary.answers[1].card).unwrap();
        assert_eq!(second.progress.lapses, 1);
        let history = store.mock_history().unwrap()[&DeckId(1)];
        assert_eq!((history.runs, history.answers, history.over_limit), (1, 2, 1));
        assert_eq!(history.mean_answer_ms, Some(97_500.0));
        // The next draw prefers what was not rehearsed yet.
        let rehearsed = store.rehearsed_cards(DeckId(1)).unwrap();
        assert_eq!(rehearsed.len(), 2);
    }

    #[test]
    fn an_answer_can_be_written_while_grading() {
        let mut store = store();
        let mut prompt = ScriptedPrompt::new(&["e", "5", "s"]);
        prompt.edits.push_back("Start with the outage.".to_string());
        for _ in 0..2 {
            prompt.timed.push_back(Timed {
                elapsed: Duration::from_secs(20),
                timed_out: false,
                aborted: false,
            });
        }
        let drawn = draw_questions(&store, &config(4), now().today()).unwrap();
        let summary = run(&mut store, &mut prompt, &config(4), &drawn, now()).unwrap();
        assert_eq!(prompt.messages, vec!["answer saved"]);
        assert_eq!(store.card(drawn[0].id).unwrap().answer, "Start with the outage.");
        assert_eq!(
            prompt.results[1].card.back, "Start with the outage.",
            "shown again with it"
        );
        assert_eq!(summary.answers[0].grade, Grade::new(5));
        assert_eq!(summary.answers[1].grade, None, "s leaves an answer ungraded");
        assert!(!summary.stopped_early);
    }

    #[test]
    fn stopping_keeps_what_was_answered_and_graded() {
        let mut store = store();
        let mut prompt = ScriptedPrompt::new(&["5"]);
        prompt.timed.push_back(Timed {
            elapsed: Duration::from_secs(30),
            timed_out: false,
            aborted: false,
        });
        // The second question is aborted (script runs out).
        let drawn = draw_questions(&store, &config(3), now().today()).unwrap();
        let summary = run(&mut store, &mut prompt, &config(3), &drawn, now()).unwrap();
        assert!(summary.stopped_early);
        assert_eq!(summary.answers.len(), 1);
        assert_eq!(summary.answers[0].grade, Grade::new(5));
        assert_eq!(store.card(summary.answers[0].card).unwrap().reviews, 1);
    }
}
