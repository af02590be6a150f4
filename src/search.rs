//! Text search that ignores case in any script and how accents were encoded: full
//! Unicode case folding with canonical normalisation, applied alike to the stored text
//! (the SQL function `botctl_fold`) and to the query.

use caseless::Caseless;
use unicode_normalization::UnicodeNormalization;

/// `s` case-folded and canonically decomposed (Unicode's canonical caseless form,
/// NFD(fold(NFD(s)))): `ΟΔΟΣ` and `οδος` both fold to `οδοσ`, `Straße` to `strasse`, and
/// `José` typed with a precomposed `é` (as people type it) matches `José` stored with `e`
/// and a combining accent (as some CRMs and macOS export it).
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    s.chars().nfd().default_case_fold().nfd().collect()
}

/// The ASCII digits of a text: `+1 (555) 010-0199` → `15550100199`.
pub fn phone_digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// A search text that reads as (part of) a phone number, digits and the punctuation
/// phone numbers are written with, as its digits; `None` for other text (`c-1001`).
pub fn phone_query(q: &str) -> Option<String> {
    let phone_like = q
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().\u{a0}/".contains(c));
    let digits = phone_digits(q);
    (phone_like && !digits.is_empty()).then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn full_case_folding() {
        assert_eq!(fold("ΟΔΟΣ"), fold("οδος"));
        assert_eq!(fold("ΟΔΟΣ"), fold("οδοσ"));
        assert_eq!(fold("Straße"), fold("STRASSE"));
        assert!(fold("Großstraße 5").contains(&fold("STRASSE")));
        assert_eq!(fold("ÉCOLE"), fold("école"));
        assert_eq!(fold("Ꮳ"), fold("ꮳ"));
        // Precomposed and decomposed accents are the same text.
        assert_eq!(fold("Jos\u{e9}"), fold("Jose\u{301}"));
        assert!(fold("JOSE\u{301} Garc\u{ed}a").contains(&fold("jos\u{e9}")));
        assert_eq!(fold("Plain ASCII"), "plain ascii");
    }
}
