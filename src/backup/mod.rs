//! Backups end to end: the JSON format ([`format`]), reading a file ([`file`]), checking
//! every value in it before anything is written ([`validate`]), merging it into a database
//! so that merges converge ([`merge`]), and `sync DIR`, the everyday form of a merge
//! ([`sync`]). The SQL stays in `store`.

pub mod file;
pub mod format;
pub mod merge;
pub mod sync;
pub mod validate;
pub mod value;

pub use format::{
    BACKUP_FORMAT, BACKUP_VERSION, Backup, BackupAlias, BackupCard, BackupDeck, BackupDocument, BackupMockAnswer,
    BackupMockRun, BackupNote, BackupNoteEntry, BackupReview, BackupStory, BackupVersion,
};
pub use validate::{Checked, Problem};
