//! Shapes that words do not catch: phone numbers, e-mail addresses, UPI ids
//! and messaging links, the ways a listing takes contact or payment off the
//! platform.

use super::normalise::is_word_char;
use super::Category;

/// A shape found in a text: its category and the rule that saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    pub category: Category,
    pub rule: &'static str,
}

/// Every shape in `light` (text in the scanner's light form), once per rule.
pub fn find(light: &str) -> Vec<Shape> {
    let words: Vec<&str> = tokens(light).collect();
    let mut found = Vec::new();
    let mut add = |category, rule| {
        if !found.iter().any(|s: &Shape| s.rule == rule) {
            found.push(Shape { category, rule });
        }
    };
    if has_phone_number(light) {
        add(Category::OffPlatform, "phone_number");
    }
    for address in addresses(light) {
        if address.domain.contains('.') {
            add(Category::OffPlatform, "email_address");
        } else if address.local.len() >= 2 && address.domain.len() >= 2 {
            add(Category::OffPlatformPayment, "upi_id");
        }
    }
    if has_spelled_out_number(&words) {
        add(Category::OffPlatform, "phone_number_in_words");
    }
    if promises_multiplied_money(&words) {
        add(Category::Scam, "money_multiplying");
    }
    if asks_a_fee_after_selection(light, &words) {
        add(Category::Scam, "fee_after_selection");
    }
    if prices_engagement(light, &words) {
        add(Category::FollowerSelling, "priced_engagement");
    }
    if has_ifsc_code(&words) {
        add(Category::OffPlatformPayment, "ifsc_code");
    }
    if insults_someone(&words) {
        add(Category::Abuse, "directed_insult");
    }
    if asks_a_fee_to_earn(light, &words) {
        add(Category::Scam, "fee_to_earn");
    }
    if has_spelled_out_address(&words) {
        add(Category::OffPlatform, "email_in_words");
    }
    if [
        "wa.me/",
        "t.me/",
        "chat.whatsapp.com",
        "telegram.me/",
        "api.whatsapp.com",
    ]
    .iter()
    .any(|link| light.contains(link))
    {
        add(Category::OffPlatform, "messaging_link");
    }
    found
}

/// An Indian mobile number (ten digits from 6 to 9, with or without +91 or
/// 0 before it), however it is spaced: "98765 43210", "+91-98765-43210",
/// "(0)98765.43210". Budgets, dates and counts do not look like that.
fn has_phone_number(light: &str) -> bool {
    let chars: Vec<char> = light.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && chars[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        // Digits from here, single separators between groups allowed.
        let mut digits = String::new();
        let mut j = i;
        while j < chars.len() {
            let c = chars[j];
            if c.is_ascii_digit() {
                digits.push(c);
                j += 1;
            } else if matches!(c, ' ' | '-' | '.' | '(' | ')')
                && chars
                    .get(j + 1)
                    .is_some_and(|n| n.is_ascii_digit() || *n == '(')
                && digits.len() < 13
            {
                j += 1;
            } else {
                break;
            }
        }
        let plus = i > 0 && chars[i - 1] == '+';
        let national = match digits.len() {
            10 => Some(digits.as_str()),
            11 if digits.starts_with('0') => Some(&digits[1..]),
            12 if digits.starts_with("91") => Some(&digits[2..]),
            13 if digits.starts_with("091") => Some(&digits[3..]),
            _ => None,
        };
        let grouped_like_a_date = digits.len() == 10 && !plus && looks_like_range(&chars[i..j]);
        if let Some(number) = national {
            if number.starts_with(['6', '7', '8', '9']) && !grouped_like_a_date {
                return true;
            }
        }
        i = j.max(i + 1);
    }
    false
}

/// The words of `light` (letters, digits and the marks of the Indian
/// scripts, so "मूर्ख" is one word).
fn tokens(light: &str) -> impl Iterator<Item = &str> {
    light
        .split(|c: char| !(is_word_char(c) || c == '₹'))
        .filter(|t| !t.is_empty())
}

/// Whether `word` is one of `latin` or starts with one of `indic` (Indian
/// words take endings: "गाढवा", "முட்டாளே").
fn is_one_of(word: &str, latin: &[&str], indic: &[&str]) -> bool {
    latin.contains(&word) || indic.iter().any(|w| word.starts_with(w))
}

