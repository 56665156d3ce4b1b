// The local offer for care leavers (Children and Social Work Act 2017 s2): what the council and
// its partners give care leavers, statutory entitlements apart from discretionary support, by
// category, each with who can get it, how, from whom, and when it was last reviewed.
//
// Content: <council>/offer.xml. The law it is checked against (categories, required
// entitlements, minimum amounts): <data>/<jurisdiction>/local-offer.xml.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "carepack/authority.h"
#include "carepack/plugin.h"
#include "carepack/rules.h"
#include "carepack/value.h"

namespace carepack {

const ObjectSpec& offer_schema();
// A file of items one provider shares with several councils; each council's offer.xml includes
// it with <shared href="..."/> and may replace any of its items by giving one the same id.
const ObjectSpec& shared_offer_schema();
const ObjectSpec& local_offer_law_schema();

struct OfferCategory {
    std::string id;
    std::optional<Date> required_from;  // when the category must be covered, if not always
};

struct Entitlement {
    std::string id, legal_basis, basis;  // basis: statutory or recommended
    std::optional<double> minimum;
    std::string currency;
};

// The law a council's offer is checked against, for its jurisdiction.
struct LocalOfferLaw {
    std::map<std::string, std::vector<OfferCategory>> category_lists;  // by list id
    std::map<std::string, std::string> list_legal_basis;
    std::vector<Entitlement> entitlements;
    Value value;

    static LocalOfferLaw load(const std::string& jurisdiction, Diagnostics& diagnostics);
};

// offer.xml, loaded and checked, with each item's condition parsed once.
struct OfferContent {
    Value value;
    std::map<std::string, Condition> conditions;  // by item id
    LocalOfferLaw law;

    // Errors: unknown categories, providers or contacts, rule syntax, duplicate ids, money
    // without a currency; statutory entitlements the offer lacks, amounts under the minimum,
    // categories with nothing in them; malformed web addresses, emails and phone numbers.
    // Warnings: the offer or an item past review, items without a contact or provider.
    static OfferContent load(const Authority& authority, const Date& on, Diagnostics& diagnostics);
};

class OfferKind : public DocumentKind {
public:
    std::string id() const override { return "local-offer"; }
    std::string summary() const override;
    Capabilities capabilities() const override;
    bool has_content(const Authority& authority) const override;
    void check_content(const Authority& authority, Diagnostics& diagnostics) const override;
    Composition compose(const KindRequest& request, Diagnostics& diagnostics) const override;
    PersonUse person_use() const override { return PersonUse::Optional; }
    std::vector<ContentFile> content(const Authority& authority, Diagnostics& diagnostics) const override;
    std::vector<Applicability> applicability(const KindRequest& request, Diagnostics& diagnostics) const override;
};

// Whether `href` is a well-formed web address (http or https, with a host), mailto: address
// or tel: number. Empty string when it is; else what is wrong with it.
std::string link_problem(std::string_view href);
std::string email_problem(std::string_view email);
std::string phone_problem(std::string_view phone);

}  // namespace carepack
