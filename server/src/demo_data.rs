//! The demo marketplace: 220 creators and 30 collaboration requests, varied
//! across niches, Indian and other cities, languages (bios in Hindi, Tamil,
//! Telugu, Bengali and Marathi as well as English) and budgets. Generated
//! deterministically from a fixed seed and saved through the same services
//! as real input, so every value passes the same validation.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

pub const CREATORS: usize = 220;
const SEED: u64 = 20_261_122;

/// (city, state, country code, regional language)
const CITIES: &[(&str, &str, &str, &str)] = &[
    ("Mumbai", "Maharashtra", "IN", "mr"),
    ("Pune", "Maharashtra", "IN", "mr"),
    ("Delhi", "Delhi", "IN", "hi"),
    ("Jaipur", "Rajasthan", "IN", "hi"),
    ("Lucknow", "Uttar Pradesh", "IN", "hi"),
    ("Bengaluru", "Karnataka", "IN", "kn"),
    ("Chennai", "Tamil Nadu", "IN", "ta"),
    ("Coimbatore", "Tamil Nadu", "IN", "ta"),
    ("Hyderabad", "Telangana", "IN", "te"),
    ("Vijayawada", "Andhra Pradesh", "IN", "te"),
    ("Kolkata", "West Bengal", "IN", "bn"),
    ("Siliguri", "West Bengal", "IN", "bn"),
    ("Ahmedabad", "Gujarat", "IN", "gu"),
    ("Kochi", "Kerala", "IN", "ml"),
    ("Guwahati", "Assam", "IN", "as"),
    ("Chandigarh", "Punjab", "IN", "pa"),
    ("London", "England", "GB", "en"),
    ("Dubai", "Dubai", "AE", "ar"),
    ("Singapore", "Singapore", "SG", "en"),
    ("New York", "New York", "US", "en"),
    ("Toronto", "Ontario", "CA", "fr"),
    ("Berlin", "Berlin", "DE", "de"),
];

const FIRST_NAMES: &[&str] = &[
    "Aarav",
    "Priya",
    "Ishaan",
    "Ananya",
    "Vihaan",
    "Diya",
    "Arjun",
    "Meera",
    "Kabir",
    "Sana",
    "Rohan",
    "Kavya",
    "Aditya",
    "Nandini",
    "Karthik",
    "Lakshmi",
    "Siddharth",
    "Aisha",
    "Rahul",
    "Pooja",
    "Vikram",
    "Sneha",
    "Farhan",
    "Tanvi",
    "Nikhil",
    "Riya",
    "Harsh",
    "Anjali",
    "Zoë",
    "Seán",
    "Lena",
    "Mateo",
];
const LAST_NAMES: &[&str] = &[
    "Sharma",
    "Iyer",
    "Reddy",
    "Banerjee",
    "Patil",
    "Khan",
    "Nair",
    "Gupta",
    "Mehta",
    "Das",
    "Kulkarni",
    "Rao",
    "Chatterjee",
    "Menon",
    "Singh",
    "Joshi",
    "Pillai",
    "Bose",
    "Deshmukh",
    "Verma",
    "O'Brien",
    "Müller",
    "García",
    "D'Souza",
];

/// What each niche's creators write about, in English.
const NICHE_DETAILS: &[(&str, &str)] = &[
    (
        "fitness",
        "I share home workouts, gym routines and high-protein meal ideas.",
    ),
    (
        "beauty",
        "I review skincare and makeup for Indian skin tones, with honest swatches.",
    ),
    (
        "fashion",
        "Everyday and festive outfits, styling hauls and sustainable wardrobe tips.",
    ),
    (
        "food",
        "Regional recipes, street-food tours and quick weeknight cooking.",
    ),
    (
        "travel",
        "Budget itineraries, hidden beaches and mountain treks across Asia.",
    ),
    (
        "tech",
        "Smartphone and laptop reviews, gadget unboxings and app tutorials.",
    ),
    (
        "gaming",
        "Live streams of BGMI and Valorant, with game reviews and esports news.",
    ),
    (
        "finance",
        "Personal finance explained simply: SIPs, taxes, budgeting and credit cards.",
    ),
    (
        "education",
        "Exam preparation, study techniques and explainers on science and maths.",
    ),
    (
        "parenting",
        "Parenting stories, toddler activities and honest baby product reviews.",
    ),
    (
        "lifestyle",
        "Day-in-my-life vlogs, home routines and productivity habits.",
    ),
    (
        "music",
        "Covers of Bollywood and indie songs, singing lessons and gear reviews.",
    ),
    (
        "comedy",
        "Sketch comedy about office life, families and everyday chaos.",
    ),
    (
        "sports",
        "Cricket analysis, match reactions and training drills for young players.",
    ),
    (
        "health",
        "Nutrition myths, mental wellbeing and doctor-approved health tips.",
    ),
    (
        "automotive",
        "Car and motorcycle reviews, road trips and EV ownership diaries.",
    ),
    (
        "home",
        "Small-apartment makeovers, DIY decor and organisation hacks.",
    ),
    (
        "pets",
        "Life with rescue dogs and cats, training tips and pet food reviews.",
    ),
    (
        "art",
        "Watercolour and digital illustration tutorials, with my process behind the scenes.",
    ),
    (
        "sustainability",
        "Zero-waste living, thrift finds and easy swaps for a greener home.",
    ),
];

