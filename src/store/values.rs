//! How the domain's value types are written to SQLite and read back: kinds and log words
//! as their names, grades and ids as integers. A stored value the domain does not know is
//! a read error, never a silent default.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use crate::domain::{CardId, DeckId, Effect, Grade, Kind, Origin, Scheduler, Timestamp};

impl ToSql for Kind {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for Kind {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let text = value.as_str()?;
        Kind::from_stored(text).ok_or_else(|| FromSqlError::Other(format!("unknown card kind {text:?}").into()))
    }
}

impl ToSql for Scheduler {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for Scheduler {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let text = value.as_str()?;
        Scheduler::ALL
            .into_iter()
            .find(|s| s.as_str() == text)
            .ok_or_else(|| FromSqlError::Other(format!("unknown scheduler {text:?}").into()))
    }
}

impl ToSql for Grade {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(i64::from(self.value())))
    }
}

impl FromSql for Grade {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let n = value.as_i64()?;
        u8::try_from(n)
            .ok()
            .and_then(Grade::new)
            .ok_or(FromSqlError::OutOfRange(n))
    }
}

impl ToSql for Effect {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for Effect {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let text = value.as_str()?;
        Effect::from_stored(text).ok_or_else(|| FromSqlError::Other(format!("unknown review effect {text:?}").into()))
    }
}

impl ToSql for Origin {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for Origin {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let text = value.as_str()?;
        Origin::from_stored(text).ok_or_else(|| FromSqlError::Other(format!("unknown review origin {text:?}").into()))
    }
}

impl ToSql for CardId {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.0))
    }
}

impl FromSql for CardId {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        value.as_i64().map(CardId)
    }
}

impl ToSql for DeckId {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.0))
    }
}

impl FromSql for DeckId {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        value.as_i64().map(DeckId)
    }
}

impl ToSql for Timestamp {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for Timestamp {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let text = value.as_str()?;
        Timestamp::parse(text).ok_or_else(|| FromSqlError::Other(format!("{text:?} is not an RFC 3339 time").into()))
    }
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use super::*;

    fn round_trip<T: ToSql + FromSql>(value: &T) -> T {
        let conn = Connection::open_in_memory().unwrap();
        conn.query_row("SELECT ?1", [value], |row| row.get(0)).unwrap()
    }

    fn read<T: FromSql>(sql: &str) -> rusqlite::Result<T> {
        Connection::open_in_memory()
            .unwrap()
            .query_row(sql, [], |row| row.get(0))
    }

    #[test]
    fn every_value_type_round_trips_through_sqlite() {
        for kind in Kind::ALL {
            assert_eq!(round_trip(&kind), kind);
        }
        for origin in Origin::ALL {
            assert_eq!(round_trip(&origin), origin);
        }
        assert_eq!(round_trip(&Effect::Practice), Effect::Practice);
        assert_eq!(round_trip(&Grade::GOOD), Grade::GOOD);
        assert_eq!(round_trip(&CardId(7)), CardId(7));
        assert_eq!(round_trip(&DeckId(3)), DeckId(3));
        for scheduler in Scheduler::ALL {
            assert_eq!(round_trip(&scheduler), scheduler);
        }
        for text in ["2026-03-01T09:00:00+01:00", "2026-03-01T09:00:00.250Z"] {
            let stamp = Timestamp::parse(text).unwrap();
            assert_eq!(round_trip(&stamp), stamp);
            let stored: String = Connection::open_in_memory()
                .unwrap()
                .query_row("SELECT ?1", [&stamp], |row| row.get(0))
                .unwrap();
            assert_eq!(stored, text, "stored byte for byte");
        }
    }

    /// Days are written by rusqlite's chrono conversion; existing databases and backups
    /// hold them as `YYYY-MM-DD`, so that form is pinned here.
    #[test]
    fn days_are_stored_as_year_month_day_text() {
        let conn = Connection::open_in_memory().unwrap();
        for day in [crate::testing::day("2026-03-01"), crate::domain::card::LAST_DAY] {
            let stored: String = conn.query_row("SELECT ?1", [day], |row| row.get(0)).unwrap();
            assert_eq!(stored, day.format("%Y-%m-%d").to_string());
            assert_eq!(round_trip(&day), day);
        }
        assert!(read::<chrono::NaiveDate>("SELECT '2026-02-30'").is_err());
    }

    #[test]
    fn unknown_stored_values_are_errors() {
        assert!(read::<Kind>("SELECT 'flashcard'").is_err());
        assert!(read::<Grade>("SELECT 6").is_err());
        assert!(read::<Effect>("SELECT 'cram'").is_err());
        assert!(read::<Origin>("SELECT 'import'").is_err());
        assert!(read::<Scheduler>("SELECT 'anki'").is_err());
        assert!(read::<Timestamp>("SELECT '2026-03-01 09:00'").is_err());
    }
}
