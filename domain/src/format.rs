//! Numbers, money and dates as Indian readers expect them, without ICU data:
//! lakh/crore grouping (₹12,34,567), compact counts (1.2 lakh, 12 लाख, 120K)
//! and dates with the month in the reader's language ("2 दिसंबर 2026").
//! Digits stay Latin in every language.

use crate::language::Language;
use crate::Currency;

/// How digits are grouped: `Indian` is 12,34,567 (threes, then twos);
/// `Western` is 1,234,567.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    Indian,
    Western,
}

/// Groups the digits of a whole number, with a leading `-` when negative.
pub fn group(n: i128, grouping: Grouping) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 2 + 1);
    if n < 0 {
        out.push('-');
    }
    let len = digits.len();
    // How many digits sit left of the first comma.
    let head = match grouping {
        _ if len <= 3 => len,
        Grouping::Western => (len - 1) % 3 + 1,
        Grouping::Indian => (len - 3 - 1) % 2 + 1,
    };
    out.push_str(&digits[..head]);
    let mut i = head;
    while i < len {
        let width = match grouping {
            Grouping::Indian if len - i > 3 => 2,
            _ => 3,
        };
        out.push(',');
        out.push_str(&digits[i..i + width]);
        i += width;
    }
    out
}

/// A number with `fraction_digits` decimals (rounded half away from zero),
/// its whole part grouped: `12,34,567.50`.
pub fn decimal(value: f64, fraction_digits: u32, grouping: Grouping) -> String {
    let scale = 10i128.pow(fraction_digits);
    let scaled = (value * scale as f64).round() as i128;
    let whole = group(scaled / scale, grouping);
    let whole = if scaled < 0 && !whole.starts_with('-') {
        format!("-{whole}")
    } else {
        whole
    };
    if fraction_digits == 0 {
        whole
    } else {
        let frac = (scaled % scale).unsigned_abs();
        format!("{whole}.{frac:0width$}", width = fraction_digits as usize)
    }
}

impl Currency {
    pub fn symbol(self) -> &'static str {
        match self {
            Currency::Inr => "₹",
            Currency::Usd => "$",
            Currency::Eur => "€",
            Currency::Gbp => "£",
        }
    }

    /// The rupee is grouped in lakhs and crores; the others in thousands.
    pub fn grouping(self) -> Grouping {
        match self {
            Currency::Inr => Grouping::Indian,
            _ => Grouping::Western,
        }
    }
}

/// A whole amount with its symbol: ₹12,34,567, £4,000, -$1,500.
pub fn money(amount: i64, currency: Currency) -> String {
    let grouped = group(i128::from(amount).abs(), currency.grouping());
    let sign = if amount < 0 { "-" } else { "" };
    format!("{sign}{}{grouped}", currency.symbol())
}

/// An amount in minor units (paise, cents) with two decimals: ₹1,20,000.50.
pub fn money_minor(minor: i64, currency: Currency) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let minor = i128::from(minor).abs();
    format!(
        "{sign}{}{}.{:02}",
        currency.symbol(),
        group(minor / 100, currency.grouping()),
        minor % 100
    )
}

/// A range of whole amounts: ₹10,000–₹50,000, or one amount when both ends meet.
pub fn money_range(min: u64, max: u64, currency: Currency) -> String {
    let whole = |n: u64| money(i64::try_from(n).unwrap_or(i64::MAX), currency);
    if min == max {
        whole(min)
    } else {
        format!("{}–{}", whole(min), whole(max))
    }
}

/// A count grouped the Indian way in every language: 12,34,567 followers.
pub fn count(n: u64) -> String {
    group(i128::from(n), Grouping::Indian)
}

/// A count shortened where space is tight: 950, 45K, 120K, 1.2M in English;
/// 45 हज़ार, 1.2 लाख, 12 लाख, 3.4 करोड़ in Hindi (and the same scale in the
/// other Indian languages).
pub fn compact(n: u64, language: Language) -> String {
    if n < 1_000 {
        return n.to_string();
    }
    let (value, unit) = match language {
        Language::En => match n {
            1_000..1_000_000 => (n as f64 / 1e3, "K"),
            1_000_000..1_000_000_000 => (n as f64 / 1e6, "M"),
            _ => (n as f64 / 1e9, "B"),
        },
        _ => {
            let [thousand, lakh, crore] = indian_units(language);
            match n {
                1_000..100_000 => (n as f64 / 1e3, thousand),
                100_000..10_000_000 => (n as f64 / 1e5, lakh),
                _ => (n as f64 / 1e7, crore),
            }
        }
    };
    // One decimal below 10 (1.2 lakh), none above (12 lakh); never "1.0".
    let shown = if value < 10.0 {
        let tenths = (value * 10.0).floor() / 10.0;
        if tenths.fract() == 0.0 {
            format!("{tenths:.0}")
        } else {
            format!("{tenths:.1}")
        }
    } else {
        group(value.floor() as i128, Grouping::Indian)
    };
    match language {
        Language::En => format!("{shown}{unit}"),
        _ => format!("{shown} {unit}"),
    }
}