const STYLES: &[&str] = &[
    "New videos every week.",
    "Honest reviews, no fluff.",
    "Open to long-term brand partnerships.",
    "Known for storytelling reels.",
    "My audience is mostly 18–34 and very engaged in the comments.",
    "I script, shoot and edit everything myself.",
];

/// Niches with bios written in Indian languages: (niche, hi, ta, te, bn, mr).
const LOCAL_NICHES: &[(&str, [&str; 5])] = &[
    (
        "fitness",
        [
            "फिटनेस और वर्कआउट",
            "உடற்பயிற்சி",
            "ఫిట్‌నెస్ మరియు వ్యాయామం",
            "ফিটনেস আর ব্যায়াম",
            "फिटनेस आणि व्यायाम",
        ],
    ),
    ("food", ["खाना और रेसिपी", "சமையல்", "వంటలు", "রান্না", "स्वयंपाक"]),
    ("travel", ["यात्रा", "பயணம்", "ప్రయాణం", "ভ্রমণ", "प्रवास"]),
    (
        "beauty",
        [
            "ब्यूटी और स्किनकेयर",
            "அழகு குறிப்புகள்",
            "అందం",
            "সৌন্দর্য",
            "सौंदर्य",
        ],
    ),
    ("fashion", ["फैशन", "ஃபேஷன்", "ఫ్యాషన్", "ফ্যাশন", "फॅशन"]),
    (
        "tech",
        [
            "टेक्नोलॉजी और गैजेट्स",
            "தொழில்நுட்பம்",
            "టెక్నాలజీ",
            "প্রযুক্তি",
            "तंत्रज्ञान",
        ],
    ),
    (
        "education",
        ["पढ़ाई और शिक्षा", "கல்வி", "విద్య", "শিক্ষা", "शिक्षण"],
    ),
    ("music", ["संगीत", "இசை", "సంగీతం", "সঙ্গীত", "संगीत"]),
];

fn local_bio(language: &str, topic: &str, city: &str) -> Option<String> {
    Some(match language {
        "hi" => format!("{city} से मेरा चैनल {topic} के बारे में है। हर हफ़्ते नए वीडियो, टिप्स और ईमानदार रिव्यू।"),
        "ta" => format!("{city} இலிருந்து {topic} பற்றிய வீடியோக்களை உருவாக்குகிறேன். ஒவ்வொரு வாரமும் புதிய குறிப்புகள் மற்றும் நேர்மையான விமர்சனங்கள்."),
        "te" => format!("{city} నుండి {topic} గురించి వీడియోలు చేస్తాను. ప్రతి వారం కొత్త చిట్కాలు మరియు నిజాయితీ రివ్యూలు."),
        "bn" => format!("{city} থেকে আমি {topic} নিয়ে ভিডিও বানাই। প্রতি সপ্তাহে নতুন টিপস আর সৎ রিভিউ।"),
        "mr" => format!("मी {city} मधून {topic} विषयी व्हिडिओ बनवते. दर आठवड्याला नवीन टिप्स आणि प्रामाणिक रिव्ह्यू."),
        _ => return None,
    })
}

fn local_index(language: &str) -> Option<usize> {
    ["hi", "ta", "te", "bn", "mr"]
        .iter()
        .position(|l| *l == language)
}

/// One generated creator, as the profile form and portfolio samples.
pub struct DemoCreator {
    pub email: String,
    pub name: String,
    pub profile: domain::profile_input::ProfileForm,
    /// (title, text) of text samples.
    pub samples: Vec<(String, String)>,
}

fn pick<'a, T>(rng: &mut StdRng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

/// Whole thousands, so amounts read naturally.
fn round_thousands(n: f64) -> i64 {
    ((n / 1000.0).round() as i64).max(1) * 1000
}

