// Text out of a PDF the way search, copy and screen readers get it, with two independent
// tools, and the normalisation DESIGN.md fixes for comparing it with its source.
#pragma once

#include <filesystem>
#include <string>

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include "support.h"

namespace carepack::testing {

// NFKC; soft hyphens, zero-width and bidi control characters removed; each run of white space
// one space; trimmed.
inline std::string normalise(const std::string& text) {
    UErrorCode err = U_ZERO_ERROR;
    const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(err);
    icu::UnicodeString u = nfkc->normalize(icu::UnicodeString::fromUTF8(text), err);
    icu::UnicodeString kept;
    for (int32_t i = 0; i < u.length();) {
        UChar32 c = u.char32At(i);
        i += U16_LENGTH(c);
        bool drop = c == 0x00AD || (c >= 0x200B && c <= 0x200F) || c == 0x061C || (c >= 0x202A && c <= 0x202E) ||
                    (c >= 0x2066 && c <= 0x2069);
        if (!drop) kept.append(c);
    }
    std::string utf8;
    kept.toUTF8String(utf8);
    std::string out;
    bool space = false;
    for (char c : utf8) {
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

inline bool has_replacement_character(const std::string& text) { return text.find("\xEF\xBF\xBD") != std::string::npos; }

// poppler's reading of the text (pages `first`..`last`, 0 for all). Its warnings go to stderr,
// which run() folds in, so a warning shows up in the text and fails the comparisons.
inline CommandResult pdftotext(const std::filesystem::path& pdf, int first = 0, int last = 0) {
    std::string pages = first > 0 ? " -f " + std::to_string(first) + " -l " + std::to_string(last) : "";
    return run("pdftotext -enc UTF-8" + pages + " " + quoted(pdf) + " -");
}

// MuPDF's reading: the order of the content stream. Debian's MuPDF is built without colour
// management and says so on every run; that one line is about MuPDF, not the file, so it goes.
inline CommandResult mutool_text(const std::filesystem::path& pdf) {
    CommandResult r = run("mutool draw -q -F txt -o - " + quoted(pdf));
    const std::string icc = "warning: ICC support is not available\n";
    for (auto at = r.out.find(icc); at != std::string::npos; at = r.out.find(icc)) r.out.erase(at, icc.size());
    return r;
}

}  // namespace carepack::testing
