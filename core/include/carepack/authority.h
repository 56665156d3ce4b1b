// A council's folder: authority.xml (who it is, its law, its look, its languages, contacts and
// age thresholds) beside its content files (pledge.xml ...).
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "carepack/date.h"
#include "carepack/diagnostics.h"
#include "carepack/plugin.h"
#include "carepack/schema.h"
#include "carepack/value.h"

namespace carepack {

struct Contact {
    std::string id, name, phone, email, hours, website;
};

// An age that a service or promise depends on, in force from a date.
struct AgeThreshold {
    std::string id;
    int age = 0;
    std::optional<Date> from;
    std::string note;
};

// How the council publishes its local offer website (authority.xml <site>).
struct SiteSettings {
    std::string url;         // where it is published, ending in '/'; empty when not set
    std::string contact;     // a contact id: other formats, accessibility problems
    std::string compliance;  // full | partial (WCAG 2.2 AA, as the council assessed it)
    std::optional<Date> statement_prepared, statement_reviewed;
    Location where;
};

struct Authority {
    std::filesystem::path dir;
    std::string id, name, short_name, jurisdiction, website;
    Branding branding;
    std::vector<std::string> languages;  // the first is the default
    std::vector<Contact> contacts;
    std::vector<AgeThreshold> thresholds;
    SiteSettings site;
    Value value;  // the whole file, for templates
    Location where;

    // Reads DIR/authority.xml. Problems (including a brand colour pair under 4.5:1 contrast, and
    // a jurisdiction whose law carepack has not built yet) go in `diagnostics`; throws Failure
    // when the file cannot be read.
    static Authority load(const std::filesystem::path& dir, Diagnostics& diagnostics);

    const Contact* contact(std::string_view contact_id) const;
    // The age threshold `threshold_id` in force on `on`: of the thresholds with that id, the
    // one with the latest `from` on or before the date (one without `from` has always been in
    // force). nullopt when none is.
    std::optional<int> threshold_on(std::string_view threshold_id, const Date& on) const;
    const std::string& default_language() const;
};

const ObjectSpec& authority_schema();

}  // namespace carepack
