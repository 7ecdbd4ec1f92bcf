//! "Did you mean" hints: the closest known word to a misspelt one.

/// The closest of `candidates` to `word`, for "did you mean" hints
/// (Jaro-Winkler similarity above 0.75).
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}
