//! Pictures drawn with text: horizontal bars, a forecast of daily counts, and a
//! GitHub-style activity heatmap.

use chrono::{Datelike, Days, NaiveDate};

use super::{Style, Tone};

/// A bar of `fraction` (0–1) of `cells` columns, in eighths for a smooth edge.
#[must_use]
pub fn bar(fraction: f64, cells: usize) -> String {
    const EIGHTHS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    let fraction = if fraction.is_finite() {
        fraction.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let total_eighths = (fraction * cells as f64 * 8.0).round() as usize;
    let full = total_eighths / 8;
    let mut out = "█".repeat(full);
    if full < cells {
        out.push_str(EIGHTHS[total_eighths % 8]);
    }
    let used = full + usize::from(full < cells && !total_eighths.is_multiple_of(8));
    out.push_str(&" ".repeat(cells.saturating_sub(used)));
    out
}

/// The tone of a readiness or retention percentage.
#[must_use]
pub fn tone_for_percent(percent: f64) -> Tone {
    if percent >= 80.0 {
        Tone::Good
    } else if percent >= 50.0 {
        Tone::Warn
    } else {
        Tone::Bad
    }
}

/// One line per day: the date, a bar scaled to the busiest day, and the count.
#[must_use]
pub fn forecast(days: &[(NaiveDate, u32)], style: &Style, cells: usize) -> String {
    let max = days.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let mut out = String::new();
    for (day, count) in days {
        let label = format!("{} {}", day.format("%a %d %b"), "");
        let drawn = bar(f64::from(*count) / f64::from(max), cells);
        let tone = if *count == 0 { Tone::Dim } else { Tone::Accent };
        out.push_str(&format!(
            "  {}{}  {count:>4}\n",
            label.trim_end().to_string() + " ",
            style.paint(&drawn, tone)
        ));
    }
    out
}

/// Twelve weeks of activity as a grid: one row per weekday, one column per week, ending
/// with the week of `today`. Shades step with the day's count.
#[must_use]
pub fn heatmap(counts: &dyn Fn(NaiveDate) -> u32, today: NaiveDate, weeks: u32, style: &Style) -> String {
    let start_of_this_week = today - Days::new(u64::from(today.weekday().num_days_from_monday()));
    let first = start_of_this_week - Days::new(u64::from(7 * (weeks - 1)));
    let max = (0..weeks * 7)
        .filter_map(|i| first.checked_add_days(Days::new(u64::from(i))))
        .filter(|d| *d <= today)
        .map(counts)
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    // Month labels over the week that holds each month's first day (its Sunday is the
    // first in the month), so the month of today's 1st is named too.
    let mut months = String::from("      ");
    let mut last_month = 0;
    for week in 0..weeks {
        let sunday = first + Days::new(u64::from(week * 7 + 6));
        // Three-letter month names over two-column weeks: write one only where it fits.
        if sunday.month() != last_month && months.len() <= 6 + week as usize * 2 {
            last_month = sunday.month();
            while months.len() < 6 + week as usize * 2 {
                months.push(' ');
            }
            months.push_str(&sunday.format("%b").to_string());
        }
    }
    out.push_str(months.trim_end());
    out.push('\n');
    for weekday in 0..7u32 {
        let name = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][weekday as usize];
        out.push_str(&format!("  {name} "));
        for week in 0..weeks {
            let day = first + Days::new(u64::from(week * 7 + weekday));
            if day > today {
                out.push_str("  ");
                continue;
            }
            let n = counts(day);
            out.push_str(&shade(n, max, style));
            out.push(' ');
        }
        let trimmed = out.trim_end_matches(' ').len();
        out.truncate(trimmed);
        out.push('\n');
    }
    out
}

/// One heatmap cell: `·` for none, then four steps of intensity.
fn shade(n: u32, max: u32, style: &Style) -> String {
    if n == 0 {
        return style.paint("·", Tone::Dim);
    }
    let level = (f64::from(n) / f64::from(max.max(1)) * 4.0).ceil() as usize;
    let glyph = ["░", "▒", "▓", "█"][level.clamp(1, 4) - 1];
    style.paint(glyph, Tone::Good)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_fill_in_eighths() {
        assert_eq!(bar(0.0, 4), "    ");
        assert_eq!(bar(1.0, 4), "████");
        assert_eq!(bar(0.5, 4), "██  ");
        assert_eq!(bar(0.53, 4), "██▏ ");
        assert_eq!(bar(f64::NAN, 2), "  ");
    }
}
