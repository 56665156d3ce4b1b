#include "offer_kind.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include <pugixml.hpp>

#include "carepack/identity.h"
#include "carepack/load.h"
#include "carepack/locale.h"
#include "carepack/pipeline.h"
#include "carepack/template.h"
#include "carepack/translation.h"
#include "carepack/unicode.h"

namespace carepack {

namespace {

Value contact_value(const Contact& c) {
    Value v = Value::object();
    v.set("name", c.name);
    v.set("phone", c.phone);
    v.set("phone-uri", c.phone.empty() ? std::string() : phone_uri(c.phone));
    v.set("email", c.email);
    v.set("email-uri", c.email.empty() ? std::string() : "mailto:" + c.email);
    v.set("hours", c.hours);
    return v;
}

struct OfferParts {
    std::shared_ptr<const ObjectSpec> round, provider, money, item, signpost, shared;
};

const OfferParts& offer_parts() {
    static const auto round = make_spec("round", {
        date_field("date").required().attribute(),
        text_field("with").required().attribute().describe("who was consulted"),
        text_field("changed").required().translatable().describe("what changed because of it"),
    });
    static const auto provider = make_spec("provider", {
        text_field("id").required().attribute(),
        text_field("name").required().attribute(),
        text_field("kind").required().attribute().one_of({"council", "partner"}),
    });
    static const auto money = make_spec("money", {
        number_field("amount").required().attribute(),
        text_field("currency").required().attribute().one_of({"GBP"}),
        text_field("frequency").required().attribute().one_of({"once", "week", "month", "year", "term"}),
    });
    static const auto item = make_spec("item", {
        text_field("id").required().attribute(),
        text_field("category").required().attribute(),
        text_field("basis").required().attribute().one_of({"statutory", "discretionary"}),
        date_field("reviewed").required().attribute().describe("when the council last checked this item"),
        text_field("provider").attribute(),
        text_field("contact").attribute(),
        text_field("when").attribute().describe("who can get it, in carepack's rule language"),
        text_field("entitlement").attribute().describe("the statutory entitlement this item meets"),
        text_field("title").required().translatable(),
        markup_field("description").blocks().required().translatable(),
        object_field("money", money),
        markup_field("how-to-get").translatable(),
        text_field("legal-basis"),
    });
    static const auto signpost = make_spec("signpost", {
        text_field("id").required().attribute(),
        text_field("category").required().attribute(),
        text_field("href").required().attribute(),
        text_field("title").required().translatable(),
        markup_field("description").blocks().required().translatable(),
    });
    static const auto shared = make_spec("shared", {
        text_field("href").required().attribute().describe("a shared offer file, relative to this one"),
    });
    static const OfferParts p{round, provider, money, item, signpost, shared};
    return p;
}

}  // namespace

const ObjectSpec& offer_schema() {
    const auto& [round, provider, money, item, signpost, shared] = offer_parts();
    static const ObjectSpec spec("offer", {
        text_field("id").required().attribute(),
        text_field("version").required().attribute(),
        date_field("published").attribute(),
        date_field("review-date").required().attribute(),
        text_field("categories").required().attribute().describe("the category list it follows, e.g. england-2026"),
        text_field("title").required().translatable(),
        markup_field("introduction").blocks().required().translatable(),
        text_field("legal-basis").required(),
        markup_field("who-is-eligible").blocks().translatable(),
        list_field("shared", shared).xml("shared").describe("offers shared with other councils, included here"),
        list_field("consultation", round).xml("round", "consultation"),
        list_field("providers", provider).xml("provider", "providers"),
        list_field("items", item).xml("item").required(),
        list_field("signposts", signpost).xml("signpost"),
    });
    return spec;
}

const ObjectSpec& shared_offer_schema() {
    const auto& p = offer_parts();
    static const ObjectSpec spec("shared-offer", {
        text_field("id").required().attribute(),
        text_field("name").required().attribute().describe("who shares it, e.g. a leaving care partnership"),
        list_field("providers", p.provider).xml("provider", "providers"),
        list_field("items", p.item).xml("item"),
        list_field("signposts", p.signpost).xml("signpost"),
    });
    return spec;
}

const ObjectSpec& local_offer_law_schema() {
    static const auto category = make_spec("category", {
        text_field("id").required().attribute(),
        date_field("required-from").attribute(),
    });
    static const auto list = make_spec("categories", {
        text_field("id").required().attribute(),
        text_field("legal-basis").required().attribute(),
        list_field("categories", category).xml("category").required(),
    });
    static const auto entitlement = make_spec("entitlement", {
        text_field("id").required().attribute(),
        text_field("legal-basis").required().attribute(),
        number_field("minimum").attribute(),
        text_field("currency").attribute(),
        text_field("basis").attribute().one_of({"statutory", "recommended"}),
    });
    static const ObjectSpec spec("local-offer-law", {
        text_field("jurisdiction").required().attribute(),
        list_field("lists", list).xml("categories").required(),
        list_field("entitlements", entitlement).xml("entitlement", "entitlements"),
    });
    return spec;
}

namespace {

std::filesystem::path offer_file(const Authority& a) { return a.dir / "offer.xml"; }

const Value& field(const Value& v, std::string_view key) {
    static const Value none;
    const Value* f = v.get(key);
    return f ? *f : none;
}


// Every <a href> in a markup value.
void check_links(const Value& v, Diagnostics& d) {
    if (!v.is_markup()) return;
    pugi::xml_document doc;
    const std::string wrapped = "<x>" + v.as_markup().xml + "</x>";
    if (!doc.load_buffer(wrapped.data(), wrapped.size())) return;
    for (auto a : doc.select_nodes("//a")) {
        const std::string href = a.node().attribute("href").value();
        if (auto problem = link_problem(href); !problem.empty())
            d.error(v.where, "the link '" + href + "' " + problem);
    }
}

}  // namespace

std::string link_problem(std::string_view href) {
    auto lower = std::string(href);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (href.find_first_of(" \t\n") != std::string_view::npos) return "has a space in it";
    if (lower.rfind("mailto:", 0) == 0) {
        auto problem = email_problem(href.substr(7));
        return problem.empty() ? "" : "is not a good email address: " + problem;
    }
    if (lower.rfind("tel:", 0) == 0) {
        auto problem = phone_problem(href.substr(4));
        return problem.empty() ? "" : "is not a good phone number: " + problem;
    }
    if (lower.rfind("https://", 0) != 0 && lower.rfind("http://", 0) != 0)
        return "is not a web address (https://...), email (mailto:) or phone number (tel:)";
    auto host = lower.substr(lower.find("://") + 3);
    host = host.substr(0, host.find_first_of("/?#"));
    if (host.empty() || host.find('.') == std::string::npos || host.front() == '.' || host.back() == '.')
        return "has no proper host name";
    return {};
}

std::string email_problem(std::string_view email) {
    auto at = email.find('@');
    if (at == std::string_view::npos || email.find('@', at + 1) != std::string_view::npos) return "it needs one @";
    auto local = email.substr(0, at), domain = email.substr(at + 1);
    if (local.empty()) return "nothing before the @";
    if (domain.find('.') == std::string_view::npos || domain.front() == '.' || domain.back() == '.')
        return "the part after the @ is not a domain";
    if (email.find_first_of(" ,;<>()[]\\\"") != std::string_view::npos) return "it has a space or a character emails cannot have";
    return {};
}

std::string phone_problem(std::string_view phone) {
    std::size_t digits = 0;
    for (char c : phone) {
        if (c >= '0' && c <= '9') ++digits;
        else if (c != ' ' && c != '+' && c != '(' && c != ')' && c != '-') return "it has a character phone numbers do not";
    }
    if (phone.empty() || !(phone.front() == '0' || phone.front() == '+')) return "it should start with 0 or +";
    if (digits < 10 || digits > 13) return "it has " + std::to_string(digits) + " digits";
    return {};
}

LocalOfferLaw LocalOfferLaw::load(const std::string& jurisdiction, Diagnostics& d) {
    LocalOfferLaw law;
    const auto file = data_directory() / "data" / jurisdiction / "local-offer.xml";
    law.value = load_xml(file, local_offer_law_schema(), d);
    if (d.has_errors()) return law;
    for (const auto& list : law.value.get("lists")->as_array()) {
        auto& cats = law.category_lists[text_of(list, "id")];
        law.list_legal_basis[text_of(list, "id")] = text_of(list, "legal-basis");
        for (const auto& c : list.get("categories")->as_array())
            cats.push_back({text_of(c, "id"), Date::parse_iso(text_of(c, "required-from"))});
    }
    for (const auto& e : law.value.get("entitlements")->as_array()) {
        Entitlement ent{text_of(e, "id"), text_of(e, "legal-basis"), text_of(e, "basis"), std::nullopt, text_of(e, "currency")};
        if (const Value* m = e.get("minimum")) ent.minimum = m->as_number();
        if (ent.basis.empty()) ent.basis = "statutory";
        law.entitlements.push_back(std::move(ent));
    }
    return law;
}

OfferContent OfferContent::load(const Authority& authority, const Date& on, Diagnostics& d) {
    OfferContent c;
    c.value = load_xml(offer_file(authority), offer_schema(), d);
    if (d.has_errors()) return c;
    // Levels: items a provider shares with other councils come in here, once; the council's
    // own item with the same id replaces the shared one. Each keeps where it was written.
    for (const auto& ref : c.value.get("shared")->as_array()) {
        const auto file = (offer_file(authority).parent_path() / text_of(ref, "href")).lexically_normal();
        Value shared = load_xml(file, shared_offer_schema(), d);
        if (d.has_errors()) return c;
        std::set<std::string> own;
        for (const auto& item : c.value.get("items")->as_array()) own.insert(text_of(item, "id"));
        std::set<std::string> own_providers;
        for (const auto& p : c.value.get("providers")->as_array()) own_providers.insert(text_of(p, "id"));
        for (const auto& p : shared.get("providers")->as_array())
            if (!own_providers.count(text_of(p, "id"))) c.value.get("providers")->push(p);
        Value merged = Value::array();
        for (auto item : shared.get("items")->as_array()) {
            if (own.count(text_of(item, "id"))) {
                d.note(item.where, "the council's own '" + text_of(item, "id") + "' replaces this shared item");
                continue;
            }
            item.set("shared-by", text_of(shared, "name"));
            merged.push(std::move(item));
        }
        for (auto& item : c.value.get("items")->as_array()) merged.push(std::move(item));
        c.value.set("items", std::move(merged));
        std::set<std::string> own_signposts;
        for (const auto& s : c.value.get("signposts")->as_array()) own_signposts.insert(text_of(s, "id"));
        for (const auto& s : shared.get("signposts")->as_array())
            if (!own_signposts.count(text_of(s, "id"))) c.value.get("signposts")->push(s);
    }
    c.law = LocalOfferLaw::load(authority.jurisdiction, d);
    if (d.has_errors()) return c;
    const Value& offer = c.value;

    const Value& list_id = field(offer, "categories");
    auto list = c.law.category_lists.find(list_id.text());
    if (list == c.law.category_lists.end()) {
        std::string known;
        for (const auto& [id, _] : c.law.category_lists) known += (known.empty() ? "" : ", ") + id;
        d.error(list_id.where, "unknown category list '" + list_id.text() + "' for " + authority.jurisdiction +
                                   "; carepack knows " + known);
        return c;
    }
    std::set<std::string> categories;
    for (const auto& cat : list->second) categories.insert(cat.id);

    std::set<std::string> providers, ids;
    for (const auto& p : offer.get("providers")->as_array())
        if (!providers.insert(text_of(p, "id")).second)
            d.error(p.where, "the provider id '" + text_of(p, "id") + "' is used twice");

    std::map<std::string, std::size_t> per_category;
    std::set<std::string> entitlements_met;
    for (const auto& item : offer.get("items")->as_array()) {
        const std::string id = text_of(item, "id");
        if (!ids.insert(id).second) d.error(field(item, "id").where, "the id '" + id + "' is used twice in the offer");
        const Value& category = field(item, "category");
        if (!categories.count(category.text())) {
            std::string known;
            for (const auto& cat : list->second) known += (known.empty() ? "" : ", ") + cat.id;
            d.error(category.where, "unknown category '" + category.text() + "'; the " + list_id.text() +
                                        " categories are " + known);
        } else {
            ++per_category[category.text()];
        }
        const std::string provider = text_of(item, "provider");
        if (provider.empty())
            d.warning(item.where, "the item '" + id + "' says nobody provides it (provider=\"...\")");
        else if (!providers.count(provider))
            d.error(field(item, "provider").where, "unknown provider '" + provider + "'; declare it in <providers>");
        const std::string contact = text_of(item, "contact");
        if (contact.empty())
            d.warning(item.where, "the item '" + id + "' has no contact (contact=\"...\"): who does a young person ask?");
        else if (!authority.contact(contact))
            d.error(field(item, "contact").where, "unknown contact '" + contact + "'; contacts are listed in authority.xml");
        if (const Value* when = item.get("when")) {
            try {
                c.conditions[id] = Condition::parse(when->text(), when->where);
            } catch (const Failure& f) {
                d.append(f.diagnostics());
            }
        } else {
            c.conditions[id] = Condition();
        }
        const std::string basis = text_of(item, "basis");
        if (const Value* ent = item.get("entitlement")) {
            auto e = std::find_if(c.law.entitlements.begin(), c.law.entitlements.end(),
                                  [&](const Entitlement& x) { return x.id == ent->text(); });
            if (e == c.law.entitlements.end()) {
                d.error(ent->where, "unknown entitlement '" + ent->text() + "'");
            } else {
                entitlements_met.insert(e->id);
                if (basis != "statutory")
                    d.error(field(item, "basis").where, "the item '" + id + "' meets the statutory entitlement '" + e->id +
                                                            "', so its basis is statutory");
                if (e->minimum) {
                    const Value* money = item.get("money");
                    const double amount = money ? field(*money, "amount").as_number() : 0;
                    if (!money || amount + 1e-9 < *e->minimum)
                        d.error(money ? field(*money, "amount").where : item.where,
                                "the " + e->id + " amount " + (money ? format_money(amount, "GBP", "en-GB") : "is missing and") +
                                    " is below the " + (e->basis == "recommended" ? "recommended" : "statutory") +
                                    " minimum of " + format_money(*e->minimum, e->currency.empty() ? "GBP" : e->currency, "en-GB") +
                                    " (" + e->legal_basis + ")");
                }
            }
        }
        if (basis == "statutory" && !item.get("legal-basis"))
            d.warning(item.where, "the statutory item '" + id + "' does not say which law gives it (<legal-basis>)");
        if (auto reviewed = Date::parse_iso(text_of(item, "reviewed")); reviewed && days_between(*reviewed, on) > 366)
            d.warning(field(item, "reviewed").where, "the item '" + id + "' was last checked on " + reviewed->iso() +
                                                         ", over a year ago");
        check_links(field(item, "description"), d);
        check_links(field(item, "how-to-get"), d);
    }
    for (const auto& e : c.law.entitlements)
        if (!entitlements_met.count(e.id))
            d.error(offer.where, "the offer has no item for the " + (e.basis == "recommended" ? std::string("recommended ") : std::string()) +
                                     "entitlement '" + e.id + "' (" + e.legal_basis + "); mark the item that meets it with entitlement=\"" +
                                     e.id + "\"");
    for (const auto& cat : list->second)
        if (!per_category[cat.id] && (!cat.required_from || *cat.required_from <= on))
            d.error(offer.where, "the offer has nothing in the category '" + cat.id + "', which the law (" +
                                     c.law.list_legal_basis[list_id.text()] + ") asks every offer to cover");
    for (const auto& s : offer.get("signposts")->as_array()) {
        if (!ids.insert(text_of(s, "id")).second) d.error(field(s, "id").where, "the id '" + text_of(s, "id") + "' is used twice in the offer");
        if (!categories.count(text_of(s, "category")))
            d.error(field(s, "category").where, "unknown category '" + text_of(s, "category") + "'");
        if (auto problem = link_problem(text_of(s, "href")); !problem.empty())
            d.error(field(s, "href").where, "the link '" + text_of(s, "href") + "' " + problem);
        check_links(field(s, "description"), d);
    }
    check_links(field(offer, "introduction"), d);
    for (const auto& contact : authority.contacts) {
        if (!contact.phone.empty())
            if (auto problem = phone_problem(contact.phone); !problem.empty())
                d.error(authority.where, "the phone number of " + contact.id + " (" + contact.phone + ") is malformed: " + problem);
        if (!contact.email.empty())
            if (auto problem = email_problem(contact.email); !problem.empty())
                d.error(authority.where, "the email of " + contact.id + " (" + contact.email + ") is malformed: " + problem);
    }
    if (auto due = Date::parse_iso(text_of(offer, "review-date")); due && *due < on)
        d.warning(field(offer, "review-date").where, "the offer was due for review on " + due->iso() +
                                                          "; the guidance asks councils to keep it up to date and consult again every 2 to 3 years");
    return c;
}

std::string OfferKind::summary() const {
    return "the local offer for care leavers, statutory and discretionary, by category; public or a personal copy";
}

Capabilities OfferKind::capabilities() const {
    Capabilities c;
    c.kinds = {"local-offer"};
    return c;
}

bool OfferKind::has_content(const Authority& authority) const { return std::filesystem::exists(offer_file(authority)); }

void OfferKind::check_content(const Authority& authority, Diagnostics& diagnostics) const {
    OfferContent::load(authority, Date::today(), diagnostics);
}

std::vector<DocumentKind::ContentFile> OfferKind::content(const Authority& authority, Diagnostics& diagnostics) const {
    Value v = load_xml(offer_file(authority), offer_schema(), diagnostics);
    return {ContentFile{offer_file(authority), std::make_shared<const Value>(std::move(v))}};
}

std::vector<DocumentKind::Applicability> OfferKind::applicability(const KindRequest& request,
                                                                  Diagnostics& diagnostics) const {
    std::vector<Applicability> out;
    OfferContent content = OfferContent::load(*request.authority, request.date, diagnostics);
    if (diagnostics.has_errors() || !request.person) return out;
    const Catalog& msg = *request.catalog;
    for (const auto& cat : content.law.category_lists.at(text_of(content.value, "categories")))
        for (const auto& item : content.value.get("items")->as_array()) {
            if (text_of(item, "category") != cat.id) continue;
            const Condition& cond = content.conditions[text_of(item, "id")];
            Applicability a;
            a.id = text_of(item, "id");
            a.title = text_of(item, "title");
            a.group = msg.get("offer-category-" + cat.id);
            a.statutory = text_of(item, "basis") == "statutory";
            a.applies = cond.evaluate(*request.person, request.date);
            a.reason = cond.always() ? msg.get("offer-eligible-all")
                                     : msg.format("offer-eligible-if", {{"conditions", cond.describe(msg)}});
            a.rule = cond.text();
            a.where = item.where;
            a.shared_by = text_of(item, "shared-by");
            out.push_back(std::move(a));
        }
    return out;
}

Composition OfferKind::compose(const KindRequest& request, Diagnostics& diagnostics) const {
    const Authority& authority = *request.authority;
    const Catalog& msg = *request.catalog;
    OfferContent content = OfferContent::load(authority, request.date, diagnostics);
    Composition out;
    if (diagnostics.has_errors()) return out;

    LocaliseReport translations;
    const Value offer = localise(content.value, {request.lang, request.allow_draft_translations}, translations);
    report_fallbacks(translations, request.lang, Location::in_file(offer_file(authority).string()), diagnostics);

    const Person* person = request.person;
    const bool personal = person != nullptr;
    auto ctx = std::make_shared<Value>(Value::object());
    ctx->set("lang", request.lang);
    ctx->set("personal", personal);

    auto provider_name = [&](const std::string& id) {
        for (const auto& p : offer.get("providers")->as_array())
            if (text_of(p, "id") == id) return text_of(p, "name");
        return std::string();
    };

    // Items, statutory apart from discretionary, by category in the law's order.
    const auto& categories = content.law.category_lists.at(text_of(offer, "categories"));
    Value statutory = Value::array(), discretionary = Value::array();
    std::set<std::string> contacts_used;
    std::size_t shown = 0, total = 0;
    // Each category in brief, for a leaflet: its name, how many things it has, and what in it
    // the law requires, by name only.
    Value in_brief = Value::array();
    for (const auto& cat : categories) {
        Value by_law = Value::array(), other = Value::array();
        for (const auto& item : offer.get("items")->as_array()) {
            if (text_of(item, "category") != cat.id) continue;
            ++total;
            const std::string id = text_of(item, "id");
            const Condition& cond = content.conditions[id];
            if (personal && !cond.evaluate(*person, request.date)) continue;
            ++shown;
            Value v = Value::object();
            v.where = item.where;
            v.set("id", id);
            v.set("title", field(item, "title"));
            v.set("description", field(item, "description"));
            std::string money;
            if (const Value* m = item.get("money"))
                money = msg.format("offer-frequency-" + text_of(*m, "frequency"),
                                   {{"amount", format_money(field(*m, "amount").as_number(), text_of(*m, "currency"), request.lang)}});
            v.set("money", money);
            // The facts behind the words, for exports (Open Referral UK): public, not for display.
            Value facts = Value::object();
            facts.set("category", cat.id);
            facts.set("basis", text_of(item, "basis"));
            facts.set("rule", text_of(item, "when"));
            facts.set("provider-id", text_of(item, "provider"));
            facts.set("contact-id", text_of(item, "contact"));
            if (const Value* m = item.get("money")) {
                facts.set("amount", field(*m, "amount").as_number());
                facts.set("currency", text_of(*m, "currency"));
                facts.set("frequency", text_of(*m, "frequency"));
            }
            v.set("facts", std::move(facts));
            v.set("eligibility", cond.always() ? message_value(msg, "offer-eligible-all")
                                               : message_value(msg, "offer-eligible-if", {{"conditions", cond.describe(msg)}}));
            v.set("how-to-get", item.get("how-to-get") ? field(item, "how-to-get") : Value(""));
            v.set("provider", provider_name(text_of(item, "provider")));
            const Contact* contact = authority.contact(text_of(item, "contact"));
            v.set("contact", contact ? contact->name : std::string());
            v.set("contact-phone", contact ? contact->phone : std::string());
            v.set("contact-phone-uri", contact && !contact->phone.empty() ? phone_uri(contact->phone) : std::string());
            v.set("contact-email", contact ? contact->email : std::string());
            v.set("contact-email-uri", contact && !contact->email.empty() ? "mailto:" + contact->email : std::string());
            if (contact) contacts_used.insert(contact->id);
            v.set("legal-basis", text_of(item, "legal-basis"));
            v.set("reviewed", text_of(item, "reviewed"));  // ISO, for a page's "last reviewed"
            v.set("shared-by", text_of(item, "shared-by"));
            v.set("reviewed-line", message_value(msg, "offer-reviewed",
                                                 {{"date", format_long_date(*Date::parse_iso(text_of(item, "reviewed")),
                                                                            msg.has("offer-reviewed") ? request.lang : "en-GB")}}));
            (text_of(item, "basis") == "statutory" ? by_law : other).push(std::move(v));
        }
        if (by_law.size() + other.size() > 0) {
            Value brief = Value::object();
            brief.set("id", cat.id);
            brief.set("name", message_value(msg, "offer-category-" + cat.id));
            brief.set("count-line", message_value(msg, "leaflet-category-count",
                                                  {{"count", std::to_string(by_law.size() + other.size())}}));
            Value titles = Value::array();
            for (const auto& v : by_law.as_array()) {
                Value t = Value::object();
                t.set("title", *v.get("title"));
                titles.push(std::move(t));
            }
            brief.set("has-statutory", titles.size() > 0);
            brief.set("statutory", std::move(titles));
            in_brief.push(std::move(brief));
        }
        auto add = [&](Value& to, Value items, const char* prefix) {
            if (items.size() == 0) return;
            Value group = Value::object();
            group.set("id", std::string(prefix) + cat.id);
            group.set("name", message_value(msg, "offer-category-" + cat.id));
            group.set("items", std::move(items));
            to.push(std::move(group));
        };
        add(statutory, std::move(by_law), "law-");
        add(discretionary, std::move(other), "more-");
    }
    Value providers = Value::array();
    for (const auto& p : offer.get("providers")->as_array()) {
        Value v = Value::object();
        v.set("id", text_of(p, "id"));
        v.set("name", text_of(p, "name"));
        v.set("kind", text_of(p, "kind"));
        providers.push(std::move(v));
    }
    ctx->set("providers", std::move(providers));
    ctx->set("statutory", std::move(statutory));
    ctx->set("discretionary", std::move(discretionary));
    ctx->set("categories", std::move(in_brief));

    Value council = Value::object();
    council.set("name", authority.name);
    council.set("short-name", authority.short_name);
    council.set("website", authority.website);
    ctx->set("council", std::move(council));
    // Where the whole offer is online: the site's address, else the council's website's
    // local offer folder (as the site publisher has it).
    std::string online = authority.site.url;
    if (online.empty() && !authority.website.empty()) online = authority.website + "/local-offer/";
    Value address = Value::object();
    address.set("href", online);
    address.set("text", web_address_text(online));  // empty when there is none: no section
    ctx->set("online", std::move(address));

    // The offer's own contact for a reader who has only this in their hand: the one most of its
    // items name (the leaving care team, usually); the first in authority.xml on a tie.
    std::map<std::string, std::size_t> naming;
    for (const auto& item : offer.get("items")->as_array()) ++naming[text_of(item, "contact")];
    const Contact* main_contact = nullptr;
    for (const auto& c : authority.contacts)
        if (naming[c.id] > 0 && (!main_contact || naming[c.id] > naming[main_contact->id])) main_contact = &c;
    ctx->set("main-contact", main_contact ? contact_value(*main_contact) : Value(""));

    Value signposts = Value::array();
    for (const auto& s : offer.get("signposts")->as_array()) {
        Value v = Value::object();
        v.set("id", text_of(s, "id"));
        v.set("title", field(s, "title"));
        v.set("href", text_of(s, "href"));
        v.set("description", field(s, "description"));
        signposts.push(std::move(v));
    }
    ctx->set("signposts", std::move(signposts));

    Value contacts = Value::array();
    for (const auto& c : authority.contacts)
        if (contacts_used.count(c.id)) contacts.push(contact_value(c));
    ctx->set("contacts", std::move(contacts));
    // Names, hours and providers come from the council's own files, in its own language: the
    // templates mark them with it, so a screen reader reads them in that language's voice on a
    // page in another.
    ctx->set("council-lang", authority.default_language());

    Value rounds = Value::array();
    for (const auto& r : offer.get("consultation")->as_array()) {
        Value v = Value::object();
        v.set("said", message_value(msg, "offer-consulted",
                                    {{"date", format_long_date(*Date::parse_iso(text_of(r, "date")),
                                                               msg.has("offer-consulted") ? request.lang : "en-GB")},
                                     {"with", text_of(r, "with")}}));
        v.set("changed", field(r, "changed"));
        rounds.push(std::move(v));
    }
    ctx->set("consultation", std::move(rounds));

    Value about = Value::object();
    about.where = offer.where;
    about.set("title", field(offer, "title"));
    about.set("title-text", plain_text(field(offer, "title")));
    about.set("introduction", field(offer, "introduction"));
    about.set("who-is-eligible", offer.get("who-is-eligible") ? field(offer, "who-is-eligible") : Value(""));
    about.set("legal-basis", text_of(offer, "legal-basis"));
    about.set("published", text_of(offer, "published"));
    const std::string review = format_long_date(*Date::parse_iso(text_of(offer, "review-date")), request.lang);
    about.set("review-line", message_value(msg, "offer-review-line", {{"version", text_of(offer, "version")}, {"date", review}}));
    // When it was published (optional) and when it will be looked at again, for a leaflet.
    const auto published = Date::parse_iso(text_of(offer, "published"));
    about.set("dates-line", published ? message_value(msg, "leaflet-offer-dates",
                                                      {{"published", format_long_date(*published, request.lang)}, {"review", review}})
                                      : *about.get("review-line"));
    ctx->set("offer", std::move(about));

    ctx->set("draft-notice", "");
    ctx->set("draft-notice-english", "");
    if (translations.drafts_used > 0) {
        ctx->set("draft-notice", msg.get("draft-translation-notice"));
        if (msg.lang() != source_language)
            ctx->set("draft-notice-english", Value(Markup{"<span lang=\"" + std::string(source_language) + "\">" +
                                                          xml_escape(msg.english("draft-translation-notice")) + "</span>"}));
    }

    Value messages = Value::object();
    for (const auto& [id, text] : msg.resolved()) messages.set(id, message_value(msg, id));
    ctx->set("msg", std::move(messages));

    ctx->set("personal-note", "");
    if (personal) {
        Value note(msg.format("offer-personal-note", {{"name", person->preferred_name},
                                                      {"date", format_long_date(request.date, request.lang)},
                                                      {"shown", std::to_string(shown)},
                                                      {"total", std::to_string(total)}}));
        note.mark(Sensitivity::Personal);
        ctx->set("personal-note", std::move(note));
        ctx->set("identity", person_identity(*person, msg, request.lang));
    }

    out.template_name = "local-offer";
    out.audience = personal ? Audience::YoungPerson : Audience::Public;
    out.title = plain_text(field(offer, "title"));
    out.meta = {{"version", text_of(offer, "version")},
                {"review-date", review},
                {"author", authority.name},
                {"legal-basis", text_of(offer, "legal-basis")}};
    out.context = std::move(ctx);
    return out;
}

}  // namespace carepack
