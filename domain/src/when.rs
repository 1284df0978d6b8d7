//! Due dates as people say them ("tomorrow", "next Friday at 3pm",
//! "in 3 days", "on 5 March") read against the user's own local time, and as
//! machines send them (`2026-03-05`, `2026-03-05T15:00`).
//!
//! Conventions, echoed back to the user as absolute dates so a surprise is
//! seen at once: a weekday ("Friday", "this Friday", "next Friday") is the
//! first such day after today; a date without a year is the next one that
//! has not passed; a time alone ("at 5pm") is today if still ahead, else
//! tomorrow.

use crate::FieldError;
use serde::{Deserialize, Serialize};
use time::{Date, Duration, Month, PrimitiveDateTime, Time, Weekday};

/// An IANA time zone name as a user sends it (`Asia/Kolkata`): ASCII
/// letters, digits and `/ _ + -`, at most 64 characters. Whether the zone
/// exists is Postgres' to say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeZoneName(String);

impl TimeZoneName {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let name = raw.trim();
        let plausible = !name.is_empty()
            && name.len() <= 64
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '+' | '-'));
        if plausible {
            Ok(Self(name.to_owned()))
        } else {
            Err(Self::unknown())
        }
    }

    /// The error for a name that is malformed or that no zone has.
    pub fn unknown() -> FieldError {
        FieldError::new(
            "time_zone",
            "unknown_time_zone",
            "Choose a time zone such as Asia/Kolkata, Europe/London or America/New_York.",
        )
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
pub struct Due {
    pub date: Date,
    pub time: Option<Time>,
}

impl Due {
    /// A whole field: ISO (`2026-03-05`, `2026-03-05T15:00`, `2026-03-05 15:00`)
    /// or words.
    pub fn parse(raw: &str, now: PrimitiveDateTime) -> Result<Self, FieldError> {
        let raw = raw.trim();
        if let Some(due) = parse_iso(raw) {
            return Ok(due);
        }
        let words = words_of(raw);
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        match find_due(&refs, now) {
            Some(found) if found.start == 0 && found.end == refs.len() => Ok(found.due),
            _ => Err(FieldError::new(
                "due",
                "invalid_due",
                "Write a date like 2026-03-05 or 2026-03-05T15:00, or words like \"tomorrow\", \"next Friday at 3pm\", \"in 3 days\".",
            )),
        }
    }

    /// "Friday 27 November 2026" or "Friday 27 November 2026 at 15:00".
    pub fn describe(&self) -> String {
        let day = format!(
            "{} {} {} {}",
            self.date.weekday(),
            self.date.day(),
            self.date.month(),
            self.date.year()
        );
        match self.time {
            Some(t) => format!("{day} at {:02}:{:02}", t.hour(), t.minute()),
            None => day,
        }
    }

    /// `2026-11-27` or `2026-11-27T15:00`, as the API shows it.
    pub fn to_iso(&self) -> String {
        let d = self.date;
        let day = format!("{:04}-{:02}-{:02}", d.year(), d.month() as u8, d.day());
        match self.time {
            Some(t) => format!("{day}T{:02}:{:02}", t.hour(), t.minute()),
            None => day,
        }
    }
}

fn parse_iso(raw: &str) -> Option<Due> {
    let (date, time) = match raw.split_once(['T', ' ']) {
        Some((d, t)) => (d, Some(t)),
        None => (raw, None),
    };
    let mut parts = date.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 {
        return None;
    }
    let date = Date::from_calendar_date(
        y.parse().ok()?,
        Month::try_from(m.parse::<u8>().ok()?).ok()?,
        d.parse().ok()?,
    )
    .ok()?;
    let time = match time {
        None => None,
        Some(t) => {
            let mut hm = t.split(':');
            let h: u8 = hm.next()?.parse().ok()?;
            let m: u8 = hm.next()?.parse().ok()?;
            // Seconds are accepted and dropped.
            if let Some(s) = hm.next() {
                s.parse::<f32>().ok()?;
            }
            Some(Time::from_hms(h, m, 0).ok()?)
        }
    };
    Some(Due { date, time })
}

/// Lower-case words with the punctuation around them removed (but keeping
/// `:` inside times and `-` inside ISO dates).
pub fn words_of(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| c.is_ascii_punctuation() || matches!(c, '“' | '”' | '‘' | '’'))
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// Where a due date was found among words: `words[start..end]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub due: Due,
}

