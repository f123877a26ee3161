//! `prepdeck config`: the settings in effect, and where each comes from (a flag, the config
//! file, the environment, or the built-in default).

use super::{Context, emit};
use crate::cli::ColorChoice;
use crate::config::CONFIG_ENV;
use crate::error::Result;
use crate::ui::table::{Table, toned};
use crate::ui::{Style, Tone, safe, width, wrap_path};

pub fn run(ctx: &Context) -> Result<()> {
    let settings = &ctx.settings;
    let loaded = &settings.loaded;
    let (file, state) = match &loaded.path {
        Some(path) if loaded.exists => (path.display().to_string(), "(read)".to_string()),
        Some(path) => (
            path.display().to_string(),
            "(not there: built-in defaults apply)".to_string(),
        ),
        None => (
            "none".to_string(),
            format!("(no config folder is known; set {CONFIG_ENV})"),
        ),
    };
    let db_from = if ctx.db_given {
        "(--db or PREPDECK_DB)"
    } else {
        "(platform default)"
    };
    let mut out = labelled("Config file:", &file, &state, &ctx.style);
    out.push_str(&labelled(
        "Database:",
        &ctx.db.display().to_string(),
        db_from,
        &ctx.style,
    ));
    out.push('\n');
    let mut table = Table::new(&["SETTING", "VALUE", "FROM", "WHAT IT SETS"])
        .flex(3)
        .wrapping();
    for (key, value, origin) in settings.effective() {
        table.row(vec![
            key.name.into(),
            toned(safe(&value).into_owned(), Tone::Accent),
            origin.to_string().into(),
            key.about.into(),
        ]);
    }
    out.push_str(&table.render(&ctx.style));
    if crate::ui::no_color_asked() && settings.color_choice().0 == ColorChoice::Auto {
        out.push_str(
            &ctx.style
                .paint("NO_COLOR is set, so color = auto means no colour.\n", Tone::Dim),
        );
    }
    emit(&out)
}

/// `Config file: PATH (state)`: the path wrapped after its separators to the width, each
/// line under the first, and the state after it where it fits.
fn labelled(label: &str, path: &str, state: &str, style: &Style) -> String {
    const LABEL_WIDTH: usize = 13;
    let indent = " ".repeat(LABEL_WIDTH);
    let room = style.width.saturating_sub(LABEL_WIDTH).max(20);
    let mut lines = wrap_path(&safe(path), room);
    if let Some(last) = lines.last_mut() {
        if width(last) + 1 + width(state) <= room {
            last.push(' ');
            last.push_str(state);
        } else {
            lines.push(state.to_string());
        }
    }
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        if i == 0 {
            let head = format!("{label:<LABEL_WIDTH$}");
            out.push_str(&format!("{}{line}\n", style.paint(&head, Tone::Bold)));
        } else {
            out.push_str(&format!("{indent}{line}\n"));
        }
    }
    out
}
