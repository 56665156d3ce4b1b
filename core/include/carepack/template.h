// Templates: well-formed XML before expansion, with Mustache tags only in text and attribute
// values. A template is checked against the Document model with its own line numbers first,
// then expanded with the document kind's data (every value escaped; rich-text fields go in as
// the elements they were validated as), then parsed into a Document whose every node knows the
// template line that made it and, where data put it there, the field it came from.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "carepack/diagnostics.h"
#include "carepack/document.h"
#include "carepack/value.h"

namespace carepack {

class Template {
public:
    // Reads and checks the template: malformed XML, a root other than <document>, elements and
    // attributes the model does not know, children the model does not allow, unbalanced Mustache
    // sections. Problems go in `diagnostics` with template line numbers; throws Failure when the
    // file cannot be read or parsed.
    static Template load(const std::filesystem::path& file, Diagnostics& diagnostics);
    static Template from_text(std::string text, std::string file_name, Diagnostics& diagnostics);

    // Expands with `data` and builds the Document. Names the data does not have, and anything
    // the data put there that breaks the model, are reported with the data path.
    Document expand(const Value& data, Audience audience, Diagnostics& diagnostics) const;

    const std::string& file() const { return file_; }
    // The line of the first use of a tag name, for messages about bindings.
    int line_of_tag(std::string_view name) const;

private:
    std::string file_;
    std::string source_;    // as written
    std::string prepared_;  // with each element's template line recorded, ready for Mustache
};

// Finds templates/<kind>/<name>.xml: the council's own folder first, then carepack's. With a
// layout, templates/<kind>/<name>-<layout>.xml comes before both when either folder has it
// (the council's first): `local-offer-leaflet.xml` for `--layout leaflet`. Throws Failure when
// there is no template at all.
std::filesystem::path find_template(const std::filesystem::path& authority_dir,
                                    const std::filesystem::path& templates_dir, std::string_view kind,
                                    std::string_view name, std::string_view layout = {});

std::string xml_escape(std::string_view text);

}  // namespace carepack
