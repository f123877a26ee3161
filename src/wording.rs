//! Words that follow a number: the one place prepdeck makes a plural, for every message
//! and screen (errors included, which is why it stands apart from `ui`).

/// `noun` in the number `n` asks for: `card` for one, `cards` otherwise (`try` → `tries`,
/// `box` → `boxes`). The one place prepdeck makes a plural.
#[must_use]
pub fn plural(n: impl TryInto<u64>, noun: &str) -> String {
    if n.try_into().ok() == Some(1) {
        return noun.to_string();
    }
    let before_y = noun.strip_suffix('y').and_then(|stem| stem.chars().last());
    match before_y {
        Some(c) if !"aeiou".contains(c) => format!("{}ies", &noun[..noun.len() - 1]),
        _ if ["s", "x", "ch", "sh"].iter().any(|end| noun.ends_with(end)) => format!("{noun}es"),
        _ => format!("{noun}s"),
    }
}

/// The form that agrees with the number `n`: `one` for one, `many` otherwise (`was` and
/// `were`, `counts` and `count`, `it` and `them`).
#[must_use]
pub fn agreeing<'a>(n: impl TryInto<u64>, one: &'a str, many: &'a str) -> &'a str {
    if n.try_into().ok() == Some(1) { one } else { many }
}

/// `1 card`, `3 cards`, `0 cards`.
#[must_use]
pub fn count<N: TryInto<u64> + Copy + std::fmt::Display>(n: N, noun: &str) -> String {
    format!("{n} {}", plural(n, noun))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals_follow_the_number() {
        assert_eq!(count(1, "day"), "1 day");
        assert_eq!(count(0, "day"), "0 days");
        assert_eq!(count(2, "try"), "2 tries");
        assert_eq!(count(3, "lapse"), "3 lapses");
        assert_eq!(count(2, "box"), "2 boxes");
        assert_eq!(plural(1, "deck"), "deck");
        assert_eq!(agreeing(1, "was", "were"), "was");
        assert_eq!(agreeing(0, "was", "were"), "were");
        assert_eq!(agreeing(2usize, "it", "them"), "them");
    }
}