/// Ten or more digits written as words ("nine eight seven six …"), in
/// English or Hindi, the way a number is slipped past a filter.
fn has_spelled_out_number(words: &[&str]) -> bool {
    const DIGITS: [&str; 22] = [
        "zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
        "shunya", "ek", "do", "teen", "char", "paanch", "panch", "chhe", "saat", "aath", "nau",
    ];
    let mut run = 0;
    for &token in words {
        if DIGITS.contains(&token)
            || (token.len() == 1 && token.chars().all(|c| c.is_ascii_digit()))
        {
            run += 1;
            if run >= 10 {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

/// An investment that promises more money back: a word for investing and
/// at least two amounts ("invest ₹10,000, get ₹50,000 in a week").
fn promises_multiplied_money(words: &[&str]) -> bool {
    const INVEST: [&str; 8] = [
        "invest",
        "investment",
        "nivesh",
        "निवेश",
        "முதலீடு",
        "పెట్టుబడి",
        "বিনিযোগ",
        "गुंतवणूक",
    ];
    words.iter().any(|w| INVEST.contains(w)) && amounts(words) >= 2
}

/// Whether `light` (its `words`) has one of `indic`, as the start of a
/// word (endings vary), or one of `latin` as a whole word.
fn mentions(light: &str, words: &[&str], indic: &[&str], latin: &[&str]) -> bool {
    latin.iter().any(|w| words.contains(w))
        || indic.iter().any(|w| {
            light.match_indices(w).any(|(at, _)| {
                !light[..at]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
            })
        })
}

/// "You are selected: pay ₹999 to confirm": being chosen, a fee or deposit
/// and an amount, the shape of the fake-selection scam in every language.
fn asks_a_fee_after_selection(light: &str, words: &[&str]) -> bool {
    const CHOSEN: [&str; 10] = [
        "चयन",
        "चुने",
        "सिलेक्शन",
        "தேர்வு",
        "தேர்ந்தெடு",
        "ఎంపిక",
        "নির্বাচিত",
        "সিলেক্ট",
        "निवड",
        "सिलेक्ट",
    ];
    const CHOSEN_LATIN: [&str; 4] = ["selected", "selection", "shortlisted", "chosen"];
    const FEE: [&str; 8] = ["जमा", "फीस", "शुल्क", "கட்டணம்", "செலுத்த", "ఫీజు", "చెల్లించ", "জমা"];
    const FEE_LATIN: [&str; 7] = ["fee", "fees", "deposit", "charges", "bhar", "bharo", "jama"];
    let priced = amounts(words) >= 1
        || words
            .iter()
            .any(|w| w.len() >= 3 && w.chars().all(|c| c.is_ascii_digit()));
    priced
        && mentions(light, words, &CHOSEN, &CHOSEN_LATIN)
        && mentions(light, words, &FEE, &FEE_LATIN)
}

/// "1 lakh views for ₹999", "5k followers 299 mein": a count of followers,
/// likes or views with a price right after it.
fn prices_engagement(light: &str, words: &[&str]) -> bool {
    const ENGAGEMENT: [&str; 14] = [
        "followers",
        "follower",
        "likes",
        "views",
        "subscribers",
        "subs",
        "फॉलोअर्स",
        "फॉलोवर्स",
        "व्यूज",
        "लाइक्स",
        "ஃபாலோயர்ஸ்",
        "ఫాలోవర్స్",
        "ফলোযার",
        "व्ह्यूज",
    ];
    const LINK: [&str; 8] = ["for", "at", "in", "only", "just", "sirf", "सिर्फ", "मात्र"];
    const SCALE: [&str; 6] = ["k", "lakh", "lac", "लाख", "हजार", "thousand"];
    const PLATFORM: [&str; 7] = [
        "instagram",
        "insta",
        "ig",
        "youtube",
        "yt",
        "real",
        "indian",
    ];
    let count = |w: &str| {
        w.chars().next().is_some_and(|c| c.is_ascii_digit())
            && (w.chars().all(|c| c.is_ascii_digit()) || w.ends_with('k'))
    };
    let price = |i: usize| {
        let w = words.get(i).copied().unwrap_or_default();
        (w.starts_with('₹') && w.len() > '₹'.len_utf8())
            || (w == "₹" || w == "rs")
                && words
                    .get(i + 1)
                    .is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit()))
            || (w.chars().all(|c| c.is_ascii_digit())
                && !w.is_empty()
                && words
                    .get(i + 1)
                    .is_some_and(|n| ["mein", "me", "में", "rs", "rupees", "only"].contains(n)))
    };
    (0..words.len()).any(|i| {
        if !ENGAGEMENT.iter().any(|e| words[i].starts_with(e)) || i == 0 {
            return false;
        }
        // "10k Instagram followers": the platform may come in between.
        let before = if i >= 2 && PLATFORM.contains(&words[i - 1]) {
            i - 1
        } else {
            i
        };
        let counted = before >= 1
            && (count(words[before - 1])
                || (before >= 2 && SCALE.contains(&words[before - 1]) && count(words[before - 2])));
        let after = if words.get(i + 1).is_some_and(|w| LINK.contains(w)) {
            i + 2
        } else {
            i + 1
        };
        // "10k followers, ₹15,000 per reel" is a creator's size and a fee.
        let joined = words.get(after).is_some_and(|price| {
            !between(light, words[i], price).contains([',', ';', '.', ':', '('])
        });
        counted && price(after) && joined
    })
}

/// The text of `light` between two of its words (`tokens` borrows them
/// from it, in order).
fn between<'a>(light: &'a str, first: &str, second: &str) -> &'a str {
    let start = first.as_ptr() as usize - light.as_ptr() as usize + first.len();
    let end = second.as_ptr() as usize - light.as_ptr() as usize;
    light.get(start..end).unwrap_or_default()
}

