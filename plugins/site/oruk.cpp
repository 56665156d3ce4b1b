// The local offer as Open Referral UK data: HSDS 3.0 field names for organizations and services,
// each service with its eligibility, contacts (and their phones) and cost options. The shape is
// described by schemas/oruk-local-offer.schema.json and docs/open-referral.md.
//
// Identifiers are name-based UUIDs (version 5) of the item's address on the site, so the same
// offer always exports the same ids and a consumer can follow an item from one export to the next.
#include <Poco/SHA1Engine.h>
#include <Poco/UUID.h>
#include <Poco/UUIDGenerator.h>

#include <cmath>
#include <map>
#include <optional>
#include <regex>

#include "carepack/authority.h"
#include "carepack/translation.h"
#include "carepack/unicode.h"
#include "site_publisher.h"

namespace carepack::site {

namespace {

std::string words(const Value* v) { return v ? fold_space(plain_text(*v)) : std::string(); }

std::string uuid_for(const std::string& name) {
    Poco::SHA1Engine sha1;
    return Poco::UUIDGenerator::defaultGenerator()
        .createFromName(Poco::UUID::uri(), name, sha1, Poco::UUID::UUID_NAME_BASED_SHA1)
        .toString();
}

// Writes one JSON object with its keys in the order given.
class JsonObject {
public:
    JsonObject& text(std::string_view key, std::string_view value) { return raw(key, json_string(value)); }
    JsonObject& number(std::string_view key, double value) {
        char buffer[32];
        if (std::fabs(value - std::round(value)) < 1e-9)
            std::snprintf(buffer, sizeof buffer, "%.0f", value);
        else
            std::snprintf(buffer, sizeof buffer, "%.2f", value);
        return raw(key, buffer);
    }
    JsonObject& raw(std::string_view key, std::string_view json) {
        out_ += std::string(out_.empty() ? "{" : ",") + json_string(key) + ":" + std::string(json);
        return *this;
    }
    JsonObject& array(std::string_view key, const std::vector<std::string>& items) {
        std::string a = "[";
        for (std::size_t i = 0; i < items.size(); ++i) a += (i ? "," : "") + items[i];
        return raw(key, a + "]");
    }
    std::string str() const { return out_.empty() ? "{}" : out_ + "}"; }

private:
    std::string out_;
};

// The ages a rule such as `care-leaver and age < 25` or `age in 16..19` allows, when it says.
// A range is inclusive at both ends, as the rule language reads it.

}  // namespace

// Only ages that every person the rule allows is within: with `or` anywhere, or `not` before an
// age test or a bracket, an age test may not bind everyone, so the export then gives none
// (eligibility_description still says it in words). `not group out-of-area` leaves the ages.
void age_limits(const std::string& rule, std::optional<int>& minimum, std::optional<int>& maximum) {
    static const std::regex either(R"((^|[^A-Za-z0-9_-])(or([^A-Za-z0-9_-]|$)|not\s*(\(|age[^A-Za-z0-9_-])))");
    if (std::regex_search(rule, either)) return;
    std::smatch m;
    static const std::regex exactly(R"(age\s*=\s*(\d+))");
    if (std::regex_search(rule, m, exactly)) minimum = maximum = std::stoi(m[1]);
    static const std::regex range(R"(age\s+in\s+(\d+)\s*\.\.\s*(\d+))");
    static const std::regex below(R"(age\s*<\s*(\d+))"), at_most(R"(age\s*<=\s*(\d+))");
    static const std::regex at_least(R"(age\s*>=\s*(\d+))"), above(R"(age\s*>\s*(\d+))");
    if (std::regex_search(rule, m, range)) minimum = std::stoi(m[1]), maximum = std::stoi(m[2]);
    if (std::regex_search(rule, m, at_most)) maximum = std::stoi(m[1]);
    else if (std::regex_search(rule, m, below)) maximum = std::stoi(m[1]) - 1;
    if (std::regex_search(rule, m, at_least)) minimum = std::stoi(m[1]);
    else if (std::regex_search(rule, m, above)) minimum = std::stoi(m[1]) + 1;
}

std::string oruk_export(const Authority& authority, const Value& offer, const std::string& base_url) {
    std::vector<std::string> organizations, services;
    const std::string council_id = uuid_for(base_url + "#organization:" + authority.id);
    {
        JsonObject o;
        o.text("id", council_id).text("name", authority.name);
        o.text("description", words(offer.get("offer") ? offer.get("offer")->get("title") : nullptr));
        if (!authority.website.empty()) o.text("website", authority.website);
        organizations.push_back(o.str());
    }
    std::map<std::string, std::string> provider_ids;  // provider id -> organization uuid
    if (const Value* providers = offer.get("providers"))
        for (const auto& p : providers->as_array()) {
            if (text_of(p, "kind") == "council") {
                provider_ids[text_of(p, "id")] = council_id;
                continue;
            }
            const std::string id = uuid_for(base_url + "#organization:" + text_of(p, "id"));
            provider_ids[text_of(p, "id")] = id;
            JsonObject o;
            o.text("id", id).text("name", text_of(p, "name")).text("description", "A partner in " + authority.name + "'s local offer for care leavers");
            organizations.push_back(o.str());
        }

    for (const char* list : {"statutory", "discretionary"}) {
        const Value* groups = offer.get(list);
        if (!groups) continue;
        for (const auto& g : groups->as_array()) {
            const std::string category_name = words(g.get("name"));
            for (const auto& item : g.get("items")->as_array()) {
                const Value* facts = item.get("facts");
                const std::string category = facts ? text_of(*facts, "category") : std::string();
                const std::string url = base_url + category + ".html#" + text_of(item, "id");
                const std::string id = uuid_for(url);
                JsonObject s;
                s.text("id", id);
                const std::string provider = facts ? text_of(*facts, "provider-id") : std::string();
                s.text("organization_id", provider_ids.count(provider) ? provider_ids[provider] : council_id);
                s.text("name", words(item.get("title")));
                s.text("description", words(item.get("description")));
                s.text("url", url);
                if (!text_of(item, "contact-email").empty()) s.text("email", text_of(item, "contact-email"));
                s.text("status", "active");
                if (!words(item.get("how-to-get")).empty()) s.text("application_process", words(item.get("how-to-get")));
                s.text("fees_description", "Free to the young people it is for.");
                s.text("eligibility_description", words(item.get("eligibility")));
                std::optional<int> minimum, maximum;
                age_limits(facts ? text_of(*facts, "rule") : std::string(), minimum, maximum);
                if (minimum) s.number("minimum_age", *minimum);
                if (maximum) s.number("maximum_age", *maximum);
                if (!text_of(item, "reviewed").empty()) s.text("assured_date", text_of(item, "reviewed"));

                // Attributes: the offer's category and whether the law requires it.
                std::vector<std::string> attributes;
                auto attribute = [&](const std::string& taxonomy, const std::string& code, const std::string& term,
                                     const std::string& value) {
                    JsonObject term_json;
                    term_json.text("id", uuid_for(base_url + "#taxonomy:" + taxonomy + ":" + code))
                        .text("code", code)
                        .text("name", term)
                        .text("taxonomy", taxonomy);
                    JsonObject a;
                    a.text("id", uuid_for(url + "#attribute:" + taxonomy))
                        .text("link_id", id)
                        .text("link_type", "service")
                        .text("link_entity", "service")
                        .raw("taxonomy_term", term_json.str());
                    if (!value.empty()) a.text("value", value);
                    attributes.push_back(a.str());
                };
                attribute("carepack-local-offer-category", category, category_name, "");
                const std::string basis = facts ? text_of(*facts, "basis") : std::string(list);
                attribute("carepack-local-offer-basis", basis,
                          basis == "statutory" ? "Support the law requires" : "Support the council chooses to give", "");
                // Money paid to the young person is not a fee: it is an attribute with its amount.
                std::vector<std::string> costs;
                if (facts && facts->get("amount")) {
                    char amount[64];
                    std::snprintf(amount, sizeof amount, "%.2f", facts->get("amount")->as_number());
                    attribute("carepack-payment-to-young-person", text_of(*facts, "frequency"), "Money paid to the young person",
                              std::string(amount) + " " + text_of(*facts, "currency") + " " + text_of(*facts, "frequency") + " (" +
                                  text_of(item, "money") + ")");
                }
                JsonObject cost;
                cost.text("id", uuid_for(url + "#cost"))
                    .text("service_id", id)
                    .text("option", "Free")
                    .text("currency", "GBP")
                    .number("amount", 0)
                    .text("amount_description", "No charge");
                costs.push_back(cost.str());

                std::vector<std::string> contacts;
                if (!text_of(item, "contact").empty()) {
                    const std::string contact_id = uuid_for(url + "#contact");
                    JsonObject c;
                    c.text("id", contact_id).text("service_id", id).text("name", text_of(item, "contact"));
                    if (!text_of(item, "contact-email").empty()) c.text("email", text_of(item, "contact-email"));
                    std::vector<std::string> phones;
                    if (!text_of(item, "contact-phone").empty()) {
                        JsonObject p;
                        p.text("id", uuid_for(url + "#phone")).text("contact_id", contact_id).text("number", text_of(item, "contact-phone")).text("type", "voice");
                        phones.push_back(p.str());
                    }
                    c.array("phones", phones);
                    contacts.push_back(c.str());
                }
                s.array("contacts", contacts);
                s.array("cost_options", costs);
                s.array("attributes", attributes);
                services.push_back(s.str());
            }
        }
    }

    std::string out = "{\n\"publisher\":" + json_string(authority.name) + ",\n\"source\":" + json_string(base_url) +
                      ",\n\"organizations\":[\n";
    for (std::size_t i = 0; i < organizations.size(); ++i) out += (i ? ",\n" : "") + organizations[i];
    out += "\n],\n\"services\":[\n";
    for (std::size_t i = 0; i < services.size(); ++i) out += (i ? ",\n" : "") + services[i];
    out += "\n]\n}\n";
    return out;
}

}  // namespace carepack::site
