#include "carepack/locale.h"

#include <algorithm>
#include <vector>

#include <unicode/msgfmt.h>

#include <pugixml.hpp>

#include "carepack/load.h"
#include "xml_location.h"

namespace carepack {

Catalog Catalog::load(const std::filesystem::path& file) {
    std::string text = read_file(file);
    detail::LineIndex lines(text, file.string());
    pugi::xml_document doc;
    auto r = doc.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!r) throw Failure(lines.at(r.offset), detail::describe_parse_error(r));
    auto root = doc.document_element();
    if (std::string_view(root.name()) != "catalog")
        throw Failure(lines.of(root), "a message catalog's root element must be <catalog>");
    Diagnostics d;
    Catalog c;
    for (const char* required : {"lang", "name", "english-name", "dir"})
        if (!root.attribute(required)) d.error(lines.of(root), std::string("<catalog> needs the attribute '") + required + "'");
    c.lang_ = root.attribute("lang").value();
    c.name_ = root.attribute("name").value();
    c.english_name_ = root.attribute("english-name").value();
    std::string dir = root.attribute("dir").value();
    if (!dir.empty() && dir != "ltr" && dir != "rtl")
        d.error(lines.of_attribute(root, "dir"), "dir must be ltr or rtl, not '" + dir + "'");
    c.dir_ = dir == "rtl" ? Direction::RightToLeft : Direction::LeftToRight;
    auto stem = file.stem().string();
    if (!c.lang_.empty() && stem != c.lang_)
        d.error(lines.of_attribute(root, "lang"), "the catalog says lang=\"" + c.lang_ + "\" but its file is named " + file.filename().string());
    for (auto m : root.children()) {
        if (m.type() != pugi::node_element) continue;
        if (std::string_view(m.name()) != "message") {
            d.error(lines.of(m), "unknown element <" + std::string(m.name()) + "> in a catalog; expected <message>");
            continue;
        }
        std::string id = m.attribute("id").value();
        if (id.empty()) {
            d.error(lines.of(m), "<message> needs an id");
            continue;
        }
        if (!c.messages_.emplace(id, m.child_value()).second)
            d.error(lines.of(m), "message '" + id + "' is defined twice");
    }
    if (d.has_errors()) throw Failure(d);
    return c;
}

bool Catalog::has(std::string_view id) const { return messages_.find(id) != messages_.end(); }

std::string Catalog::get(std::string_view id) const {
    if (auto it = messages_.find(id); it != messages_.end()) return it->second;
    if (fallback_) return fallback_->get(id);
    return "[" + std::string(id) + "]";
}

std::string Catalog::format(std::string_view id, const std::map<std::string, std::string>& args) const {
    // ICU MessageFormat, with named arguments: {name}, and plurals such as
    // {shown, plural, one {# promise} other {# promises}} in the message's own language. An
    // argument the message formats as a number is passed as one, so plural rules can use it.
    const std::string pattern = get(id);
    const std::string locale = has(id) || !fallback_ ? lang_ : fallback_->lang();
    UErrorCode status = U_ZERO_ERROR;
    icu::MessageFormat format(icu::UnicodeString::fromUTF8(pattern),
                              icu::Locale::forLanguageTag(locale + "-u-ca-gregory-nu-latn", status), status);
    if (U_SUCCESS(status)) {
        std::vector<icu::UnicodeString> names;
        std::vector<icu::Formattable> values;
        for (const auto& [name, value] : args) {
            names.push_back(icu::UnicodeString::fromUTF8(name));
            // A number only where the message asks for one ({n, plural, ...}); {year} stays
            // the text it is, without a thousands separator.
            const bool typed = pattern.find("{" + name + ",") != std::string::npos;
            const bool whole = typed && !value.empty() && value.size() < 10 &&
                               std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
            values.push_back(whole ? icu::Formattable(static_cast<int32_t>(std::stol(value)))
                                   : icu::Formattable(icu::UnicodeString::fromUTF8(value)));
        }
        icu::UnicodeString out;
        format.format(names.data(), values.data(), static_cast<int32_t>(values.size()), out, status);
        if (U_SUCCESS(status)) {
            std::string s;
            out.toUTF8String(s);
            return s;
        }
    }
    // A pattern ICU cannot read: replace {name} as written, so the reader still gets words.
    std::string s = pattern;
    for (const auto& [name, value] : args) {
        std::string key = "{" + name + "}";
        for (std::size_t p = s.find(key); p != std::string::npos; p = s.find(key, p + value.size()))
            s.replace(p, key.size(), value);
    }
    return s;
}

Catalogs Catalogs::load_directory(const std::filesystem::path& dir) {
    Catalogs all;
    if (!std::filesystem::is_directory(dir))
        throw Failure(Location::in_file(dir.string()), "no locales folder here");
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        if (e.path().extension() == ".xml") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        auto c = std::make_shared<Catalog>(Catalog::load(f));
        all.by_lang_[c->lang()] = c;
    }
    if (auto en = all.by_lang_.find("en-GB"); en != all.by_lang_.end())
        for (auto& [lang, c] : all.by_lang_)
            if (lang != "en-GB") c->set_fallback(en->second);
    return all;
}

std::shared_ptr<const Catalog> Catalogs::find(std::string_view lang) const {
    if (auto it = by_lang_.find(lang); it != by_lang_.end()) return it->second;
    auto primary = lang.substr(0, lang.find('-'));
    if (auto it = by_lang_.find(primary); it != by_lang_.end()) return it->second;
    for (const auto& [tag, c] : by_lang_)
        if (tag.substr(0, tag.find('-')) == primary) return c;
    std::string have;
    for (const auto& [tag, c] : by_lang_) have += (have.empty() ? "" : ", ") + tag;
    throw Failure(Location(), "no message catalog for language '" + std::string(lang) + "' (there are: " + have + ")");
}

std::vector<std::string> Catalogs::languages() const {
    std::vector<std::string> out;
    for (const auto& [tag, c] : by_lang_) out.push_back(tag);
    return out;
}

}  // namespace carepack
