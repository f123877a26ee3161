//! Settings of the whole database: the scheduler decks follow by default, and FSRS's
//! parameters and desired retention.

use std::path::Path;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::value::{FittedParameters, Value};
use super::{AtPath, Store};
use crate::domain::Scheduler;
use crate::domain::version::{Field, Register};
use crate::error::{Error, Result};
use crate::schedule::fsrs::{DEFAULT_RETENTION, Model};

/// FSRS's settings as stored.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FsrsSettings {
    /// Parameters fitted by `prepdeck optimize`; empty for FSRS-6's defaults.
    pub parameters: Vec<f32>,
    /// The recall FSRS schedules for; `None` for the default (0.9).
    pub desired_retention: Option<f64>,
    /// When the parameters were fitted, and from how many reviews.
    pub fitted: Option<(NaiveDate, usize)>,
}

/// The settings the user set, each `None` (or empty) where the default applies: what a
/// backup carries, and what a restore merges.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ChosenSettings {
    #[serde(default)]
    pub default_scheduler: Option<Scheduler>,
    #[serde(default)]
    pub desired_retention: Option<f64>,
    /// Fitted by `prepdeck optimize`; empty for FSRS-6's defaults.
    #[serde(default)]
    pub fsrs_parameters: Vec<f32>,
    #[serde(default)]
    pub fitted_on: Option<NaiveDate>,
    #[serde(default)]
    pub fitted_from_reviews: Option<usize>,
}

const SCHEDULER: &str = "scheduler";
const PARAMETERS: &str = "fsrs_parameters";
const RETENTION: &str = "desired_retention";
const FITTED_ON: &str = "fsrs_fitted_on";
const FITTED_FROM: &str = "fsrs_fitted_from";

fn setting(conn: &Connection, path: &Path, key: &str) -> Result<Option<String>> {
    conn.prepare_cached("SELECT value FROM settings WHERE key = ?1")
        .and_then(|mut s| s.query_row([key], |r| r.get(0)).optional())
        .at(path)
}

#[cfg(test)]
fn set_setting(conn: &Connection, path: &Path, key: &str, value: Option<&str>) -> Result<()> {
    match value {
        Some(value) => conn.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2",
            params![key, value],
        ),
        None => conn.execute("DELETE FROM settings WHERE key = ?1", [key]),
    }
    .at(path)?;
    Ok(())
}

fn damaged(path: &Path, reason: String) -> Error {
    Error::BadFsrsSettings {
        path: path.to_path_buf(),
        reason,
    }
}

/// The settings stored in the database, read on any connection (a restore reads them
/// inside its transaction); damaged ones are named, never silently replaced.
pub(super) fn chosen_settings(conn: &Connection, path: &Path) -> Result<ChosenSettings> {
    Ok(ChosenSettings {
        default_scheduler: chosen_scheduler(conn, path)?,
        ..chosen_fsrs(conn, path)?
    })
}

/// The default scheduler the user set, if any.
fn chosen_scheduler(conn: &Connection, path: &Path) -> Result<Option<Scheduler>> {
    match setting(conn, path, SCHEDULER)? {
        Some(name) => Ok(Some(
            name.parse()
                .map_err(|_| damaged(path, format!("default scheduler {name:?}")))?,
        )),
        None => Ok(None),
    }
}

/// FSRS's settings the user set (a damaged default scheduler does not stop FSRS).
fn chosen_fsrs(conn: &Connection, path: &Path) -> Result<ChosenSettings> {
    let fsrs_parameters = match setting(conn, path, PARAMETERS)? {
        Some(json) => {
            serde_json::from_str::<Vec<f32>>(&json).map_err(|_| damaged(path, format!("parameters {json:?}")))?
        }
        None => Vec::new(),
    };
    let desired_retention = match setting(conn, path, RETENTION)? {
        Some(text) => Some(
            text.parse::<f64>()
                .map_err(|_| damaged(path, format!("desired retention {text:?}")))?,
        ),
        None => None,
    };
    Ok(ChosenSettings {
        default_scheduler: None,
        desired_retention,
        fsrs_parameters,
        fitted_on: setting(conn, path, FITTED_ON)?.and_then(|d| d.parse::<NaiveDate>().ok()),
        fitted_from_reviews: setting(conn, path, FITTED_FROM)?.and_then(|n| n.parse::<usize>().ok()),
    })
}

/// The FSRS model stored settings describe.
pub(super) fn model_of(settings: &ChosenSettings, path: &Path) -> Result<Model> {
    Model::new(
        &settings.fsrs_parameters,
        settings.desired_retention.unwrap_or(DEFAULT_RETENTION),
    )
    .map_err(|e| damaged(path, e.to_string()))
}

/// Writes the live value of one setting register (`None`: back to the default); returns
/// whether it changed.
pub(super) fn apply_setting(
    conn: &Connection,
    field: crate::domain::version::Field,
    value: Option<&super::value::Value>,
) -> rusqlite::Result<bool> {
    use super::value::Value;
    use crate::domain::version::Field;
    let wanted: Vec<(&str, Option<String>)> = match (field, value) {
        (Field::Scheduler, Some(Value::Scheduler(scheduler))) => {
            vec![(SCHEDULER, Some(scheduler.as_str().to_string()))]
        }
        (Field::DesiredRetention, Some(Value::Retention(retention))) => vec![(RETENTION, Some(retention.to_string()))],
        (Field::FsrsParameters, Some(Value::Fitted(fitted))) => vec![
            (PARAMETERS, serde_json::to_string(&fitted.parameters).ok()),
            (FITTED_ON, fitted.fitted_on.map(|day| day.to_string())),
            (FITTED_FROM, fitted.fitted_from.map(|n| n.to_string())),
        ],
        (Field::FsrsParameters, _) => vec![(PARAMETERS, None), (FITTED_ON, None), (FITTED_FROM, None)],
        (Field::Scheduler, _) => vec![(SCHEDULER, None)],
        (Field::DesiredRetention, _) => vec![(RETENTION, None)],
        _ => Vec::new(),
    };
    let mut changed = false;
    for (key, value) in wanted {
        let now: Option<String> = conn
            .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?;
        if now == value {
            continue;
        }
        changed = true;
        match value {
            Some(value) => conn.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2",
                params![key, value],
            )?,
            None => conn.execute("DELETE FROM settings WHERE key = ?1", [key])?,
        };
    }
    Ok(changed)
}

