#define BOOST_TEST_MODULE local_offer
#include <boost/test/unit_test.hpp>

#include <map>
#include <regex>
#include <set>

#include <pugixml.hpp>

#include "carepack/pipeline.h"
#include "carepack/rules.h"
#include "extract.h"
#include "leaflet.h"
#include "offer_kind.h"
#include "support.h"

using namespace carepack;
using namespace carepack::testing;
namespace fs = std::filesystem;

namespace {

const Date as_of(2026, 11, 22);

Environment& env() {
    static auto e = Environment::create({CAREPACK_BUILD_PLUGIN_DIR});
    return *e;
}

std::string cli(const std::string& args) {
    return testing::quoted(carepack_command()) + " --plugin-dir " + testing::quoted(fs::path(CAREPACK_BUILD_PLUGIN_DIR)) +
           " " + args;
}

struct Item {
    std::string id, category, basis, title, when;
};

// The example offer's items, read here independently of carepack's loader.
std::vector<Item> items_in_file(const fs::path& council = example_council()) {
    pugi::xml_document doc;
    BOOST_REQUIRE(doc.load_file((council / "offer.xml").c_str()));
    std::vector<Item> out;
    for (auto item : doc.child("offer").children("item")) {
        if (item.attribute("xml:lang")) continue;
        out.push_back({item.attribute("id").value(), item.attribute("category").value(), item.attribute("basis").value(),
                       item.child("title").text().get(), item.attribute("when").value()});
    }
    return out;
}

Diagnostics check_offer(const fs::path& council) {
    Diagnostics d;
    Authority a = Authority::load(council, d);
    OfferContent::load(a, as_of, d);
    return d;
}

// A copy of the example council whose offer.xml has `from` replaced by `to`.
fs::path council_with(const TempDir& dir, const std::string& from, const std::string& to) {
    fs::path c = copy_example_council(dir);
    std::string offer = slurp(c / "offer.xml");
    BOOST_REQUIRE_MESSAGE(offer.find(from) != std::string::npos, "offer.xml has no '" << from << "'");
    spit(c / "offer.xml", replace_once(offer, from, to));
    return c;
}

RenderOutcome render(const fs::path& council, const std::vector<std::string>& formats, const std::string& lang = {},
                     const std::optional<std::string>& person = std::nullopt, const fs::path& out = {}) {
    RenderJob job;
    job.kind = "local-offer";
    job.authority_dir = council;
    job.formats = formats;
    job.lang = lang;
    if (person) job.person_file = example_person(*person);
    job.date = as_of;
    job.output_dir = out;
    return render_document(env(), job);
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_example_offer_is_complete_and_clean) {
    Diagnostics d = check_offer(example_council());
    BOOST_TEST(!d.has_errors(), d.str());
    auto items = items_in_file();
    BOOST_TEST(items.size() >= 40u);
    std::map<std::string, int> per_category;
    int statutory = 0;
    for (const auto& i : items) {
        ++per_category[i.category];
        statutory += i.basis == "statutory";
    }
    for (const char* c : {"health-and-wellbeing", "relationships", "education-and-training", "employment", "accommodation",
                          "participation-in-society", "financial-literacy"})
        BOOST_TEST(per_category[c] >= 1, "nothing in " << c);
    BOOST_TEST(statutory >= 10);
}

BOOST_AUTO_TEST_CASE(the_public_offer_page_puts_the_law_first_and_every_item_in_it) {
    TempDir dir;
    auto out = render(example_council(), {"html"}, "", std::nullopt, dir.path());
    BOOST_TEST_REQUIRE(out.ok(), out.diagnostics.str());
    const std::string page = slurp(out.files.front());
    const auto by_law = page.find("Support we must give you by law"), other = page.find("Other support we offer");
    BOOST_TEST(by_law != std::string::npos);
    BOOST_TEST(other > by_law);
    for (const auto& i : items_in_file()) {
        auto at = page.find(">" + i.title + "<");
        BOOST_TEST(at != std::string::npos, "missing item " << i.id);
        // Statutory items sit under the law heading, the rest under "other support".
        if (at != std::string::npos) BOOST_TEST(((i.basis == "statutory") == (at < other)), i.id);
    }
    // Money as a reader writes it, eligibility in words, and the law's own words.
    BOOST_TEST(page.find("£2,000") != std::string::npos);
    BOOST_TEST(page.find("£3,500") != std::string::npos);
    BOOST_TEST(page.find("For you if you are ") != std::string::npos);
    BOOST_TEST(page.find("Other places that can help") != std::string::npos);
    BOOST_TEST(page.find("How we made this offer") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_personal_offer_has_exactly_what_applies_to_the_person) {
    TempDir dir;
    for (const std::string id : {"brk-ex-0003", "brk-ex-0005"}) {
        auto out = render(example_council(), {"html"}, "", id, dir.path());
        BOOST_TEST_REQUIRE(out.ok(), out.diagnostics.str());
        const std::string page = slurp(out.files.front());
        Diagnostics d;
        const Person person = load_person(example_person(id), d).person;
        int shown = 0;
        for (const auto& i : items_in_file()) {
            const bool applies = i.when.empty() || Condition::parse(i.when, Location()).evaluate(person, as_of);
            const bool present = page.find(">" + i.title + "<") != std::string::npos;
            BOOST_TEST(present == applies, id << ": " << i.id << (applies ? " missing" : " should not be there"));
            shown += applies;
        }
        BOOST_TEST(shown > 0);
        BOOST_TEST(page.find("things that are for you now") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(the_offer_command_says_what_applies_and_why) {
    auto r = run(cli("offer --authority " + testing::quoted(example_council()) + " --person " +
                     testing::quoted(example_person("brk-ex-0003")) + " --date 2026-11-22"));
    BOOST_TEST(r.exit_code == 0, r.out);
    BOOST_TEST(r.out.find("BRK-EX-0003") != std::string::npos, r.out);
    BOOST_TEST(r.out.find("For them (") != std::string::npos, r.out);
    BOOST_TEST(r.out.find("Not for them now (") != std::string::npos, r.out);
    BOOST_TEST(r.out.find("[by law] ") != std::string::npos, r.out);
    BOOST_TEST(r.out.find("For you if you are") != std::string::npos, r.out);
    auto help = run(cli("offer --help"));
    BOOST_TEST(help.exit_code == 0);
    BOOST_TEST(help.out.find("Usage: carepack offer") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_malformed_offer_is_a_located_error_and_writes_nothing) {
    struct Case {
        std::string from, to, message;
    };
    const std::vector<Case> cases = {
        {"category=\"accommodation\"", "category=\"housing\"", "unknown category 'housing'"},
        {"when=\"", "when=\"age &gt;= sixteen and ", "expected a number"},
        {"currency=\"GBP\"", "", "needs attribute 'currency'"},
    };
    for (const auto& c : cases) {
        TempDir dir;
        fs::path council = council_with(dir, c.from, c.to);
        auto r = run(cli("render local-offer --authority " + testing::quoted(council) + " --format html,pdf -o " +
                         testing::quoted(dir / "out")));
        BOOST_TEST(r.exit_code == 1, c.message << ": " << r.out);
        BOOST_TEST(std::regex_search(r.out, std::regex("offer\\.xml:\\d+:\\d+: error: [^\\n]*" + std::regex_replace(
                                                                c.message, std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)"))),
                   r.out);
        BOOST_TEST(!fs::exists(dir / "out"));
    }
}

BOOST_AUTO_TEST_CASE(what_the_law_requires_is_checked) {
    {
        TempDir dir;
        // The setting up home allowance below the recommended £3,000.
        fs::path council = council_with(dir, "amount=\"3500\"", "amount=\"2500\"");
        Diagnostics d = check_offer(council);
        BOOST_TEST(mentions(d, "offer.xml:", "below the recommended minimum of £3,000"), d.str());
    }
    {
        TempDir dir;
        // No item meets the higher education bursary.
        fs::path council = council_with(dir, "entitlement=\"he-bursary\"", "");
        Diagnostics d = check_offer(council);
        BOOST_TEST(mentions(d, "offer.xml", "no item for the entitlement 'he-bursary'"), d.str());
    }
    {
        TempDir dir;
        fs::path council = council_with(dir, "<how-to-get>", "<how-to-get><a href=\"htps://broken\">link</a> ");
        Diagnostics d = check_offer(council);
        BOOST_TEST(mentions(d, "offer.xml", "the link 'htps://broken' is not a web address"), d.str());
    }
    {
        TempDir dir;
        fs::path council = council_with(dir, "contact=\"", "data-x=\"");
        Diagnostics d = check_offer(council);
        BOOST_TEST(mentions(d, "offer.xml", "unknown attribute 'data-x'"), d.str());
    }
    {
        TempDir dir;
        fs::path council = council_with(dir, "reviewed=\"", "reviewed=\"2024-01-01\" x-old=\"");
        Diagnostics d = check_offer(council);
        BOOST_TEST(d.has_errors());
    }
    {
        TempDir dir;
        // Past its review date: a warning, not an error.
        fs::path council = council_with(dir, "review-date=\"2027-03-31\"", "review-date=\"2026-01-31\"");
        Diagnostics d = check_offer(council);
        BOOST_TEST(!d.has_errors(), d.str());
        BOOST_TEST(mentions(d, "offer.xml", "was due for review on 2026-01-31"), d.str());
    }
}

BOOST_AUTO_TEST_CASE(checks_of_addresses_and_numbers) {
    BOOST_TEST(link_problem("https://www.brackenmoor.example.org/local-offer").empty());
    BOOST_TEST(link_problem("mailto:leavingcare@brackenmoor.example.org").empty());
    BOOST_TEST(link_problem("tel:01632960110").empty());
    BOOST_TEST(!link_problem("www.brackenmoor.example.org").empty());
    BOOST_TEST(!link_problem("https://localhost").empty());
    BOOST_TEST(!link_problem("mailto:nobody").empty());
    BOOST_TEST(email_problem("leavingcare@brackenmoor.example.org").empty());
    BOOST_TEST(!email_problem("leaving care@brackenmoor.example.org").empty());
    BOOST_TEST(!email_problem("leavingcare@@brackenmoor.example.org").empty());
    BOOST_TEST(phone_problem("01632 960110").empty());
    BOOST_TEST(phone_problem("07700 900150").empty());
    BOOST_TEST(!phone_problem("01632 9601").empty());
    BOOST_TEST(!phone_problem("1632 960110").empty());
}

BOOST_AUTO_TEST_CASE(conditions_read_as_plain_words) {
    auto english = env().catalogs.find("en-GB");
    BOOST_TEST(Condition::parse("age in 16..17 and group uasc", Location()).describe(*english) ==
               "aged 16 to 17 and an unaccompanied asylum-seeking young person");
    BOOST_TEST(Condition::parse("care-leaver and age < 25", Location()).describe(*english) == "a care leaver and under 25");
    BOOST_TEST(Condition::parse("status in (relevant, former-relevant)", Location()).describe(*english) ==
               "a care leaver who is relevant or former relevant");
    BOOST_TEST(Condition::parse("status in (eligible, relevant, former-relevant) and age < 21", Location()).describe(*english) ==
               "a care leaver who is eligible, relevant or former relevant and under 21");
    BOOST_TEST(Condition::parse("status = eligible", Location()).describe(*english) ==
               "an eligible care leaver (16 or 17 and still in care)");
}

BOOST_AUTO_TEST_CASE(a_shared_offer_is_included_once_and_the_council_can_replace_its_items) {
    TempDir dir;
    fs::path council = copy_example_council(dir);
    const auto items = items_in_file(council);
    const Item& replaced = items.front();
    spit(council / "partnership.xml",
         "<shared-offer id=\"moorside\" name=\"Moorside Leaving Care Partnership\">\n"
         "  <providers><provider id=\"moorside-partnership\" name=\"Moorside Leaving Care Partnership\" kind=\"partner\"/></providers>\n"
         "  <item id=\"shared-gym\" category=\"health-and-wellbeing\" basis=\"discretionary\" reviewed=\"2026-06-01\"\n"
         "        provider=\"moorside-partnership\" contact=\"leaving-care-team\">\n"
         "    <title>Free gym membership across the partnership</title>\n"
         "    <description><p>Use any partnership gym for free.</p></description>\n"
         "  </item>\n"
         "  <item id=\"" + replaced.id + "\" category=\"" + replaced.category + "\" basis=\"" + replaced.basis +
         "\" reviewed=\"2026-06-01\" provider=\"moorside-partnership\" contact=\"leaving-care-team\">\n"
         "    <title>The partnership's version of this item</title>\n"
         "    <description><p>Shared wording.</p></description>\n"
         "  </item>\n"
         "</shared-offer>\n");
    std::string offer = slurp(council / "offer.xml");
    const auto at = offer.find("<title>");
    offer.insert(at, "<shared href=\"partnership.xml\"/>\n  ");
    spit(council / "offer.xml", offer);

    Diagnostics d;
    Authority a = Authority::load(council, d);
    OfferContent c = OfferContent::load(a, as_of, d);
    BOOST_TEST_REQUIRE(!d.has_errors(), d.str());
    BOOST_TEST(mentions(d, "partnership.xml:", "the council's own '" + replaced.id + "' replaces this shared item"), d.str());
    std::size_t gym = 0, own = 0;
    for (const auto& item : c.value.get("items")->as_array()) {
        const std::string id = item.get("id")->text();
        if (id == "shared-gym") {
            ++gym;
            BOOST_TEST(item.where.str().find("partnership.xml:3:") != std::string::npos, item.where.str());
            BOOST_TEST(item.get("shared-by")->text() == "Moorside Leaving Care Partnership");
        }
        if (id == replaced.id) {
            ++own;
            BOOST_TEST(item.get("title")->text() == replaced.title);
            BOOST_TEST(item.where.str().find("offer.xml") != std::string::npos);
        }
    }
    BOOST_TEST(gym == 1u);
    BOOST_TEST(own == 1u);
    BOOST_TEST(c.value.get("items")->size() == items.size() + 1);
}

BOOST_AUTO_TEST_CASE(the_arabic_offer_is_right_to_left_with_english_fallback_marked_and_extracts_exactly) {
    TempDir dir;
    auto out = render(example_council(), {"html", "pdf"}, "ar", std::nullopt, dir.path());
    BOOST_TEST_REQUIRE(out.ok(), out.diagnostics.str());
    BOOST_TEST_REQUIRE(out.files.size() == 2u);
    const std::string page = slurp(out.files[0]);
    BOOST_TEST(page.find("<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"ar\" dir=\"rtl\">") != std::string::npos);
    // Our own Arabic headings, and English content marked as English where it is not translated.
    BOOST_TEST(page.find("الدعم الذي يلزمنا القانون بتقديمه لك") != std::string::npos);
    const auto items = items_in_file();
    for (const auto& i : items)
        BOOST_TEST(page.find("<span lang=\"en-GB\" dir=\"ltr\">" + i.title + "</span>") != std::string::npos,
                   "untranslated title of " << i.id << " not marked as English");

    // The PDF: every item's title comes back out, in order, with no lost characters.
    const std::string text = normalise(mutool_text(out.files[1]).out);
    BOOST_TEST(!has_replacement_character(text));
    BOOST_TEST(text.find(normalise("الدعم الذي يلزمنا القانون بتقديمه لك")) != std::string::npos);
    for (const auto& i : items) BOOST_TEST(text.find(normalise(i.title)) != std::string::npos, i.id);
    auto check = run("qpdf --check " + testing::quoted(out.files[1]));
    BOOST_TEST(check.exit_code == 0, check.out);
}

BOOST_AUTO_TEST_CASE(each_remaining_error_and_warning_names_its_place) {
    struct Case {
        std::string from, to, where, message;
        bool error;
    };
    const std::vector<Case> cases = {
        {"provider=\"fostering\"", "provider=\"nobody-we-know\"", "offer.xml:", "unknown provider 'nobody-we-know'", true},
        {"contact=\"advocacy\"", "contact=\"nobody-we-know\"", "offer.xml:", "unknown contact 'nobody-we-know'", true},
        {"id=\"bank-account\"", "id=\"budgeting\"", "offer.xml:", "the id 'budgeting' is used twice", true},
        {"categories=\"england-2026\"", "categories=\"england-1999\"", "offer.xml:", "unknown category list 'england-1999'", true},
        {"entitlement=\"pathway-plan\"", "entitlement=\"pathway-plan\" basis-note=\"x\"", "offer.xml:", "unknown attribute", true},
        {"reviewed=\"2026-03-02\"", "reviewed=\"2024-03-02\"", "offer.xml:", "over a year ago", false},
        {" contact=\"leaving-care-team\" when=\"looked-after", " when=\"looked-after", "offer.xml:", "has no contact", false},
        {"href=\"https://111.nhs.uk/\"", "href=\"111.nhs.uk\"", "offer.xml:", "is not a web address", true},
    };
    for (const auto& c : cases) {
        TempDir dir;
        Diagnostics d = check_offer(council_with(dir, c.from, c.to));
        BOOST_TEST(mentions(d, c.where, c.message), c.message << ": " << d.str());
        if (!c.error) BOOST_TEST(!d.has_errors(), c.message << ": " << d.str());
    }
    // A category with nothing in it: every item of one category moved to another.
    TempDir dir;
    fs::path council = copy_example_council(dir);
    std::string offer = slurp(council / "offer.xml");
    for (auto at = offer.find("category=\"employment\""); at != std::string::npos; at = offer.find("category=\"employment\""))
        offer.replace(at, 21, "category=\"relationships\"");
    spit(council / "offer.xml", offer);
    Diagnostics d = check_offer(council);
    BOOST_TEST(mentions(d, "offer.xml", "nothing in the category 'employment'"), d.str());
}

BOOST_AUTO_TEST_CASE(the_leaflet_says_what_is_in_the_offer_and_where_to_read_the_rest) {
    RenderJob job;
    job.kind = "local-offer";
    job.authority_dir = example_council();
    job.layout = "leaflet";
    job.date = as_of;
    Diagnostics d;
    auto doc = build_document(env(), job, d);
    BOOST_TEST_REQUIRE(doc.has_value(), d.str());
    BOOST_TEST(!d.has_errors(), d.str());
    const auto parts = parts_between_page_breaks(*doc);
    BOOST_TEST_REQUIRE(parts.size() == 4u);  // cover, inside flap, inside (panels 3 to 5), back
    const auto& [cover, flap, inside, back] = std::tie(parts[0], parts[1], parts[2], parts[3]);
    BOOST_TEST(cover.find("\nOur local offer for care leavers\n") != std::string::npos, cover);
    BOOST_TEST(cover.find("\nBrackenmoor Borough Council\n") != std::string::npos, cover);
    BOOST_TEST(flap.find("\nWho this offer is for\n") != std::string::npos, flap);
    BOOST_TEST(flap.find("we have not stopped caring") != std::string::npos, flap);

    // Inside: each category by name with how many things it has, and what the law requires in
    // it by name only; nothing else by name.
    const std::map<std::string, std::string> names = {
        {"health-and-wellbeing", "Health and wellbeing"}, {"relationships", "Relationships"},
        {"education-and-training", "Education and training"}, {"employment", "Work"},
        {"accommodation", "Somewhere to live"}, {"participation-in-society", "Taking part in your community"},
        {"financial-literacy", "Managing your money"}};
    std::map<std::string, int> per_category;
    for (const auto& i : items_in_file()) ++per_category[i.category];
    for (const auto& [id, count] : per_category) {
        BOOST_REQUIRE(names.count(id));
        const std::string entry = "\n" + names.at(id) + "\n" + std::to_string(count) + (count == 1 ? " kind" : " kinds") + " of support\n";
        BOOST_TEST(inside.find(entry) != std::string::npos, entry << " not in:" << inside);
    }
    for (const auto& i : items_in_file())
        BOOST_TEST((inside.find("\n" + i.title + "\n") != std::string::npos) == (i.basis == "statutory"), i.id);

    // The back: where the whole offer is, who to call, and its dates.
    BOOST_TEST(back.find("\nwww.brackenmoor.example.org/local-offer\n") != std::string::npos, back);
    bool linked = false;
    walk(doc->body, [&](const Node& n, int) {
        linked = linked || (n.kind == NodeKind::Link && n.attribute_or("href", "") == "https://www.brackenmoor.example.org/local-offer/");
    });
    BOOST_TEST(linked);
    BOOST_TEST(back.find("\nLeaving Care Team\n") != std::string::npos, back);  // the contact most items name
    BOOST_TEST(back.find("01632 960110") != std::string::npos, back);
    BOOST_TEST(back.find("leavingcare@brackenmoor.example.org") != std::string::npos, back);
    BOOST_TEST(back.find("\nPublished on 1 April 2026. We will look at this offer again by 31 March 2027.\n") != std::string::npos, back);
}

BOOST_AUTO_TEST_CASE(the_leaflet_fits_its_six_panels_in_every_language_at_its_own_size) {
    TempDir dir;
    double english_size = 0;
    for (const std::string lang : {"en-GB", "cy", "pl", "ar", "fa", "ur", "ps", "ti"}) {
        RenderJob job;
        job.kind = "local-offer";
        job.authority_dir = example_council();
        job.lang = lang;
        job.formats = {"pdf"};
        job.layout = "leaflet";
        job.allow_draft_translations = true;
        job.date = as_of;
        job.output_dir = dir.path();
        auto out = render_document(env(), job);
        BOOST_TEST_REQUIRE(out.ok(), lang << ": " << out.diagnostics.str());
        BOOST_TEST_REQUIRE(out.files.size() == 1u);
        BOOST_TEST(out.files[0].filename() == "local-offer-" + lang + ".pdf");
        const std::string text = normalise(mutool_text(out.files[0]).out);
        BOOST_TEST(!has_replacement_character(text), lang);
        BOOST_TEST(text.find("01632 960110") != std::string::npos, lang);
        BOOST_TEST(text.find("www.brackenmoor.example.org/local-offer") != std::string::npos, lang);
        BOOST_TEST(run("pdfinfo " + testing::quoted(out.files[0])).out.find("Pages:           2\n") != std::string::npos, lang);
        // Short enough that no language has to be set smaller than English to fit.
        const double size = most_used_text_size(out.files[0]);
        if (lang == "en-GB") english_size = size;
        BOOST_TEST(size >= 9.0, lang);
        BOOST_TEST(size == english_size, lang);
    }
}
