// The local offer website (Children and Social Work Act 2017 s2: publish the offer; the Public
// Sector Bodies Accessibility Regulations 2018: accessible, with a statement). For every language
// the council offers: a home page, a page per category with every item linkable by its id, other
// places that can help, who can help, the pledges, the accessibility statement and search; a
// front door naming every language in itself, sitemap.xml with hreflang alternates, robots.txt,
// the offer as an A4 PDF per language, and an Open Referral UK export. Public content only: no
// case record is ever read.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "carepack/json.h"
#include "carepack/plugin.h"
#include "carepack/value.h"

namespace carepack {

class SitePublisher : public Publisher {
public:
    std::string id() const override { return "site"; }
    std::string summary() const override;
    Capabilities capabilities() const override;
    PublishOutcome publish(const PublishRequest& request, Diagnostics& diagnostics) const override;
};

namespace site {
extern const std::string_view search_js;

// carepack's own JSON string literal (`<` escaped, so it can sit inside a <script>).
using carepack::json_string;

// Open Referral UK (HSDS 3.0 field names): the offer's items as services, with eligibility,
// contacts and cost, for the council's own language. Composed from the public offer's data.
// The whole years an eligibility rule binds everyone it allows to, for minimum_age and
// maximum_age; left empty where it does not say or the rule has `or`, or `not` before an age.
void age_limits(const std::string& rule, std::optional<int>& minimum, std::optional<int>& maximum);

std::string oruk_export(const Authority& authority, const Value& offer_context, const std::string& base_url);
}  // namespace site

}  // namespace carepack