fn indian_units(language: Language) -> [&'static str; 3] {
    match language {
        Language::En => ["thousand", "lakh", "crore"],
        Language::Hi => ["हज़ार", "लाख", "करोड़"],
        Language::Mr => ["हजार", "लाख", "कोटी"],
        Language::Bn => ["হাজার", "লাখ", "কোটি"],
        Language::Ta => ["ஆயிரம்", "லட்சம்", "கோடி"],
        Language::Te => ["వేలు", "లక్షలు", "కోట్లు"],
    }
}

/// The month's name in the language, full or short (for tight places).
pub fn month_name(month: time::Month, language: Language, short: bool) -> &'static str {
    let i = u8::from(month) as usize - 1;
    let names: [&str; 12] = match (language, short) {
        (Language::En, false) => [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        (Language::En, true) => [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ],
        (Language::Hi, _) => [
            "जनवरी",
            "फ़रवरी",
            "मार्च",
            "अप्रैल",
            "मई",
            "जून",
            "जुलाई",
            "अगस्त",
            "सितंबर",
            "अक्तूबर",
            "नवंबर",
            "दिसंबर",
        ],
        (Language::Mr, _) => [
            "जानेवारी",
            "फेब्रुवारी",
            "मार्च",
            "एप्रिल",
            "मे",
            "जून",
            "जुलै",
            "ऑगस्ट",
            "सप्टेंबर",
            "ऑक्टोबर",
            "नोव्हेंबर",
            "डिसेंबर",
        ],
        (Language::Bn, _) => [
            "জানুয়ারী",
            "ফেব্রুয়ারী",
            "মার্চ",
            "এপ্রিল",
            "মে",
            "জুন",
            "জুলাই",
            "আগস্ট",
            "সেপ্টেম্বর",
            "অক্টোবর",
            "নভেম্বর",
            "ডিসেম্বর",
        ],
        (Language::Ta, _) => [
            "ஜனவரி",
            "பிப்ரவரி",
            "மார்ச்",
            "ஏப்ரல்",
            "மே",
            "ஜூன்",
            "ஜூலை",
            "ஆகஸ்ட்",
            "செப்டம்பர்",
            "அக்டோபர்",
            "நவம்பர்",
            "டிசம்பர்",
        ],
        (Language::Te, _) => [
            "జనవరి",
            "ఫిబ్రవరి",
            "మార్చి",
            "ఏప్రిల్",
            "మే",
            "జూన్",
            "జులై",
            "ఆగస్టు",
            "సెప్టెంబర్",
            "అక్టోబర్",
            "నవంబర్",
            "డిసెంబర్",
        ],
    };
    names[i]
}

/// A calendar day as stored and sent: `YYYY-MM-DD`.
pub fn iso_day(d: time::Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// `YYYY-MM-DD` (spaces around it ignored) as a calendar day.
pub fn parse_iso_day(raw: &str) -> Option<time::Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(raw.trim(), &format).ok()
}

/// "2 December 2026" / "2 दिसंबर 2026"; `short` gives "2 Dec 2026" in
/// English (Indian month names are not abbreviated).
pub fn date(d: time::Date, language: Language, short: bool) -> String {
    format!(
        "{} {} {}",
        d.day(),
        month_name(d.month(), language, short),
        d.year()
    )
}

