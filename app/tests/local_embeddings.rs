//! The offline embedding model, for real: cross-language similarity and the
//! shape of its output. Needs the model that `scripts/test` installs.
#![cfg(feature = "ssr")]

use app::server::ai::{cosine, Embedder, LocalE5, TextRole};
use std::sync::OnceLock;

/// One model for the whole test binary, as in the server.
fn model() -> LocalE5 {
    static MODEL: OnceLock<LocalE5> = OnceLock::new();
    MODEL
        .get_or_init(|| LocalE5::from_env().expect("the embedding model loads"))
        .clone()
}

#[tokio::test]
async fn vectors_are_normalised_and_one_per_text() {
    let e5 = model();
    let out = e5
        .embed(
            vec!["hello".into(), "नमस्ते".into(), String::new()],
            TextRole::Passage,
        )
        .await
        .unwrap();
    assert_eq!(out.len(), 3);
    for v in &out {
        assert_eq!(v.len(), e5.dimensions());
        let norm: f32 = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-3, "norm {norm}");
    }
    assert!(e5
        .embed(Vec::new(), TextRole::Query)
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn a_hindi_or_tamil_fitness_bio_is_closer_to_an_english_fitness_brief_than_a_tech_bio() {
    let e5 = model();
    let brief = e5
        .embed(
            vec!["Looking for a fitness creator to promote our protein snacks on Instagram".into()],
            TextRole::Query,
        )
        .await
        .unwrap()
        .remove(0);
    let bios = e5
        .embed(
            vec![
                "मैं एक फिटनेस कोच हूँ। रोज़ वर्कआउट, जिम ट्रेनिंग और हेल्दी प्रोटीन डाइट के वीडियो बनाती हूँ।".into(),
                "நான் ஒரு உடற்பயிற்சி பயிற்றுவிப்பாளர். ஜிம் பயிற்சி மற்றும் ஆரோக்கியமான உணவு பற்றிய வீடியோக்கள்.".into(),
                "I review laptops, smartphones and developer tools, with deep dives into benchmarks and chips.".into(),
            ],
            TextRole::Passage,
        )
        .await
        .unwrap();
    let (hindi, tamil, tech) = (
        cosine(&brief, &bios[0]),
        cosine(&brief, &bios[1]),
        cosine(&brief, &bios[2]),
    );
    assert!(hindi > tech, "hindi {hindi} vs tech {tech}");
    assert!(tamil > tech, "tamil {tamil} vs tech {tech}");
}

#[tokio::test]
async fn the_same_text_embeds_to_the_same_vector() {
    let e5 = model();
    let a = e5
        .embed(
            vec!["Müller's café in Chennai 🌶️".into()],
            TextRole::Passage,
        )
        .await
        .unwrap();
    let b = e5
        .embed(
            vec!["Müller's café in Chennai 🌶️".into()],
            TextRole::Passage,
        )
        .await
        .unwrap();
    assert!(cosine(&a[0], &b[0]) > 0.9999);
}

/// The domain's calibration for this model puts unrelated pairs low and
/// matching pairs (in any language) high.
#[tokio::test]
async fn the_e5_calibration_separates_matching_from_unrelated_profiles() {
    use domain::matching::Calibration;
    let e5 = model();
    let brief = e5
        .embed(
            vec!["Looking for a fitness creator to promote our protein snacks on Instagram".into()],
            TextRole::Query,
        )
        .await
        .unwrap()
        .remove(0);
    let bios = e5
        .embed(
            vec![
                "Certified personal trainer sharing daily workouts, gym routines and high-protein recipes.".into(),
                "मैं एक फिटनेस कोच हूँ। रोज़ वर्कआउट, जिम ट्रेनिंग और हेल्दी प्रोटीन डाइट के वीडियो बनाती हूँ।".into(),
                "I review laptops, smartphones and developer tools, with deep dives into benchmarks and chips.".into(),
                "Backpacker documenting budget trips across the Himalayas and Southeast Asia.".into(),
            ],
            TextRole::Passage,
        )
        .await
        .unwrap();
    let percent: Vec<f32> = bios
        .iter()
        .map(|b| Calibration::E5_SMALL.semantic(cosine(&brief, b)) * 100.0)
        .collect();
    assert!(
        percent[0] >= 50.0 && percent[1] >= 50.0,
        "matching bios scored {percent:?}"
    );
    assert!(
        percent[2] <= 20.0 && percent[3] <= 20.0,
        "unrelated bios scored {percent:?}"
    );
}