/// An Indian bank branch code (IFSC: four letters, a zero, six letters or
/// digits), given so that money is sent to an account directly.
fn has_ifsc_code(words: &[&str]) -> bool {
    words.iter().any(|t| {
        let b = t.as_bytes();
        b.len() == 11
            && b[..4].iter().all(u8::is_ascii_alphabetic)
            && b[4] == b'0'
            && b[5..].iter().all(u8::is_ascii_alphanumeric)
            && b[5..].iter().any(u8::is_ascii_digit)
    })
}

/// "You stupid cow", "तू बेवकूफ है", "நீ ஒரு முட்டாள்": a mild insult
/// right after "you" (a few filler words such as "are a" between). Alone
/// these words are fine ("idiot box", a donkey safari, "make you look
/// stupid"); aimed at someone they are abuse.
fn insults_someone(words: &[&str]) -> bool {
    const YOU: [&str; 14] = [
        "you", "u", "tu", "tum", "tujhe", "tula", "nee", "nuvvu", "tui", "tumi", "poda", "podi",
        "ur", "yu",
    ];
    const YOU_INDIC: [&str; 10] = [
        "तू",
        "तुम",
        "तुझे",
        "तुला",
        "நீ",
        "போடா",
        "போடி",
        "నువ్వు",
        "তুই",
        "তুমি",
    ];
    const FILLER: [&str; 20] = [
        "are", "r", "re", "a", "an", "such", "so", "total", "complete", "big", "ek", "oka", "ekta",
        "hai", "ho", "ahes", "pichi", "ekdum", "bilkul", "pakka",
    ];
    const FILLER_INDIC: [&str; 8] = ["एक", "ஒரு", "ఒక", "একটা", "এক", "है", "हो", "आहेस"];
    const INSULT: [&str; 31] = [
        "idiot",
        "idiots",
        "stupid",
        "moron",
        "dumb",
        "fool",
        "brainless",
        "loser",
        "imbecile",
        "cow",
        "pig",
        "donkey",
        "bewakoof",
        "bevkoof",
        "bewkoof",
        "gadha",
        "gadhe",
        "ullu",
        "kutte",
        "kutta",
        "kamine",
        "kamina",
        "murkh",
        "gadhva",
        "gadhav",
        "muttal",
        "loosu",
        "naaye",
        "vedhava",
        "shuor",
        "shuyor",
    ];
    const INSULT_INDIC: [&str; 16] = [
        "बेवकूफ",
        "गधा",
        "गधे",
        "उल्लू",
        "कुत्ते",
        "कुत्ता",
        "कमीन",
        "मूर्ख",
        "गाढव",
        "முட்டாள்",
        "லூசு",
        "நாயே",
        "వెధవ",
        "గాడిద",
        "গাধা",
        "শুযোর",
    ];
    (0..words.len()).any(|i| {
        is_one_of(words[i], &YOU, &YOU_INDIC)
            && words[i + 1..]
                .iter()
                .take(4)
                .find(|w| !is_one_of(w, &FILLER, &FILLER_INDIC))
                .is_some_and(|w| is_one_of(w, &INSULT, &INSULT_INDIC))
    })
}