/// The first date expression (with an optional time) among lower-case
/// `words`, with the little words that lead into it ("on", "by", "due").
pub fn find_due(words: &[&str], now: PrimitiveDateTime) -> Option<Found> {
    (0..words.len()).find_map(|i| due_at(words, i, now))
}

const LEADS: [&str; 7] = ["on", "by", "for", "due", "until", "till", "before"];

fn due_at(words: &[&str], start: usize, now: PrimitiveDateTime) -> Option<Found> {
    // Lead words: "due on", "by", "on" …
    let mut i = start;
    while i < words.len() && LEADS.contains(&words[i]) {
        i += 1;
    }
    if i < words.len() && words[i] == "the" && date_at(words, i + 1, now.date()).is_some() {
        i += 1;
    }
    let today = now.date();
    if let Some((date, after)) = date_at(words, i, today) {
        // "tomorrow at 3pm", "friday morning"
        let (time, end) = match time_at(words, after, true) {
            Some((t, e)) => (Some(t), e),
            None => (None, after),
        };
        let (date, time) = match (words.get(i), time) {
            (Some(&"tonight"), None) => (date, Some(Time::from_hms(20, 0, 0).ok()?)),
            _ => (date, time),
        };
        return Some(Found {
            start,
            end,
            due: Due { date, time },
        });
    }
    // A time first: "at 3pm tomorrow", or a time alone; a lead word followed
    // by neither ("by bus") is not a date.
    let (time, after) = time_at(words, i, false)?;
    let mut j = after;
    while j < words.len() && LEADS.contains(&words[j]) {
        j += 1;
    }
    if let Some((date, end)) = date_at(words, j, today) {
        return Some(Found {
            start,
            end,
            due: Due {
                date,
                time: Some(time),
            },
        });
    }
    let date = if time > now.time() {
        today
    } else {
        today.next_day()?
    };
    Some(Found {
        start,
        end: after,
        due: Due {
            date,
            time: Some(time),
        },
    })
}

fn number_word(w: &str) -> Option<i64> {
    if let Ok(n) = w.parse::<i64>() {
        return (0..=999).contains(&n).then_some(n);
    }
    Some(match w {
        "a" | "an" | "one" => 1,
        "two" | "couple" => 2,
        "three" | "few" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "fourteen" => 14,
        "thirty" => 30,
        _ => return None,
    })
}

pub fn weekday_word(w: &str) -> Option<Weekday> {
    Some(match w {
        "monday" | "mon" => Weekday::Monday,
        "tuesday" | "tue" | "tues" => Weekday::Tuesday,
        "wednesday" | "wed" | "weds" => Weekday::Wednesday,
        "thursday" | "thu" | "thur" | "thurs" => Weekday::Thursday,
        "friday" | "fri" => Weekday::Friday,
        "saturday" | "sat" => Weekday::Saturday,
        "sunday" | "sun" => Weekday::Sunday,
        _ => return None,
    })
}

fn month_word(w: &str) -> Option<Month> {
    Some(match w {
        "january" | "jan" => Month::January,
        "february" | "feb" => Month::February,
        "march" | "mar" => Month::March,
        "april" | "apr" => Month::April,
        "may" => Month::May,
        "june" | "jun" => Month::June,
        "july" | "jul" => Month::July,
        "august" | "aug" => Month::August,
        "september" | "sep" | "sept" => Month::September,
        "october" | "oct" => Month::October,
        "november" | "nov" => Month::November,
        "december" | "dec" => Month::December,
        _ => return None,
    })
}

