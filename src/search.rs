//! Text search that ignores case in any script: full Unicode case folding, applied alike
//! to the stored text (the SQL function `botctl_fold`) and to the query.

/// `s` case-folded: `ΟΔΟΣ` and `οδος` both fold to `οδοσ`, `Straße` to `strasse`.
pub fn fold(s: &str) -> String {
    caseless::default_case_fold_str(s)
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