/// "Earn ₹30,000 a month, pay ₹500 to start": earnings promised and a fee
/// to get them, with two amounts, the fake-job scam in every language.
fn asks_a_fee_to_earn(light: &str, words: &[&str]) -> bool {
    const EARN: [&str; 6] = ["earn", "earning", "kamao", "kamaye", "kamaiye", "kamai"];
    const EARN_INDIC: [&str; 8] = [
        "कमाए",
        "कमाओ",
        "कमाइए",
        "சம்பாதி",
        "సంపాదించ",
        "আয কর",
        "রোজগার",
        "कमवा",
    ];
    const FEE: [&str; 4] = ["fee", "fees", "registration", "deposit"];
    const FEE_INDIC: [&str; 10] = [
        "रजिस्ट्रेशन",
        "पंजीकरण",
        "शुल्क",
        "फीस",
        "கட்டணம்",
        "ఫీజు",
        "రిజిస్ట్రేషన్",
        "রেজিস্ট্রেশন",
        "নিবন্ধন",
        "नोंदणी",
    ];
    let to_start = words.windows(2).any(|w| w == ["to", "start"]);
    amounts(words) >= 2
        && mentions(light, words, &EARN_INDIC, &EARN)
        && (to_start || mentions(light, words, &FEE_INDIC, &FEE))
}

/// "priya dot shoots at gmail dot com": an e-mail address spelled out.
fn has_spelled_out_address(words: &[&str]) -> bool {
    const HOSTS: [&str; 9] = [
        "gmail",
        "yahoo",
        "ymail",
        "hotmail",
        "outlook",
        "rediffmail",
        "rediff",
        "protonmail",
        "icloud",
    ];
    words.windows(3).any(|w| {
        (w[0] == "at" && HOSTS.contains(&w[1])) || (HOSTS.contains(&w[0]) && w[1] == "dot")
    })
}

/// How many amounts of money: "₹500", "rs 500", "500 rupees".
fn amounts(words: &[&str]) -> usize {
    const CURRENCY: [&str; 9] = [
        "rs",
        "inr",
        "rupees",
        "rupaye",
        "rupay",
        "रुपये",
        "रुपए",
        "টাকা",
        "ரூபாய்",
    ];
    let number = |w: &str| w.chars().next().is_some_and(|c| c.is_ascii_digit());
    words
        .iter()
        .enumerate()
        .filter(|(i, w)| {
            (w.starts_with('₹') && w.len() > '₹'.len_utf8())
                || (**w == "₹" && words.get(i + 1).is_some_and(|n| number(n)))
                || (CURRENCY.contains(w) && words.get(i + 1).is_some_and(|n| number(n)))
                || (number(w) && words.get(i + 1).is_some_and(|n| CURRENCY.contains(n)))
        })
        .count()
}

/// "50000-99999": two amounts of five digits, a range, not a number.
fn looks_like_range(span: &[char]) -> bool {
    let s: String = span.iter().collect();
    let groups: Vec<&str> = s.split(['-', ' ', '.']).filter(|g| !g.is_empty()).collect();
    groups.len() == 2 && groups.iter().all(|g| g.len() == 5) && s.contains('-')
}

struct Address<'a> {
    local: &'a str,
    domain: &'a str,
}

