#include "carepack/translation.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <functional>
#include <set>
#include <sstream>

#include <pugixml.hpp>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include "carepack/template.h"
#include "carepack/unicode.h"

namespace carepack {

namespace {


void collect_text(const pugi::xml_node& n, std::string& out) {
    for (auto c : n.children()) {
        if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out += c.value();
        else if (c.type() == pugi::node_element) {
            // Blocks are separate words; inline elements are part of theirs.
            const ElementRule* rule = element_rule(c.name());
            const bool block = !rule || !is_inline(rule->kind);
            if (block) out += ' ';
            collect_text(c, out);
            if (block) out += ' ';
        }
    }
}

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string primary(std::string_view tag) { return lower_ascii(tag.substr(0, tag.find('-'))); }

const Translation* find_translation(const Value& v, std::string_view lang) {
    for (const auto& t : v.translations)
        if (same_language(t.lang, lang)) return &t;
    return nullptr;
}

// English kept in a document of another language, marked as English.
Value marked_english(const Value& source) {
    Value out;
    if (source.is_markup()) {
        pugi::xml_document doc;
        const std::string wrapped = "<x>" + source.as_markup().xml + "</x>";
        bool blocks = false;
        if (doc.load_buffer(wrapped.data(), wrapped.size(), pugi::parse_default | pugi::parse_ws_pcdata)) {
            for (auto c : doc.first_child().children())
                if (c.type() == pugi::node_element) {
                    const ElementRule* rule = element_rule(c.name());
                    if (rule && !is_inline(rule->kind)) blocks = true;
                }
        }
        if (blocks) {
            for (auto c : doc.first_child().children())
                if (c.type() == pugi::node_element && !c.attribute("lang")) c.append_attribute("lang") = source_language.data();
            std::ostringstream s;
            for (auto c : doc.first_child().children()) c.print(s, "", pugi::format_raw);
            out = Value(Markup{s.str()});
        } else {
            out = Value(Markup{"<span lang=\"" + std::string(source_language) + "\">" + source.as_markup().xml + "</span>"});
        }
    } else {
        out = Value(Markup{"<span lang=\"" + std::string(source_language) + "\">" + xml_escape(source.text()) + "</span>"});
    }
    out.where = source.where;
    out.sensitivity = source.sensitivity;
    return out;
}

void walk_translatable(const Value& v, const std::function<void(const Value&)>& visit) {
    if (v.translatable) visit(v);
    if (v.is_array())
        for (const auto& item : v.as_array()) walk_translatable(item, visit);
    else if (v.is_object())
        for (const auto& [k, item] : v.as_object()) walk_translatable(item, visit);
}


// Words (runs of letters and marks), each with the scripts of its letters.
std::vector<std::u32string> words(std::string_view s) {
    std::vector<std::u32string> out;
    std::u32string w;
    for (char32_t c : code_points(s)) {
        if (u_isalpha(static_cast<UChar32>(c)) || u_getCombiningClass(static_cast<UChar32>(c)) != 0 ||
            u_charType(static_cast<UChar32>(c)) == U_NON_SPACING_MARK || u_charType(static_cast<UChar32>(c)) == U_COMBINING_SPACING_MARK) {
            w += c;
        } else if (!w.empty()) {
            out.push_back(std::move(w));
            w.clear();
        }
    }
    if (!w.empty()) out.push_back(std::move(w));
    return out;
}

}  // namespace

std::string plain_text(const Value& v) {
    if (!v.is_markup()) return fold_space(v.text());
    pugi::xml_document doc;
    const std::string wrapped = "<x>" + v.as_markup().xml + "</x>";
    if (!doc.load_buffer(wrapped.data(), wrapped.size(), pugi::parse_default | pugi::parse_ws_pcdata))
        return fold_space(v.as_markup().xml);
    std::string text;
    collect_text(doc.first_child(), text);
    return fold_space(text);
}

std::string source_hash(const Value& source) {
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : plain_text(source)) {
        h ^= c;
        h *= 1099511628211ull;
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

std::string expected_script(std::string_view lang) {
    const std::string p = primary(lang);
    static const std::map<std::string, std::string> scripts = {
        {"en", "Latn"}, {"cy", "Latn"}, {"pl", "Latn"}, {"ro", "Latn"}, {"sq", "Latn"}, {"so", "Latn"},
        {"vi", "Latn"}, {"pt", "Latn"}, {"es", "Latn"}, {"fr", "Latn"}, {"lt", "Latn"}, {"lv", "Latn"},
        {"ku", "Latn"}, {"tr", "Latn"}, {"gd", "Latn"}, {"ga", "Latn"}, {"ar", "Arab"}, {"fa", "Arab"},
        {"prs", "Arab"}, {"ps", "Arab"}, {"ur", "Arab"}, {"ckb", "Arab"}, {"ti", "Ethi"}, {"am", "Ethi"},
        {"bn", "Beng"}, {"pa", "Guru"}, {"gu", "Gujr"}, {"hi", "Deva"}, {"ne", "Deva"}, {"el", "Grek"},
        {"ru", "Cyrl"}, {"uk", "Cyrl"}, {"bg", "Cyrl"},
    };
    auto it = scripts.find(p);
    return it == scripts.end() ? std::string() : it->second;
}

bool same_language(std::string_view a, std::string_view b) { return lower_ascii(a) == lower_ascii(b); }

std::string_view state_name(TranslationState s) {
    switch (s) {
        case TranslationState::Missing: return "missing";
        case TranslationState::Stale: return "stale";
        case TranslationState::Draft: return "draft";
        case TranslationState::Reviewed: return "reviewed";
    }
    return "?";
}

TranslationState translation_state(const Value& source, std::string_view lang) {
    const Translation* t = find_translation(source, lang);
    if (!t) return TranslationState::Missing;
    if (t->source_hash != source_hash(source)) return TranslationState::Stale;
    return t->status == "reviewed" ? TranslationState::Reviewed : TranslationState::Draft;
}

Value localise(const Value& tree, const LocaliseOptions& options, LocaliseReport& report) {
    if (same_language(options.lang, source_language) || primary(options.lang) == "en") return tree;
    Value out;
    if (tree.translatable) {
        const TranslationState state = translation_state(tree, options.lang);
        const bool usable = state == TranslationState::Reviewed || (state == TranslationState::Draft && options.allow_draft);
        if (usable) {
            out = find_translation(tree, options.lang)->value;
            out.where = find_translation(tree, options.lang)->where;
            out.sensitivity = tree.sensitivity;
            ++report.translated;
            if (state == TranslationState::Draft) ++report.drafts_used;
        } else {
            out = marked_english(tree);
            ++report.fell_back;
            report.fallbacks.emplace_back(tree.where, state);
        }
        return out;
    }
    if (tree.is_array()) {
        out = Value::array();
        for (const auto& item : tree.as_array()) out.push(localise(item, options, report));
    } else if (tree.is_object()) {
        out = Value::object();
        for (const auto& [k, item] : tree.as_object()) out.set(k, localise(item, options, report));
    } else {
        out = tree;
        out.translations.clear();
    }
    out.where = tree.where;
    out.sensitivity = tree.sensitivity;
    return out;
}

Value message_value(const Catalog& catalog, std::string_view id, const std::map<std::string, std::string>& args) {
    const std::string text = catalog.format(id, args);
    if (catalog.has(id) || same_language(catalog.lang(), source_language)) return Value(text);
    return Value(Markup{"<span lang=\"" + std::string(source_language) + "\">" + xml_escape(text) + "</span>"});
}

void report_fallbacks(const LocaliseReport& report, std::string_view lang, const Location& file,
                      Diagnostics& diagnostics) {
    std::size_t missing = 0, stale = 0, drafts = 0;
    for (const auto& [where, state] : report.fallbacks)
        (state == TranslationState::Missing ? missing : state == TranslationState::Stale ? stale : drafts)++;
    const std::string l(lang);
    if (missing + stale > 0)
        diagnostics.warning(file, std::to_string(missing + stale) + " text" + (missing + stale == 1 ? "" : "s") +
                                      " shown in English in the " + l + " document (" + std::to_string(missing) +
                                      " not translated, " + std::to_string(stale) +
                                      " stale); `carepack check --translations` lists them");
    if (drafts > 0)
        diagnostics.note(file, std::to_string(drafts) + " draft " + l + " translation" + (drafts == 1 ? "" : "s") +
                                   " not used (English shown instead): the council has not reviewed them; "
                                   "--allow-draft-translations uses them and says so on the page");
}

void measure_translations(const Value& tree, std::string_view lang, Coverage& coverage) {
    walk_translatable(tree, [&](const Value& v) {
        ++coverage.total;
        switch (translation_state(v, lang)) {
            case TranslationState::Reviewed: ++coverage.reviewed; break;
            case TranslationState::Draft: ++coverage.draft; break;
            case TranslationState::Stale:
                ++coverage.stale;
                coverage.gaps.push_back({v.where, TranslationState::Stale, source_hash(v)});
                break;
            case TranslationState::Missing:
                ++coverage.missing;
                coverage.gaps.push_back({v.where, TranslationState::Missing, source_hash(v)});
                break;
        }
    });
}

void check_translations(const Value& tree, const std::vector<std::string>& offered, Diagnostics& diagnostics) {
    walk_translatable(tree, [&](const Value& source) {
        const std::string english = plain_text(source);
        std::set<std::u32string> english_words;
        for (auto& w : words(english)) english_words.insert(w);
        for (const auto& t : source.translations) {
            const std::string text = plain_text(t.value);
            if (std::none_of(offered.begin(), offered.end(), [&](const std::string& l) { return same_language(l, t.lang); }))
                diagnostics.warning(t.where, "a translation into " + t.lang +
                                                 ", which the council's authority.xml does not list among its languages");
            if (lower_ascii(text) == lower_ascii(english) && !words(english).empty()) {
                diagnostics.error(t.where, "the " + t.lang + " translation is the English again: '" +
                                               english.substr(0, 60) + "'");
                continue;
            }
            // Mostly in the language's own script: letters of words carried over from the
            // English (names, addresses) do not count either way.
            const std::string script = expected_script(t.lang);
            if (!script.empty()) {
                std::size_t in_script = 0, other = 0, carried = 0;
                for (const auto& w : words(text)) {
                    if (english_words.count(w)) {
                        carried += w.size();
                        continue;
                    }
                    for (char32_t c : w) {
                        if (!u_isalpha(static_cast<UChar32>(c))) continue;
                        UErrorCode err = U_ZERO_ERROR;
                        const char* code = uscript_getShortName(uscript_getScript(static_cast<UChar32>(c), &err));
                        (code && script == code) ? ++in_script : ++other;
                    }
                }
                // Only words of the English, rearranged or cut short, in a language not
                // written in Latin letters: not a translation either.
                if (in_script + other == 0 && carried > 0 && script != "Latn")
                    diagnostics.error(t.where, "the " + t.lang + " translation has only words of the English in it, none in " +
                                                   script + " script: '" + text.substr(0, 60) + "'");
                else if (in_script + other > 0 && in_script * 2 <= in_script + other)
                    diagnostics.error(t.where, "the " + t.lang + " translation is not mostly in " + script +
                                                   " script, as " + t.lang + " is written: '" + text.substr(0, 60) + "'");
            }
            if (t.source_hash != source_hash(source))
                diagnostics.warning(t.where, "the " + t.lang + " translation is stale: the English has changed since (its hash is now " +
                                                 source_hash(source) + ")");
        }
    });
}

}  // namespace carepack