pub fn creators() -> Vec<DemoCreator> {
    let mut rng = StdRng::seed_from_u64(SEED);
    (0..CREATORS)
        .map(|i| {
            let (niche, detail) = NICHE_DETAILS[i % NICHE_DETAILS.len()];
            let (city, state, country, regional) = *pick(&mut rng, CITIES);
            let name = format!(
                "{} {}",
                pick(&mut rng, FIRST_NAMES),
                pick(&mut rng, LAST_NAMES)
            );
            let local = LOCAL_NICHES
                .iter()
                .find(|(n, _)| *n == niche)
                .zip(local_index(regional));
            let bio = match local {
                Some(((_, topics), li)) if rng.random_bool(0.8) => {
                    local_bio(regional, topics[li], city).unwrap_or_default()
                }
                _ => format!("Based in {city}. {detail} {}", pick(&mut rng, STYLES)),
            };
            let mut languages = vec!["en".to_owned()];
            if regional != "en" {
                languages.insert(0, regional.to_owned());
            }
            if country == "IN" && regional != "hi" && rng.random_bool(0.5) {
                languages.push("hi".to_owned());
            }
            let second = NICHE_DETAILS[(i * 7 + 3) % NICHE_DETAILS.len()].0;
            let mut niches = vec![niche.to_owned()];
            if rng.random_bool(0.5) && second != niche {
                niches.push(second.to_owned());
            }
            // Log-uniform followers between 5 thousand and 2 million.
            let followers = (5_000f64 * 400f64.powf(rng.random::<f64>())) as i64;
            let currency = match country {
                "IN" => "inr",
                "GB" => "gbp",
                "DE" => "eur",
                _ => "usd",
            };
            let per_follower = if currency == "inr" { 0.15 } else { 0.004 };
            let rate_min = round_thousands(followers as f64 * per_follower);
            let rate_max = rate_min * rng.random_range(2..4);
            let handle = format!("{}.{i}", name.split(' ').next().unwrap_or("creator"))
                .to_lowercase()
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
                .collect::<String>();
            let platform = if i % 3 == 0 { "youtube" } else { "instagram" };
            let samples = (0..i % 5)
                .map(|n| {
                    (
                        format!("{} campaign #{}", capitalised(niche), n + 1),
                        format!(
                            "A {niche} collaboration: {} posts, {:.1}% engagement.",
                            n + 2,
                            2.0 + (i % 6) as f64
                        ),
                    )
                })
                .collect();
            DemoCreator {
                email: format!("creator-{:03}@demo.mat-cha.app", i + 1),
                name,
                profile: domain::profile_input::ProfileForm {
                    bio,
                    niches,
                    country: country.to_owned(),
                    state: state.to_owned(),
                    city: city.to_owned(),
                    languages,
                    socials: vec![domain::profile_input::SocialForm {
                        platform: platform.to_owned(),
                        handle,
                        followers,
                    }],
                    engagement_rate: Some(f64::from(rng.random_range(15u32..90)) / 10.0),
                    rate_min: Some(rate_min),
                    rate_max: Some(rate_max),
                    rate_currency: currency.to_owned(),
                },
                samples,
            }
        })
        .collect()
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Brands that post the requests: (e-mail, name).
pub const BRANDS: &[(&str, &str)] = &[
    ("brand@demo.mat-cha.app", "Chai & Co. (demo brand)"),
    ("zest@demo.mat-cha.app", "Zest Foods"),
    ("pixel@demo.mat-cha.app", "Pixel Mobile"),
    ("trails@demo.mat-cha.app", "Himalaya Trails"),
    ("glow@demo.mat-cha.app", "Glow Botanicals"),
    ("finsmart@demo.mat-cha.app", "FinSmart"),
    ("littlesteps@demo.mat-cha.app", "Little Steps"),
    ("ecothread@demo.mat-cha.app", "EcoThread"),
];

/// (brand index, title, description, niches, deliverables, budget min,
/// budget max, currency, countries, languages)
type Brief = (
    usize,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
    i64,
    i64,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);

pub const REQUESTS: &[Brief] = &[
    (0, "Masala chai launch for the monsoon", "We are launching a ready-to-brew masala chai. Looking for food and lifestyle creators to film a cosy rainy-day chai ritual.", &["food", "lifestyle"], &["1 Instagram reel", "3 stories"], 20000, 60000, "inr", &["IN"], &["hi", "en"]),
    (0, "Chai with a workout: post-gym energy drink", "A lightly sweetened iced chai for after training. We want fitness creators to show it in their post-workout routine.", &["fitness", "food"], &["1 reel", "1 YouTube short"], 30000, 90000, "inr", &["IN"], &[]),
    (0, "चाय और कहानियाँ — त्योहार कैम्पेन", "दिवाली के लिए हमारी गिफ्ट-बॉक्स चाय। परिवार और त्योहार की कहानियाँ सुनाने वाले क्रिएटर्स चाहिए।", &["lifestyle", "food"], &["2 Instagram reels"], 40000, 120000, "inr", &["IN"], &["hi"]),
    (0, "Tea-tasting series for the UK", "A three-part tasting series introducing Indian single-estate teas to British tea lovers.", &["food", "travel"], &["3 YouTube videos"], 1500, 4000, "gbp", &["GB"], &["en"]),
    (1, "High-protein millet snack", "Fitness creators to try our high-protein millet snack in workout videos and share honest reviews.", &["fitness", "health"], &["1 reel", "2 stories"], 15000, 50000, "inr", &["IN"], &["hi", "mr", "ta"]),
    (1, "Regional recipe challenge", "Cook a regional dish with our cold-pressed oils. Tamil, Telugu and Bengali recipes especially welcome.", &["food"], &["1 recipe video", "1 carousel"], 10000, 40000, "inr", &["IN"], &["ta", "te", "bn"]),
    (1, "சமையல் சவால் — எண்ணெய் பிராண்ட்", "எங்கள் எண்ணெயுடன் ஒரு பாரம்பரிய தமிழ் சமையல் வீடியோ செய்யுங்கள்.", &["food"], &["1 YouTube video"], 15000, 45000, "inr", &["IN"], &["ta"]),
    (1, "Street food festival coverage", "Cover our street food festival in Mumbai and Pune with reels and live stories.", &["food", "travel"], &["2 reels", "live stories"], 25000, 70000, "inr", &["IN"], &["mr", "hi"]),
    (2, "Flagship phone camera test", "Tech reviewers to put our new phone's night camera through real-world tests.", &["tech"], &["1 YouTube review", "1 short"], 50000, 200000, "inr", &["IN"], &[]),
    (2, "Gaming phone tournament", "Stream a BGMI tournament on our gaming phone and review performance and thermals.", &["gaming", "tech"], &["1 live stream", "1 highlight video"], 40000, 150000, "inr", &["IN"], &["hi", "en"]),
    (2, "Phone for students", "Show how students use our budget phone for classes, notes and exam preparation.", &["education", "tech"], &["1 reel", "1 YouTube short"], 20000, 60000, "inr", &["IN"], &[]),
    (2, "Unboxing for the Gulf", "Arabic or English unboxing and first impressions of our flagship phone.", &["tech"], &["1 unboxing video"], 800, 2500, "usd", &["AE"], &["ar", "en"]),
    (3, "Winter trek in Himachal", "Join a guided winter trek and document the route, the gear and the homestays.", &["travel", "sports"], &["1 vlog", "5 stories"], 30000, 100000, "inr", &["IN"], &[]),
    (3, "হিমালয় ভ্রমণ — বাংলা ভ্লগ", "আমাদের সাথে দার্জিলিং ট্রেক করুন এবং বাংলায় একটি ভ্রমণ ভ্লগ বানান।", &["travel"], &["1 YouTube vlog"], 20000, 60000, "inr", &["IN"], &["bn"]),
    (3, "Budget backpacking guide", "A budget backpacking guide to Spiti valley with costs, routes and tips.", &["travel"], &["1 long-form video", "1 carousel"], 25000, 80000, "inr", &["IN"], &["en", "hi"]),
    (3, "Adventure gear review", "Review our trekking backpacks and jackets on a real mountain trip.", &["travel", "sports"], &["1 review video"], 15000, 50000, "inr", &[], &[]),
    (4, "Monsoon skincare routine", "Beauty creators to show a monsoon skincare routine with our ayurvedic face wash.", &["beauty"], &["1 reel", "1 story"], 20000, 70000, "inr", &["IN"], &[]),
    (4, "Festive makeup looks", "Three festive makeup looks for Diwali using our new lipstick range.", &["beauty", "fashion"], &["3 reels"], 40000, 120000, "inr", &["IN"], &["hi", "en"]),
    (4, "Clean beauty for London", "Introduce our clean beauty line to UK audiences with an honest first-impressions video.", &["beauty"], &["1 YouTube video"], 1000, 3000, "gbp", &["GB"], &["en"]),
    (4, "అందం చిట్కాలు — తెలుగు", "మా ఆయుర్వేద ఫేస్ వాష్‌తో ఒక తెలుగు స్కిన్‌కేర్ వీడియో చేయండి.", &["beauty"], &["1 reel"], 15000, 40000, "inr", &["IN"], &["te"]),
    (5, "SIP explainer series", "Explain SIPs and index funds to first-time investors in simple language.", &["finance", "education"], &["2 YouTube videos"], 30000, 100000, "inr", &["IN"], &["hi", "en"]),
    (5, "Tax-saving season", "Short videos on tax-saving options before March, with our app as the example.", &["finance"], &["3 shorts"], 25000, 75000, "inr", &["IN"], &[]),
    (5, "पैसे की बात — मराठी", "मराठीमध्ये बजेट आणि बचतीवर एक व्हिडिओ मालिका.", &["finance"], &["2 videos"], 20000, 60000, "inr", &["IN"], &["mr"]),
    (6, "Toddler learning kit", "Parents to show our toddler learning kit in daily play and share honest feedback.", &["parenting", "education"], &["1 reel", "2 stories"], 15000, 50000, "inr", &["IN"], &[]),
    (6, "Baby skincare trust campaign", "Honest reviews of our gentle baby lotion from parents.", &["parenting", "health"], &["1 reel"], 20000, 60000, "inr", &["IN"], &["hi", "ta", "te"]),
    (6, "Story-time videos", "Read our picture books aloud in English or Hindi for children.", &["parenting", "education"], &["2 videos"], 10000, 30000, "inr", &["IN"], &["en", "hi"]),
    (7, "Thrift and upcycle challenge", "Upcycle old clothes into new outfits with our sewing kit.", &["sustainability", "fashion"], &["1 reel", "1 carousel"], 15000, 45000, "inr", &["IN"], &[]),
    (7, "Organic cotton festive wear", "Festive outfits in organic cotton from our new collection.", &["fashion"], &["2 reels"], 30000, 90000, "inr", &["IN"], &["hi", "en"]),
    (7, "Zero-waste home week", "A week of zero-waste swaps at home with our refill kits.", &["sustainability", "home"], &["5 stories", "1 reel"], 10000, 35000, "inr", &[], &[]),
    (7, "Sustainable fashion in Berlin", "Style our organic basics for a Berlin audience.", &["fashion", "sustainability"], &["1 reel", "3 stories"], 800, 2000, "eur", &["DE"], &["de", "en"]),
];

/// A request brief as the form a brand would send, due some weeks after `today`.
pub fn request_form(brief: &Brief, today: time::Date) -> domain::request_input::RequestForm {
    let (_, title, description, niches, deliverables, min, max, currency, countries, languages) =
        *brief;
    let weeks = 3 + (title.len() % 8) as i64;
    let deadline = today + time::Duration::weeks(weeks);
    let strings = |items: &[&str]| items.iter().map(|s| (*s).to_owned()).collect();
    domain::request_input::RequestForm {
        title: title.to_owned(),
        description: description.to_owned(),
        niches: strings(niches),
        deliverables: strings(deliverables),
        budget_min: Some(min),
        budget_max: Some(max),
        budget_currency: currency.to_owned(),
        target_countries: strings(countries),
        target_languages: strings(languages),
        deadline: deadline.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_data_is_varied_valid_and_the_same_every_time() {
        let creators = creators();
        assert_eq!(creators.len(), CREATORS);
        for c in &creators {
            c.profile
                .parse()
                .unwrap_or_else(|e| panic!("{} does not parse: {e:?}", c.email));
        }
        let in_script = |range: std::ops::RangeInclusive<char>| {
            creators
                .iter()
                .filter(|c| c.profile.bio.chars().any(|ch| range.contains(&ch)))
                .count()
        };
        assert!(
            in_script('\u{0900}'..='\u{097F}') >= 5,
            "Devanagari (Hindi, Marathi)"
        );
        assert!(in_script('\u{0B80}'..='\u{0BFF}') >= 3, "Tamil");
        assert!(in_script('\u{0C00}'..='\u{0C7F}') >= 3, "Telugu");
        assert!(in_script('\u{0980}'..='\u{09FF}') >= 3, "Bengali");
        let abroad = creators
            .iter()
            .filter(|c| c.profile.country != "IN")
            .count();
        assert!((20..=150).contains(&abroad), "{abroad} outside India");
        assert_eq!(super::creators()[17].profile.bio, creators[17].profile.bio);

        assert_eq!(REQUESTS.len(), 30);
        let today = time::macros::date!(2026 - 11 - 22);
        for r in REQUESTS {
            request_form(r, today).parse(today).unwrap();
        }
    }
}