/// A date and a 24-hour time: "2 Dec 2026, 15:00".
pub fn date_time(d: time::Date, t: time::Time, language: Language, short: bool) -> String {
    format!(
        "{}, {:02}:{:02}",
        date(d, language, short),
        t.hour(),
        t.minute()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn indian_grouping_is_threes_then_twos() {
        let cases: [(i128, &str); 10] = [
            (0, "0"),
            (999, "999"),
            (1000, "1,000"),
            (99999, "99,999"),
            (100000, "1,00,000"),
            (1234567, "12,34,567"),
            (12345678, "1,23,45,678"),
            (12345678901, "12,34,56,78,901"),
            (-1234567, "-12,34,567"),
            (-999, "-999"),
        ];
        for (n, want) in cases {
            assert_eq!(group(n, Grouping::Indian), want, "{n}");
        }
    }

    #[test]
    fn western_grouping_is_threes() {
        let cases: [(i128, &str); 6] = [
            (0, "0"),
            (999, "999"),
            (1000, "1,000"),
            (100000, "100,000"),
            (1234567, "1,234,567"),
            (-1234567, "-1,234,567"),
        ];
        for (n, want) in cases {
            assert_eq!(group(n, Grouping::Western), want, "{n}");
        }
    }

    #[test]
    fn decimals_round_and_keep_their_sign() {
        assert_eq!(decimal(1234567.5, 2, Grouping::Indian), "12,34,567.50");
        assert_eq!(decimal(0.125, 2, Grouping::Indian), "0.13");
        assert_eq!(decimal(-0.4, 1, Grouping::Indian), "-0.4");
        assert_eq!(decimal(-1500.256, 2, Grouping::Western), "-1,500.26");
        assert_eq!(decimal(4.2, 0, Grouping::Western), "4");
        assert_eq!(decimal(3.75, 1, Grouping::Indian), "3.8");
    }

    #[test]
    fn money_has_its_symbol_and_its_grouping() {
        assert_eq!(money(120000, Currency::Inr), "₹1,20,000");
        assert_eq!(money(1234567, Currency::Inr), "₹12,34,567");
        assert_eq!(money(0, Currency::Inr), "₹0");
        assert_eq!(money(4000, Currency::Gbp), "£4,000");
        assert_eq!(money(1500, Currency::Usd), "$1,500");
        assert_eq!(money(1234567, Currency::Eur), "€1,234,567");
        assert_eq!(money(-1200, Currency::Inr), "-₹1,200");
        assert_eq!(
            money(i64::MIN, Currency::Usd),
            "-$9,223,372,036,854,775,808"
        );
        assert_eq!(money_minor(12000050, Currency::Inr), "₹1,20,000.50");
        assert_eq!(money_minor(-5, Currency::Usd), "-$0.05");
        assert_eq!(money_range(10000, 50_000, Currency::Inr), "₹10,000–₹50,000");
        assert_eq!(money_range(5000, 5_000, Currency::Gbp), "£5,000");
    }

    #[test]
    fn counts_are_grouped_and_compacted_per_language() {
        assert_eq!(count(1_234_567), "12,34,567");
        let cases = [
            (950, Language::En, "950"),
            (1000, Language::En, "1K"),
            (45300, Language::En, "45K"),
            (120000, Language::En, "120K"),
            (1250000, Language::En, "1.2M"),
            (950, Language::Hi, "950"),
            (45300, Language::Hi, "45 हज़ार"),
            (120000, Language::Hi, "1.2 लाख"),
            (1200000, Language::Hi, "12 लाख"),
            (34000000, Language::Hi, "3.4 करोड़"),
            (100000, Language::Mr, "1 लाख"),
            (25000000, Language::Mr, "2.5 कोटी"),
            (150000, Language::Ta, "1.5 லட்சம்"),
            (1200000, Language::Te, "12 లక్షలు"),
            (5000, Language::Bn, "5 হাজার"),
            (1999999999, Language::Bn, "199 কোটি"),
        ];
        for (n, lang, want) in cases {
            assert_eq!(compact(n, lang), want, "{n} in {lang}");
        }
    }

    #[test]
    fn dates_name_the_month_in_the_language() {
        let d = date!(2026 - 12 - 02);
        assert_eq!(date(d, Language::En, false), "2 December 2026");
        assert_eq!(date(d, Language::En, true), "2 Dec 2026");
        assert_eq!(date(d, Language::Hi, false), "2 दिसंबर 2026");
        assert_eq!(date(d, Language::Ta, true), "2 டிசம்பர் 2026");
        assert_eq!(date(d, Language::Te, false), "2 డిసెంబర్ 2026");
        assert_eq!(date(d, Language::Bn, false), "2 ডিসেম্বর 2026");
        assert_eq!(date(d, Language::Mr, false), "2 डिसेंबर 2026");
        assert_eq!(
            date_time(
                date!(2026 - 08 - 15),
                time::macros::time!(9:05),
                Language::Mr,
                false
            ),
            "15 ऑगस्ट 2026, 09:05"
        );
        for lang in Language::ALL {
            for m in 1..=12u8 {
                let month = time::Month::try_from(m).unwrap();
                assert!(!month_name(month, lang, false).is_empty());
            }
        }
    }
}