impl Store {
    /// What `sync` keeps between runs under `key` (the fingerprints of the files it merged
    /// and wrote).
    pub fn sync_mark(&self, key: &str) -> Result<Option<String>> {
        setting(&self.conn, &self.path, key)
    }

    /// Keeps (or with `None` forgets) what `sync` keeps under `key`.
    pub fn set_sync_mark(&mut self, key: &str, value: Option<&str>) -> Result<()> {
        match value {
            Some(value) => self.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2",
                params![key, value],
            ),
            None => self.conn.execute("DELETE FROM settings WHERE key = ?1", [key]),
        }
        .at(&self.path)?;
        Ok(())
    }

    /// The settings the user set, unset ones `None`.
    pub fn chosen_settings(&self) -> Result<ChosenSettings> {
        chosen_settings(&self.conn, &self.path)
    }

    /// The scheduler of decks that have none of their own.
    pub fn default_scheduler(&self) -> Result<Scheduler> {
        Ok(chosen_scheduler(&self.conn, &self.path)?.unwrap_or_default())
    }

    pub fn set_default_scheduler(&mut self, scheduler: Scheduler) -> Result<()> {
        let value = Value::Scheduler(scheduler);
        self.change_one(&Register::settings(Field::Scheduler), Some(&value))
            .map(|_| ())
    }

    /// FSRS's settings; damaged ones are named, never silently replaced.
    pub fn fsrs_settings(&self) -> Result<FsrsSettings> {
        let chosen = chosen_fsrs(&self.conn, &self.path)?;
        Ok(FsrsSettings {
            fitted: chosen.fitted_on.zip(chosen.fitted_from_reviews),
            parameters: chosen.fsrs_parameters,
            desired_retention: chosen.desired_retention,
        })
    }

    /// The FSRS model the stored settings describe.
    pub fn fsrs_model(&self) -> Result<Model> {
        model_of(&chosen_fsrs(&self.conn, &self.path)?, &self.path)
    }

    /// Stores fitted parameters (with the day and the reviews they came from), or with
    /// `None` goes back to FSRS-6's defaults.
    pub fn set_fsrs_parameters(&mut self, fitted: Option<(&[f32], NaiveDate, usize)>) -> Result<()> {
        let value = fitted
            .filter(|(parameters, _, _)| !parameters.is_empty())
            .map(|(parameters, day, reviews)| {
                Value::Fitted(FittedParameters {
                    parameters: parameters.to_vec(),
                    fitted_on: Some(day),
                    fitted_from: Some(reviews),
                })
            });
        self.change_one(&Register::settings(Field::FsrsParameters), value.as_ref())
            .map(|_| ())
    }

    /// Sets the desired retention, or with `None` goes back to the default.
    pub fn set_desired_retention(&mut self, retention: Option<f64>) -> Result<()> {
        let value = retention.map(Value::Retention);
        self.change_one(&Register::settings(Field::DesiredRetention), value.as_ref())
            .map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_read_back_and_reset() {
        let mut store = Store::open_in_memory().unwrap();
        assert_eq!(store.default_scheduler().unwrap(), Scheduler::Sm2);
        assert_eq!(store.fsrs_settings().unwrap(), FsrsSettings::default());
        store.set_default_scheduler(Scheduler::Fsrs).unwrap();
        assert_eq!(store.default_scheduler().unwrap(), Scheduler::Fsrs);
        let day = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let parameters = fsrs::DEFAULT_PARAMETERS.map(|p| p * 1.01);
        store.set_fsrs_parameters(Some((&parameters, day, 512))).unwrap();
        store.set_desired_retention(Some(0.85)).unwrap();
        let settings = store.fsrs_settings().unwrap();
        assert_eq!(settings.parameters, parameters.to_vec());
        assert_eq!(settings.desired_retention, Some(0.85));
        assert_eq!(settings.fitted, Some((day, 512)));
        assert!((store.fsrs_model().unwrap().desired_retention() - 0.85).abs() < 1e-6);
        store.set_fsrs_parameters(None).unwrap();
        store.set_desired_retention(None).unwrap();
        assert_eq!(store.fsrs_settings().unwrap(), FsrsSettings::default());
    }

    #[test]
    fn damaged_settings_are_named() {
        let store = Store::open_in_memory().unwrap();
        set_setting(&store.conn, &store.path, PARAMETERS, Some("[1, 2")).unwrap();
        let err = store.fsrs_model().unwrap_err().to_string();
        assert!(err.contains("the stored FSRS settings are damaged"), "{err}");
        set_setting(&store.conn, &store.path, PARAMETERS, Some("[1, 2]")).unwrap();
        assert!(store.fsrs_model().is_err(), "two parameters are not FSRS-6's 21");
    }
}