/// "5", "5th", "1st", "22nd", "3rd" → a day of the month.
fn day_word(w: &str) -> Option<u8> {
    let digits = w
        .strip_suffix("st")
        .or_else(|| w.strip_suffix("nd"))
        .or_else(|| w.strip_suffix("rd"))
        .or_else(|| w.strip_suffix("th"))
        .unwrap_or(w);
    let d: u8 = digits.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

fn add_months(date: Date, months: i64) -> Option<Date> {
    let index = date.year() as i64 * 12 + (date.month() as i64 - 1) + months;
    let year = i32::try_from(index.div_euclid(12)).ok()?;
    let month = Month::try_from((index.rem_euclid(12) + 1) as u8).ok()?;
    let day = date.day().min(time::util::days_in_month(month, year));
    Date::from_calendar_date(year, month, day).ok()
}

fn next_weekday(today: Date, day: Weekday) -> Option<Date> {
    let ahead = (day.number_days_from_monday() as i64 + 7
        - today.weekday().number_days_from_monday() as i64)
        % 7;
    today.checked_add(Duration::days(if ahead == 0 { 7 } else { ahead }))
}

/// The next `day month` that has not passed (a year is taken when given).
fn calendar_date(today: Date, month: Month, day: u8, year: Option<i32>) -> Option<Date> {
    if let Some(year) = year {
        return Date::from_calendar_date(year, month, day).ok();
    }
    let this_year = Date::from_calendar_date(today.year(), month, day).ok();
    match this_year {
        Some(d) if d >= today => Some(d),
        _ => Date::from_calendar_date(today.year() + 1, month, day).ok(),
    }
}

fn year_word(w: Option<&&str>) -> Option<i32> {
    let y: i32 = w?.parse().ok()?;
    (2000..=2200).contains(&y).then_some(y)
}

/// A date starting at `words[i]`; returns it and the index after it.
fn date_at(words: &[&str], i: usize, today: Date) -> Option<(Date, usize)> {
    let w = *words.get(i)?;
    let next = words.get(i + 1).copied();
    match w {
        "today" | "tonight" | "tonite" => return Some((today, i + 1)),
        "tomorrow" | "tmrw" | "tmr" | "tomorow" | "tommorow" | "tommorrow" => {
            return Some((today.next_day()?, i + 1))
        }
        "yesterday" => return None,
        _ => {}
    }
    // "the day after tomorrow" (the leading "the" is taken by the caller)
    if w == "day" && next == Some("after") && words.get(i + 2) == Some(&"tomorrow") {
        return Some((today.checked_add(Duration::days(2))?, i + 3));
    }
    if let Some(due) = parse_iso(w) {
        return Some((due.date, i + 1));
    }
    // "this friday", "next friday", "coming friday", "friday"
    if matches!(w, "this" | "next" | "coming") {
        if let Some(day) = next.and_then(weekday_word) {
            return Some((next_weekday(today, day)?, i + 2));
        }
        match next {
            Some("week") if w == "next" => {
                return Some((today.checked_add(Duration::days(7))?, i + 2))
            }
            Some("month") if w == "next" => return Some((add_months(today, 1)?, i + 2)),
            Some("weekend") => return Some((next_weekday(today, Weekday::Saturday)?, i + 2)),
            _ => {}
        }
    }
    if let Some(day) = weekday_word(w) {
        return Some((next_weekday(today, day)?, i + 1));
    }
    if w == "weekend" {
        return Some((next_weekday(today, Weekday::Saturday)?, i + 1));
    }
    // "end of the month", "end of month", "end of the week"
    if w == "end" && next == Some("of") {
        let mut j = i + 2;
        if words.get(j) == Some(&"the") {
            j += 1;
        }
        match words.get(j) {
            Some(&"month") => {
                let last = time::util::days_in_month(today.month(), today.year());
                return Some((today.replace_day(last).ok()?, j + 1));
            }
            Some(&"week") => {
                let friday = if today.weekday() == Weekday::Friday {
                    today
                } else {
                    next_weekday(today, Weekday::Friday)?
                };
                return Some((friday, j + 1));
            }
            _ => return None,
        }
    }
    // "in 3 days", "in a week", "in a couple of weeks", "in two months"
    if w == "in" {
        let mut j = i + 1;
        if words.get(j) == Some(&"a") && words.get(j + 1) == Some(&"couple") {
            j += 1;
        }
        let n = number_word(words.get(j)?)?;
        j += 1;
        if words.get(j) == Some(&"of") {
            j += 1;
        }
        let unit = *words.get(j)?;
        let date = match unit {
            "day" | "days" => today.checked_add(Duration::days(n))?,
            "week" | "weeks" => today.checked_add(Duration::weeks(n))?,
            "month" | "months" => add_months(today, n)?,
            _ => return None,
        };
        return Some((date, j + 1));
    }
    // "3 days from now"
    if let (Some(n), Some(unit)) = (number_word(w), next) {
        if matches!(unit, "days" | "weeks" | "day" | "week")
            && words.get(i + 2) == Some(&"from")
            && words.get(i + 3) == Some(&"now")
        {
            let days = if unit.starts_with("week") { n * 7 } else { n };
            return Some((today.checked_add(Duration::days(days))?, i + 4));
        }
    }
    // "5 march", "5th of march 2027"
    if let Some(day) = day_word(w) {
        let mut j = i + 1;
        if words.get(j) == Some(&"of") {
            j += 1;
        }
        if let Some(month) = words.get(j).and_then(|m| month_word(m)) {
            let year = year_word(words.get(j + 1));
            let end = if year.is_some() { j + 2 } else { j + 1 };
            return Some((calendar_date(today, month, day, year)?, end));
        }
    }
    // "march 5", "march 5th 2027"
    if let Some(month) = month_word(w) {
        // "may" alone is a verb far more often than a month.
        if let Some(day) = next.and_then(day_word) {
            let year = year_word(words.get(i + 2));
            let end = if year.is_some() { i + 3 } else { i + 2 };
            return Some((calendar_date(today, month, day, year)?, end));
        }
    }
    None
}

/// A time of day at `words[i]` ("at 3pm", "3 pm", "15:00", "noon", "in the
/// morning"); returns it and the index after it.
fn time_at(words: &[&str], i: usize, after_date: bool) -> Option<(Time, usize)> {
    let mut j = i;
    if words.get(j) == Some(&"at") {
        j += 1;
    }
    let w = *words.get(j)?;
    let named = |h: u8| Time::from_hms(h, 0, 0).ok();
    match w {
        "noon" | "midday" => return Some((named(12)?, j + 1)),
        "midnight" => return Some((Time::from_hms(23, 59, 0).ok()?, j + 1)),
        // "friday morning"; alone, "morning run" is a title.
        "morning" if after_date => return Some((named(9)?, j + 1)),
        "afternoon" if after_date => return Some((named(15)?, j + 1)),
        "evening" if after_date => return Some((named(18)?, j + 1)),
        "night" if after_date => return Some((named(20)?, j + 1)),
        _ => {}
    }
    if w == "in" && words.get(j + 1) == Some(&"the") {
        let t = match words.get(j + 2) {
            Some(&"morning") => named(9)?,
            Some(&"afternoon") => named(15)?,
            Some(&"evening") => named(18)?,
            _ => return None,
        };
        return Some((t, j + 3));
    }
    // "3pm", "3:30pm", "15:00", "3 pm", "3:30 p.m." (dots are gone by now)
    let (clock, suffix, used) = if let Some(c) = w.strip_suffix("am") {
        (c, Some(false), 1)
    } else if let Some(c) = w.strip_suffix("pm") {
        (c, Some(true), 1)
    } else {
        match words.get(j + 1) {
            Some(&"am") | Some(&"a.m") => (w, Some(false), 2),
            Some(&"pm") | Some(&"p.m") => (w, Some(true), 2),
            _ => (w, None, 1),
        }
    };
    let (h, m) = match clock.split_once(':') {
        Some((h, m)) => (h.parse::<u8>().ok()?, m.parse::<u8>().ok()?),
        // A bare number is a time only after "at" or with am/pm.
        None if suffix.is_some() || j > i => (clock.parse::<u8>().ok()?, 0),
        None => return None,
    };
    let h = match suffix {
        Some(pm) if (1..=12).contains(&h) => (h % 12) + if pm { 12 } else { 0 },
        Some(_) => return None,
        None => h,
    };
    Some((Time::from_hms(h, m, 0).ok()?, j + used))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime, time};

    // A Sunday.
    const NOW: PrimitiveDateTime = datetime!(2026-11-22 10:00);

    fn due(text: &str) -> Due {
        Due::parse(text, NOW).unwrap_or_else(|e| panic!("{text}: {e:?}"))
    }

    fn day(text: &str) -> Date {
        due(text).date
    }

    #[test]
    fn relative_days_and_weekdays() {
        assert_eq!(day("today"), date!(2026 - 11 - 22));
        assert_eq!(day("tomorrow"), date!(2026 - 11 - 23));
        assert_eq!(day("tomorow"), date!(2026 - 11 - 23));
        assert_eq!(day("the day after tomorrow"), date!(2026 - 11 - 24));
        assert_eq!(day("next Friday"), date!(2026 - 11 - 27));
        assert_eq!(day("friday"), date!(2026 - 11 - 27));
        assert_eq!(day("on Fri"), date!(2026 - 11 - 27));
        // Today is Sunday: "Sunday" is next week's.
        assert_eq!(day("sunday"), date!(2026 - 11 - 29));
        assert_eq!(day("in 3 days"), date!(2026 - 11 - 25));
        assert_eq!(day("in a week"), date!(2026 - 11 - 29));
        assert_eq!(day("in two weeks"), date!(2026 - 12 - 06));
        assert_eq!(day("in a couple of days"), date!(2026 - 11 - 24));
        assert_eq!(day("3 days from now"), date!(2026 - 11 - 25));
        assert_eq!(day("next week"), date!(2026 - 11 - 29));
        assert_eq!(day("next month"), date!(2026 - 12 - 22));
        assert_eq!(day("end of the month"), date!(2026 - 11 - 30));
        assert_eq!(day("this weekend"), date!(2026 - 11 - 28));
    }

    #[test]
    fn calendar_dates_take_the_next_one_that_has_not_passed() {
        assert_eq!(day("on 5 March"), date!(2027 - 03 - 05));
        assert_eq!(day("5th of March"), date!(2027 - 03 - 05));
        assert_eq!(day("march 5th"), date!(2027 - 03 - 05));
        assert_eq!(day("30 November"), date!(2026 - 11 - 30));
        assert_eq!(day("22 nov"), date!(2026 - 11 - 22));
        assert_eq!(day("5 March 2028"), date!(2028 - 03 - 05));
        assert_eq!(day("2026-12-24"), date!(2026 - 12 - 24));
        assert!(Due::parse("31 February", NOW).is_err());
        // End of month in a short month.
        assert_eq!(
            add_months(date!(2027 - 01 - 31), 1),
            Some(date!(2027 - 02 - 28))
        );
    }

    #[test]
    fn times_with_and_without_a_date() {
        assert_eq!(
            due("tomorrow at 3pm"),
            Due {
                date: date!(2026 - 11 - 23),
                time: Some(time!(15:00))
            }
        );
        assert_eq!(due("at 9:30 am on friday").time, Some(time!(09:30)));
        assert_eq!(due("at 9:30 am on friday").date, date!(2026 - 11 - 27));
        // 5 pm is still ahead today; 9 am has passed.
        assert_eq!(day("at 5pm"), date!(2026 - 11 - 22));
        assert_eq!(day("at 9am"), date!(2026 - 11 - 23));
        assert_eq!(due("friday morning").time, Some(time!(09:00)));
        assert_eq!(due("tomorrow in the evening").time, Some(time!(18:00)));
        assert_eq!(due("tonight").time, Some(time!(20:00)));
        assert_eq!(due("2026-12-24T18:30").time, Some(time!(18:30)));
        assert_eq!(due("2026-12-24 18:30:00").time, Some(time!(18:30)));
        assert!(Due::parse("at 13pm", NOW).is_err());
        assert!(Due::parse("2026-12-24T25:00", NOW).is_err());
    }

    #[test]
    fn expressions_are_found_inside_sentences() {
        let words = words_of("Call mom tomorrow at 5pm please");
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        let found = find_due(&refs, NOW).unwrap();
        assert_eq!((found.start, found.end), (2, 5));
        // "by bus" and "may" are not dates.
        for text in ["go by bus", "I may go", "buy 3 apples", "in the kitchen"] {
            let words = words_of(text);
            let refs: Vec<&str> = words.iter().map(String::as_str).collect();
            assert_eq!(find_due(&refs, NOW), None, "{text}");
        }
    }

    #[test]
    fn dates_are_described_absolutely() {
        assert_eq!(due("friday").describe(), "Friday 27 November 2026");
        assert_eq!(
            due("tomorrow at 3pm").describe(),
            "Monday 23 November 2026 at 15:00"
        );
        assert_eq!(due("tomorrow at 3pm").to_iso(), "2026-11-23T15:00");
    }

    #[test]
    fn time_zone_names_are_plausible_iana_names() {
        assert_eq!(
            TimeZoneName::parse(" Asia/Kolkata ").unwrap().as_str(),
            "Asia/Kolkata"
        );
        assert!(TimeZoneName::parse("Etc/GMT+5").is_ok());
        for bad in ["", "Asia/Kolkata\u{0}", "आसिया", "a b", &"A".repeat(65)] {
            assert_eq!(
                TimeZoneName::parse(bad).unwrap_err().reason,
                "unknown_time_zone"
            );
        }
    }
}
