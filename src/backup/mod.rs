//! Backups end to end: the JSON format ([`format`]), reading a file ([`file`]), checking
//! every value in it before anything is written ([`validate`]), merging it into a database
//! so that merges converge ([`merge`]), and `sync DIR`, the everyday form of a merge
//! ([`sync`]). The SQL stays in `store`, and so does a version's value with its stored
//! text (`store::value`), which the checks here read every incoming value through.

pub mod file;
pub mod format;
pub mod merge;
pub mod sync;
pub mod validate;
pub mod write;

pub use format::{
    BACKUP_FORMAT, BACKUP_VERSION, Backup, BackupAlias, BackupCard, BackupDeck, BackupDocument, BackupMockAnswer,
    BackupMockRun, BackupNote, BackupNoteEntry, BackupReview, BackupStory, BackupVersion,
};
pub use validate::{Checked, Problem};
