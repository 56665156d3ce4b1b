// The pledge: a council's promises to the children it looks after. Public, or personal: a copy
// for one young person showing only the promises whose conditions hold for them on the date.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "carepack/authority.h"
#include "carepack/plugin.h"
#include "carepack/rules.h"
#include "carepack/schema.h"
#include "carepack/value.h"

namespace carepack {

const ObjectSpec& pledge_schema();

// One pledge file as read, with every promise's condition parsed once.
struct PledgeContent {
    std::filesystem::path file;
    Value value;
    std::vector<std::vector<Condition>> conditions;  // [theme][promise]

    // Problems go in `diagnostics` with file, line and column.
    static PledgeContent load(const Authority& authority, const std::filesystem::path& file, Diagnostics& diagnostics);
    // Every pledge the council has: pledge.xml (to the children it looks after) and any
    // pledge-*.xml (to children placed in its area by other councils), each id and each
    // audience (applies-to) once.
    static std::vector<PledgeContent> load_all(const Authority& authority, Diagnostics& diagnostics);
};

class PledgeKind : public DocumentKind {
public:
    std::string id() const override { return "pledge"; }
    std::string summary() const override;
    Capabilities capabilities() const override;
    bool has_content(const Authority& authority) const override;
    void check_content(const Authority& authority, Diagnostics& diagnostics) const override;
    Composition compose(const KindRequest& request, Diagnostics& diagnostics) const override;
    PersonUse person_use() const override { return PersonUse::Optional; }
    std::vector<ContentFile> content(const Authority& authority, Diagnostics& diagnostics) const override;
    std::vector<std::string> parts(const Authority& authority) const override;
};

}  // namespace carepack
