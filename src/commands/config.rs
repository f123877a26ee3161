//! `prepdeck config`: the settings in effect, and where each comes from (a flag, the config
//! file, the environment, or the built-in default).

use super::{Context, emit};
use crate::cli::ColorChoice;
use crate::config::CONFIG_ENV;
use crate::error::Result;
use crate::ui::table::{Table, toned};
use crate::ui::{Tone, safe};

pub fn run(ctx: &Context) -> Result<()> {
    let settings = &ctx.settings;
    let loaded = &settings.loaded;
    let file = match &loaded.path {
        Some(path) if loaded.exists => format!("{} (read)", path.display()),
        Some(path) => format!("{} (not there: built-in defaults apply)", path.display()),
        None => format!("none (no config folder is known; set {CONFIG_ENV})"),
    };
    let db_from = if ctx.db_given {
        "--db or PREPDECK_DB"
    } else {
        "platform default"
    };
    let mut out = format!(
        "{} {}\n{} {} ({db_from})\n\n",
        ctx.style.paint("Config file:", Tone::Bold),
        safe(&file),
        ctx.style.paint("Database:   ", Tone::Bold),
        safe(&ctx.db.display().to_string()),
    );
    let mut table = Table::new(&["SETTING", "VALUE", "FROM", "WHAT IT SETS"]).flex(3);
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
