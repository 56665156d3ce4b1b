// Translations of a council's content, carried honestly.
//
// In a content file, a text a reader sees may be followed by its translations, each an element
// of the same name with three attributes:
//
//   <promise id="call-back">calling you back within 24 hours ...</promise>
//   <promise xml:lang="cy" status="draft" source="4f1c2a9e0b7d3c61">eich ffonio'n ôl ...</promise>
//
// `status` is draft (awaiting the council's review) or reviewed; `source` is source_hash() of
// the English the translation was made from, so a translation whose English has changed since is
// known to be stale. A document in another language uses a translation only when it is current,
// and reviewed unless drafts are allowed; anything else stays in English, marked as English so
// that screen readers switch voice, and is reported.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "carepack/diagnostics.h"
#include "carepack/locale.h"
#include "carepack/value.h"

namespace carepack {

// The language carepack content is written in.
inline constexpr std::string_view source_language = "en-GB";

// The words of a text or markup value, tags left out, white space folded.
std::string plain_text(const Value& v);

// 16 hex digits (FNV-1a, 64 bits) of plain_text(source): what a translation records as
// `source`. Only the words count: changing emphasis or a link does not make translations stale.
std::string source_hash(const Value& source);

// The ISO 15924 script a language is written in (`Arab` for ar, fa, ps, ur, ckb; `Ethi` for ti,
// am; `Latn` for cy, pl ...), or empty when carepack does not know.
std::string expected_script(std::string_view lang);

// Whether two language tags name the same language (case aside). fa and fa-AF differ: Dari is
// not Farsi.
bool same_language(std::string_view a, std::string_view b);

enum class TranslationState { Missing, Stale, Draft, Reviewed };
std::string_view state_name(TranslationState s);

// The state of `source`'s translation into `lang`.
TranslationState translation_state(const Value& source, std::string_view lang);

struct LocaliseOptions {
    std::string lang;          // the document's language
    bool allow_draft = false;  // use draft translations (the document then says so)
};

struct LocaliseReport {
    std::size_t translated = 0;   // texts shown in the document's language
    std::size_t fell_back = 0;    // texts shown in English instead
    std::size_t drafts_used = 0;  // of the translated, how many are drafts
    std::vector<std::pair<Location, TranslationState>> fallbacks;  // where, and why
};

// A copy of `tree` for a document in `options.lang`: each translatable value replaced by its
// usable translation, or kept in English and marked with lang="en-GB" (text becomes
// <span lang="en-GB">…</span>; block markup gets lang on each block).
Value localise(const Value& tree, const LocaliseOptions& options, LocaliseReport& report);

// Tells the person rendering what fell back to English in a document in `lang`: a warning for
// missing and stale translations, a note for drafts left unused.
void report_fallbacks(const LocaliseReport& report, std::string_view lang, const Location& file,
                      Diagnostics& diagnostics);

// A catalog message for a document: text when the catalog has it in its own language; in
// English, marked as English, when it falls back.
Value message_value(const Catalog& catalog, std::string_view id, const std::map<std::string, std::string>& args = {});

// Coverage of one language over a content tree.
struct Coverage {
    std::string lang;
    std::size_t total = 0, reviewed = 0, draft = 0, stale = 0, missing = 0;
    double percent() const { return total ? 100.0 * static_cast<double>(reviewed + draft) / static_cast<double>(total) : 100.0; }
    struct Gap {
        Location where;           // where the English is
        TranslationState state;   // missing or stale
        std::string source_hash;  // what a new translation's `source` should be
    };
    std::vector<Gap> gaps;
};

// Counts `lang`'s translations over every translatable value in `tree`, adding to `coverage`.
void measure_translations(const Value& tree, std::string_view lang, Coverage& coverage);

// Checks every translation in `tree`: one that is the English again, or whose letters are not
// mostly in its language's script, is an error; stale ones are warnings; and translations into
// a language the council does not offer are warnings.
void check_translations(const Value& tree, const std::vector<std::string>& offered, Diagnostics& diagnostics);

}  // namespace carepack
