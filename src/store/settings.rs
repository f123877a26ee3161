//! Settings of the whole database: the scheduler decks follow by default, and FSRS's
//! parameters and desired retention.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

use super::{AtPath, Store};
use crate::domain::Scheduler;
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

const SCHEDULER: &str = "scheduler";
const PARAMETERS: &str = "fsrs_parameters";
const RETENTION: &str = "desired_retention";
const FITTED_ON: &str = "fsrs_fitted_on";
const FITTED_FROM: &str = "fsrs_fitted_from";

impl Store {
    fn setting(&self, key: &str) -> Result<Option<String>> {
        self.conn
            .prepare_cached("SELECT value FROM settings WHERE key = ?1")
            .and_then(|mut s| s.query_row([key], |r| r.get(0)).optional())
            .at(&self.path)
    }

    fn set_setting(&self, key: &str, value: Option<&str>) -> Result<()> {
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

    /// The scheduler of decks that have none of their own.
    pub fn default_scheduler(&self) -> Result<Scheduler> {
        match self.setting(SCHEDULER)? {
            Some(name) => name
                .parse()
                .map_err(|_| self.damaged(format!("default scheduler {name:?}"))),
            None => Ok(Scheduler::default()),
        }
    }

    pub fn set_default_scheduler(&mut self, scheduler: Scheduler) -> Result<()> {
        self.set_setting(SCHEDULER, Some(scheduler.as_str()))
    }

    /// FSRS's settings; damaged ones are named, never silently replaced.
    pub fn fsrs_settings(&self) -> Result<FsrsSettings> {
        let parameters = match self.setting(PARAMETERS)? {
            Some(json) => {
                serde_json::from_str::<Vec<f32>>(&json).map_err(|_| self.damaged(format!("parameters {json:?}")))?
            }
            None => Vec::new(),
        };
        let desired_retention = match self.setting(RETENTION)? {
            Some(text) => Some(
                text.parse::<f64>()
                    .map_err(|_| self.damaged(format!("desired retention {text:?}")))?,
            ),
            None => None,
        };
        let fitted_on = self.setting(FITTED_ON)?.and_then(|d| d.parse::<NaiveDate>().ok());
        let fitted_from = self.setting(FITTED_FROM)?.and_then(|n| n.parse::<usize>().ok());
        Ok(FsrsSettings {
            parameters,
            desired_retention,
            fitted: fitted_on.zip(fitted_from),
        })
    }

    /// The FSRS model the stored settings describe.
    pub fn fsrs_model(&self) -> Result<Model> {
        let settings = self.fsrs_settings()?;
        Model::new(
            &settings.parameters,
            settings.desired_retention.unwrap_or(DEFAULT_RETENTION),
        )
        .map_err(|e| self.damaged(e.to_string()))
    }

    /// Stores fitted parameters (with the day and the reviews they came from), or with
    /// `None` goes back to FSRS-6's defaults.
    pub fn set_fsrs_parameters(&mut self, fitted: Option<(&[f32], NaiveDate, usize)>) -> Result<()> {
        let Some((parameters, day, reviews)) = fitted else {
            for key in [PARAMETERS, FITTED_ON, FITTED_FROM] {
                self.set_setting(key, None)?;
            }
            return Ok(());
        };
        let json = serde_json::to_string(parameters).map_err(|e| Error::Encode {
            what: "FSRS parameters",
            source: Box::new(e),
        })?;
        self.set_setting(PARAMETERS, Some(&json))?;
        self.set_setting(FITTED_ON, Some(&day.to_string()))?;
        self.set_setting(FITTED_FROM, Some(&reviews.to_string()))
    }

    /// Sets the desired retention, or with `None` goes back to the default.
    pub fn set_desired_retention(&mut self, retention: Option<f64>) -> Result<()> {
        self.set_setting(RETENTION, retention.map(|r| r.to_string()).as_deref())
    }

    fn damaged(&self, reason: String) -> Error {
        Error::BadFsrsSettings {
            path: self.path.clone(),
            reason,
        }
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
        store.set_setting(PARAMETERS, Some("[1, 2")).unwrap();
        let err = store.fsrs_model().unwrap_err().to_string();
        assert!(err.contains("the stored FSRS settings are damaged"), "{err}");
        store.set_setting(PARAMETERS, Some("[1, 2]")).unwrap();
        assert!(store.fsrs_model().is_err(), "two parameters are not FSRS-6's 21");
    }
}