/// `local@domain` pieces (e-mail addresses and UPI ids).
fn addresses(light: &str) -> Vec<Address<'_>> {
    let is_part = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+');
    let mut out = Vec::new();
    for (at, _) in light.match_indices('@') {
        let local_start = light[..at]
            .char_indices()
            .rev()
            .take_while(|(_, c)| is_part(*c))
            .last()
            .map_or(at, |(i, _)| i);
        let domain_end = light[at + 1..]
            .char_indices()
            .take_while(|(_, c)| is_part(*c))
            .last()
            .map_or(at + 1, |(i, c)| at + 1 + i + c.len_utf8());
        let local = light[local_start..at].trim_matches('.');
        let domain = light[at + 1..domain_end].trim_end_matches('.');
        if !local.is_empty() && domain.chars().any(|c| c.is_ascii_alphabetic()) {
            out.push(Address { local, domain });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(text: &str) -> Vec<&'static str> {
        find(&super::super::normalise::light(text))
            .into_iter()
            .map(|s| s.rule)
            .collect()
    }

    #[test]
    fn phone_numbers_however_spaced() {
        for text in [
            "call 9876543210",
            "WhatsApp +91 98765 43210",
            "+91-98765-43210",
            "reach me on 098765.43210",
            "९८७६५४३२१० पर कॉल करें",
            "৯৮৭৬৫ ৪৩২১০",
        ] {
            assert_eq!(rules(text), ["phone_number"], "{text}");
        }
    }

    #[test]
    fn budgets_dates_and_counts_are_not_phone_numbers() {
        for text in [
            "Budget ₹10,000 to ₹50,000",
            "budget 50000-90000",
            "deadline 2026-12-20",
            "1200000 followers",
            "reel of 30 seconds, 3 stories",
            "order id 1234567890",
        ] {
            assert!(rules(text).is_empty(), "{text}: {:?}", rules(text));
        }
    }

    #[test]
    fn emails_and_upi_ids() {
        assert_eq!(rules("mail me: rahul.k@gmail.com"), ["email_address"]);
        assert_eq!(rules("pay to rahul@okaxis"), ["upi_id"]);
        assert_eq!(rules("UPI: 9876543210@ybl"), ["phone_number", "upi_id"]);
        // A handle is not an address.
        assert!(rules("follow @chai_ghar on Instagram").is_empty());
    }

    #[test]
    fn numbers_in_words_and_money_multiplied() {
        assert_eq!(
            rules("text me at nine eight seven six five four three two one zero"),
            ["phone_number_in_words"]
        );
        assert!(rules("one two three four, get on the dance floor").is_empty());
        assert_eq!(
            rules("Invest ₹10,000 and get ₹50,000 back"),
            ["money_multiplying"]
        );
        assert_eq!(
            rules("invest rs 500 get 2000 rupees"),
            ["money_multiplying"]
        );
        assert!(rules("Investment app explainer, budget ₹20,000").is_empty());
    }

    #[test]
    fn messaging_links() {
        assert_eq!(
            rules("join https://wa.me/919876543210"),
            ["phone_number", "messaging_link"]
        );
        assert_eq!(rules("t.me/deals_group"), ["messaging_link"]);
    }

    #[test]
    fn insults_aimed_at_someone_in_every_language() {
        for text in [
            "Shut up you stupid cow",
            "you are a brainless idiot",
            "तू बेवकूफ है",
            "tu ekdum gadha hai",
            "நீ ஒரு முட்டாள்",
            "Nuvvu oka pichi vedhava",
            "তুই একটা গাধা",
            "तू मूर्ख आहेस",
        ] {
            assert_eq!(rules(text), ["directed_insult"], "{text}");
        }
        for text in [
            "Idiot-proof camera guide for beginners",
            "Don't let a shaky camera make you look stupid",
            "A donkey safari vlog: you ride, we pay",
            "Stupid-easy 10 minute recipes",
        ] {
            assert!(rules(text).is_empty(), "{text}: {:?}", rules(text));
        }
    }

    #[test]
    fn a_fee_to_earn_and_an_address_in_words() {
        assert_eq!(
            rules("Earn ₹30,000 a month from home, pay ₹500 to start"),
            ["fee_to_earn"]
        );
        assert_eq!(
            rules("घर बैठे कमाएं ₹25,000, रजिस्ट्रेशन के ₹700"),
            ["fee_to_earn"]
        );
        assert!(rules("Creators earn ₹15,000 per reel, paid ₹5,000 on approval").is_empty());
        assert_eq!(
            rules("write to priya dot shoots at gmail dot com"),
            ["email_in_words"]
        );
        assert!(rules("Gmail productivity tips, budget ₹8,000").is_empty());
    }

    #[test]
    fn priced_engagement_with_the_platform_named() {
        assert_eq!(
            rules("10k Instagram followers at ₹399"),
            ["priced_engagement"]
        );
        assert_eq!(rules("৫০০০ ফলোয়ার ₹৩৯৯"), ["priced_engagement"]);
        assert!(rules("Creators with 10k Instagram followers, ₹15,000 per reel").is_empty());
    }
}
