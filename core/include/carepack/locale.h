// Message catalogs: one file a language in locales/, named by its BCP 47 tag (en-GB.xml, cy.xml,
// ar.xml). A catalog knows its language's own name and direction.
//
//   <catalog lang="en-GB" name="English" english-name="English" dir="ltr">
//     <message id="skip-link">Skip to main content</message>
//   </catalog>
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "carepack/diagnostics.h"
#include "carepack/document.h"

namespace carepack {

class Catalog {
public:
    // Throws Failure with a located error for malformed XML, a missing attribute or a
    // duplicated message id.
    static Catalog load(const std::filesystem::path& file);

    const std::string& lang() const { return lang_; }
    const std::string& name() const { return name_; }  // the language named in itself
    const std::string& english_name() const { return english_name_; }
    Direction dir() const { return dir_; }

    bool has(std::string_view id) const;  // in this language itself
    bool knows(std::string_view id) const { return has(id) || (fallback_ && fallback_->knows(id)); }
    // The message, or `fallback`'s message, or the id in brackets when neither has it (and
    // the check stage reports the missing translation).
    std::string get(std::string_view id) const;
    // The message in English, whatever this catalog's language (for notices given in both).
    std::string english(std::string_view id) const { return fallback_ ? fallback_->get(id) : get(id); }
    // `{name}` placeholders replaced from `args`.
    std::string format(std::string_view id, const std::map<std::string, std::string>& args) const;
    const std::map<std::string, std::string, std::less<>>& messages() const { return messages_; }
    // Every message id English has, each in this language or, where it lacks one, in English.
    std::map<std::string, std::string, std::less<>> resolved() const {
        auto all = fallback_ ? fallback_->resolved() : std::map<std::string, std::string, std::less<>>{};
        for (const auto& [id, text] : messages_) all[id] = text;
        return all;
    }

    void set_fallback(std::shared_ptr<const Catalog> fallback) { fallback_ = std::move(fallback); }

private:
    std::string lang_, name_, english_name_;
    Direction dir_ = Direction::LeftToRight;
    std::map<std::string, std::string, std::less<>> messages_;
    std::shared_ptr<const Catalog> fallback_;
};

// Every catalog in a directory, keyed by language tag; en-GB is the fallback of the others.
class Catalogs {
public:
    static Catalogs load_directory(const std::filesystem::path& dir);
    // Exact tag first, then the language alone (`cy-GB` finds `cy`); throws Failure naming the
    // languages there are when none matches.
    std::shared_ptr<const Catalog> find(std::string_view lang) const;
    std::vector<std::string> languages() const;

private:
    std::map<std::string, std::shared_ptr<Catalog>, std::less<>> by_lang_;
};

}  // namespace carepack
