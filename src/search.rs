//! Text search that ignores case in any script: full Unicode case folding, applied alike
//! to the stored text (the SQL function `botctl_fold`) and to the query.

/// `s` case-folded: `ΟΔΟΣ` and `οδος` both fold to `οδοσ`, `Straße` to `strasse`.
pub fn fold(s: &str) -> String {
    caseless::default_case_fold_str(s)
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
    }
}
