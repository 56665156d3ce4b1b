#define BOOST_TEST_MODULE pledge
#include <boost/test/unit_test.hpp>

#include <pugixml.hpp>

#include "carepack/pipeline.h"
#include "carepack/rules.h"
#include "carepack/translation.h"
#include "extract.h"
#include "leaflet.h"
#include "support.h"

using namespace carepack;
using namespace carepack::testing;
namespace fs = std::filesystem;

namespace {

Environment& env() {
    static auto e = Environment::create({CAREPACK_BUILD_PLUGIN_DIR});
    return *e;
}

const Date as_of(2026, 11, 22);

Document build(const std::optional<std::string>& person) {
    RenderJob job;
    job.kind = "pledge";
    job.authority_dir = example_council();
    if (person) job.person_file = example_person(*person);
    job.date = as_of;
    Diagnostics d;
    auto doc = build_document(env(), job, d);
    BOOST_REQUIRE_MESSAGE(doc, d.str());
    BOOST_TEST(!d.has_errors(), d.str());
    return *doc;
}

// The promise list items in document order: (id, text).
std::vector<std::pair<std::string, std::string>> promises_in(const Document& doc) {
    std::vector<std::pair<std::string, std::string>> out;
    walk(doc.body, [&](const Node& n, int) {
        if (n.kind == NodeKind::UnorderedList && n.attribute_or("class", "") == "promises")
            for (const auto& li : n.children) out.emplace_back(li.attribute_or("id", ""), li.plain_text());
    });
    return out;
}

std::set<std::string> ids_in(const Document& doc) {
    std::set<std::string> ids;
    for (const auto& [id, text] : promises_in(doc)) ids.insert(id);
    return ids;
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_public_pledge_has_every_promise_in_order) {
    auto expected = promises_in_file();
    BOOST_TEST(expected.size() >= 25u);
    Document doc = build(std::nullopt);
    auto got = promises_in(doc);
    BOOST_REQUIRE_EQUAL(got.size(), expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        BOOST_TEST(got[i].first == expected[i].id);
        BOOST_TEST(got[i].second == expected[i].text);
    }
    BOOST_TEST((doc.audience == Audience::Public));
    BOOST_TEST(doc.title == "Our pledge to you");
    BOOST_TEST(doc.lang == "en-GB");
}

BOOST_AUTO_TEST_CASE(a_personal_pledge_leaves_out_exactly_the_promises_whose_conditions_fail) {
    auto all = promises_in_file();
    for (const auto& id : {"brk-ex-0001", "brk-ex-0002", "brk-ex-0003", "brk-ex-0004", "brk-ex-0005", "brk-ex-0006"}) {
        Diagnostics d;
        auto record = load_person(example_person(id), d);
        std::set<std::string> expected;
        for (const auto& p : all)
            if (p.when.empty() || Condition::parse(p.when, Location()).evaluate(record.person, as_of)) expected.insert(p.id);
        Document doc = build(id);
        BOOST_TEST((doc.audience == Audience::YoungPerson));
        BOOST_TEST(ids_in(doc) == expected, "for " << id);
    }
}

BOOST_AUTO_TEST_CASE(personal_copies_differ_where_the_young_people_differ) {
    auto robin = ids_in(build("brk-ex-0001"));  // 9, in care two years
    auto alex = ids_in(build("brk-ex-0002"));   // 13, in care three months
    auto sam = ids_in(build("brk-ex-0003"));    // 16, unaccompanied, eligible
    BOOST_TEST(robin.count("toys-and-routines") == 1u);
    BOOST_TEST(robin.count("laptop") == 0u);
    BOOST_TEST(robin.count("first-day-dictionary") == 0u);
    BOOST_TEST(alex.count("laptop") == 0u);  // not yet six months in care
    BOOST_TEST(alex.count("toys-and-routines") == 0u);
    BOOST_TEST(sam.count("first-day-dictionary") == 1u);
    BOOST_TEST(sam.count("laptop") == 1u);
    BOOST_TEST(sam.count("personal-adviser") == 1u);
    BOOST_TEST(sam.count("passport-and-ni") == 1u);
    // Promises without conditions are in everyone's copy.
    for (const auto* set : {&robin, &alex, &sam}) BOOST_TEST(set->count("call-back") == 1u);
}

BOOST_AUTO_TEST_CASE(the_personal_copy_says_whose_it_is_and_the_public_one_does_not) {
    Document personal = build("brk-ex-0003");
    std::string text;
    walk(personal.body, [&](const Node& n, int) { if (n.kind == NodeKind::Aside) text += n.plain_text(); });
    BOOST_TEST(text.find("for Sam on 22 November 2026") != std::string::npos, text);
    Document pub = build(std::nullopt);
    bool has_aside = false;
    walk(pub.body, [&](const Node& n, int) { has_aside |= n.kind == NodeKind::Aside; });
    BOOST_TEST(!has_aside);
}

BOOST_AUTO_TEST_CASE(the_personal_copy_names_the_young_person_their_birthday_and_nhs_number) {
    // So whoever hands it over can check it is the right young person's.
    auto identity_of = [](const Document& doc) {
        std::string text;
        walk(doc.body, [&](const Node& n, int) {
            if (n.attribute_or("class", "") == "identity") text += n.plain_text();
        });
        return text;
    };
    BOOST_TEST(identity_of(build("brk-ex-0003")) == "This copy is for Sam, born 15 January 2010.");

    RenderJob job;
    job.kind = "pledge";
    job.authority_dir = example_council();
    job.person_file = example_council() / "caseload" / "brk-lc-0001.json";
    job.date = as_of;
    Diagnostics d;
    auto doc = build_document(env(), job, d);
    BOOST_REQUIRE_MESSAGE(doc, d.str());
    BOOST_TEST(identity_of(*doc) == "This copy is for Sami, born 11 February 2009. NHS number: 999 000 0018");

    job.lang = "ps";
    job.allow_draft_translations = true;
    auto pashto = build_document(env(), job, d);
    BOOST_REQUIRE_MESSAGE(pashto, d.str());
    const std::string ps = identity_of(*pashto);
    BOOST_TEST(ps.find("Sami") != std::string::npos, ps);
    BOOST_TEST(ps.find(format_long_date(Date(2009, 2, 11), "ps")) != std::string::npos, ps);
    // The number keeps its left-to-right order inside right-to-left text.
    bool number_isolated = false;
    walk(pashto->body, [&](const Node& n, int) {
        number_isolated |= n.kind == NodeKind::Span && n.attribute_or("dir", "") == "ltr" && n.plain_text() == "999 000 0018";
    });
    BOOST_TEST(number_isolated);
}

BOOST_AUTO_TEST_CASE(the_pledge_as_a_web_page_has_every_promise_in_order) {
    TempDir out;
    RenderJob job;
    job.kind = "pledge";
    job.authority_dir = example_council();
    job.date = as_of;
    job.output_dir = out.path();
    auto r = render_document(env(), job);
    BOOST_REQUIRE_MESSAGE(r.ok(), r.diagnostics.str());
    BOOST_REQUIRE_EQUAL(r.files.size(), 1u);
    BOOST_TEST(r.files[0].filename() == "pledge-en-GB.html");
    pugi::xml_document page;
    BOOST_REQUIRE(page.load_file(r.files[0].c_str()));
    auto html = page.child("html");
    BOOST_TEST(std::string(html.attribute("lang").value()) == "en-GB");
    auto items = page.select_nodes("//main//ul[contains(@class,'promises')]/li");
    auto expected = promises_in_file();
    BOOST_REQUIRE_EQUAL(items.size(), expected.size());
    std::size_t i = 0;
    for (auto li : items) {
        std::string text;
        for (auto t : li.node().select_nodes(".//text()")) text += t.node().value();
        BOOST_TEST(text == expected[i].text);
        ++i;
    }
    BOOST_TEST(page.select_nodes("//h1").size() == 1u);
    BOOST_TEST(std::string(page.select_node("//title").node().child_value()).find("Our pledge to you") == 0);
}

BOOST_AUTO_TEST_CASE(personal_files_are_owner_only) {
    TempDir out;
    RenderJob job;
    job.kind = "pledge";
    job.authority_dir = example_council();
    job.person_file = example_person("brk-ex-0001");
    job.date = as_of;
    job.output_dir = out.path();
    auto r = render_document(env(), job);
    BOOST_REQUIRE_MESSAGE(r.ok(), r.diagnostics.str());
    BOOST_TEST(r.files.at(0).filename() == "pledge-brk-ex-0001-en-GB.html");
    auto perms = std::filesystem::status(r.files.at(0)).permissions();
    BOOST_TEST(((perms & std::filesystem::perms::group_read) == std::filesystem::perms::none));
    BOOST_TEST(((perms & std::filesystem::perms::others_read) == std::filesystem::perms::none));
}

BOOST_AUTO_TEST_CASE(the_same_inputs_give_the_same_bytes) {
    TempDir a, b;
    RenderJob job;
    job.kind = "pledge";
    job.authority_dir = example_council();
    job.date = as_of;
    job.output_dir = a.path();
    auto r1 = render_document(env(), job);
    job.output_dir = b.path();
    auto r2 = render_document(env(), job);
    BOOST_REQUIRE(r1.ok() && r2.ok());
    BOOST_TEST(slurp(r1.files[0]) == slurp(r2.files[0]));
}

BOOST_AUTO_TEST_CASE(a_council_can_have_a_second_pledge_to_children_placed_in_its_area) {
    auto job_for = [](const std::string& part, const std::optional<std::string>& person) {
        RenderJob job;
        job.kind = "pledge";
        job.authority_dir = example_council();
        job.part = part;
        if (person) job.person_file = example_person(*person);
        job.date = as_of;
        return job;
    };
    Diagnostics d;
    auto placed = build_document(env(), job_for("placed-here", std::nullopt), d);
    BOOST_TEST_REQUIRE(placed.has_value(), d.str());
    BOOST_TEST(placed->title == "Our promises while you live in Brackenmoor");
    // A young person placed here by another council gets that pledge, without asking for it.
    auto riley = build_document(env(), job_for("", std::string("brk-ex-0007")), d);
    BOOST_TEST_REQUIRE(riley.has_value(), d.str());
    BOOST_TEST(riley->title == "Our promises while you live in Brackenmoor");
    auto sam = build_document(env(), job_for("", std::string("brk-ex-0003")), d);
    BOOST_TEST_REQUIRE(sam.has_value(), d.str());
    BOOST_TEST(sam->title == "Our pledge to you");

    Diagnostics unknown;
    BOOST_TEST(!build_document(env(), job_for("no-such-pledge", std::nullopt), unknown).has_value());
    BOOST_TEST(mentions(unknown, "", "no pledge 'no-such-pledge' (it has: children-in-care, placed-here)"), unknown.str());

    // Two pledges to the same children is a mistake.
    TempDir dir;
    fs::path council = copy_example_council(dir);
    spit(council / "pledge-placed-here.xml",
         replace_once(slurp(council / "pledge-placed-here.xml"), "applies-to=\"placed-here\"", "applies-to=\"looked-after\""));
    Diagnostics twice;
    build_document(env(), [&] { auto j = job_for("", std::nullopt); j.authority_dir = council; return j; }(), twice);
    BOOST_TEST(mentions(twice, "pledge-placed-here.xml:4:", "already to the children it applies to (looked-after)"), twice.str());
}

BOOST_AUTO_TEST_CASE(draft_translations_are_used_only_when_asked_and_then_say_so) {
    // The example's Arabic pledge is a draft, awaiting the council's review.
    TempDir dir;
    const fs::path council = example_council();
    RenderJob job;
    job.kind = "pledge";
    job.authority_dir = council;
    job.lang = "ar";
    job.formats = {"html"};
    job.date = as_of;
    job.output_dir = dir / "without";
    auto without = render_document(env(), job);
    BOOST_TEST_REQUIRE(without.ok(), without.diagnostics.str());
    std::string page = slurp(without.files.front());
    BOOST_TEST(page.find("تعهدنا لك") == std::string::npos);
    BOOST_TEST(page.find("<span lang=\"en-GB\" dir=\"ltr\">Our pledge to you</span>") != std::string::npos);
    BOOST_TEST(page.find("هذه الترجمة مسودة") == std::string::npos);
    BOOST_TEST(mentions(without.diagnostics, "pledge.xml", "draft ar translations not used"), without.diagnostics.str());

    job.allow_draft_translations = true;
    job.output_dir = dir / "with";
    auto with = render_document(env(), job);
    BOOST_TEST_REQUIRE(with.ok(), with.diagnostics.str());
    page = slurp(with.files.front());
    BOOST_TEST(page.find(">تعهدنا لك</h1>") != std::string::npos);
    // The notice, in Arabic and in English, says the English is the official version.
    BOOST_TEST(page.find("هذه الترجمة مسودة") != std::string::npos);
    // The English paragraph is marked as English, so a screen reader switches voice for it.
    const auto english = page.find("<p lang=\"en-GB\" dir=\"ltr\">");
    BOOST_TEST_REQUIRE(english != std::string::npos);
    const std::string paragraph = page.substr(english, page.find("</p>", english) - english);
    BOOST_TEST(paragraph.find("This translation is a draft: the council has not checked it yet. "
                              "The English version is the official one.") != std::string::npos, paragraph);
}

BOOST_AUTO_TEST_CASE(the_pledge_leaflet_has_each_theme_with_a_promise_for_every_child) {
    RenderJob job;
    job.kind = "pledge";
    job.authority_dir = example_council();
    job.layout = "leaflet";
    job.date = as_of;
    Diagnostics d;
    auto doc = build_document(env(), job, d);
    BOOST_TEST_REQUIRE(doc.has_value(), d.str());
    const auto parts = parts_between_page_breaks(*doc);
    BOOST_TEST_REQUIRE(parts.size() == 4u);  // cover, inside flap, inside (panels 3 to 5), back
    BOOST_TEST(parts[0].find("\nOur pledge to you\n") != std::string::npos, parts[0]);
    BOOST_TEST(parts[0].find("\nBrackenmoor Borough Council\n") != std::string::npos, parts[0]);
    BOOST_TEST(parts[1].find("\nOur promises in short\n") != std::string::npos, parts[1]);

    // Each theme's first promise without a condition, read here from pledge.xml, and how many
    // more the theme has.
    pugi::xml_document file;
    BOOST_REQUIRE(file.load_file((example_council() / "pledge.xml").c_str()));
    std::vector<std::string> expected;
    for (auto theme : file.child("pledge").children("theme")) {
        std::size_t count = 0;
        std::string first;
        for (auto p : theme.children("promise")) {
            if (p.attribute("xml:lang")) continue;
            ++count;
            if (first.empty() && !p.attribute("when")) first = p.attribute("id").value();
        }
        expected.push_back(first);
        const std::string more = "\nAnd " + std::to_string(count - 1) + " more promises in the whole pledge.\n";
        BOOST_TEST(parts[2].find(more) != std::string::npos, more);
    }
    std::vector<std::string> shown;
    for (const auto& [id, text] : promises_in(*doc)) shown.push_back(id);
    BOOST_TEST(shown == expected, boost::test_tools::per_element());

    BOOST_TEST(parts[3].find("\nwww.brackenmoor.example.org/local-offer\n") != std::string::npos, parts[3]);
    for (const char* phone : {"01632 960100", "01632 960170", "01632 960140", "01632 960999"})
        BOOST_TEST(parts[3].find(phone) != std::string::npos, phone);
    BOOST_TEST(parts[3].find("\nAgreed on 18 March 2026. We will look at this pledge again by 31 March 2028.\n") !=
               std::string::npos, parts[3]);
}

BOOST_AUTO_TEST_CASE(both_pledge_leaflets_fit_their_six_panels_in_every_language_at_their_own_size) {
    TempDir dir;
    for (const std::string part : {"", "placed-here"}) {
        double english_size = 0;
        for (const std::string lang : {"en-GB", "cy", "pl", "ar", "fa", "ur", "ps", "ti"}) {
            RenderJob job;
            job.kind = "pledge";
            job.part = part;
            job.authority_dir = example_council();
            job.lang = lang;
            job.formats = {"pdf"};
            job.layout = "leaflet";
            job.allow_draft_translations = true;
            job.date = as_of;
            job.output_dir = dir.path();
            auto out = render_document(env(), job);
            BOOST_TEST_REQUIRE(out.ok(), part << " " << lang << ": " << out.diagnostics.str());
            BOOST_TEST_REQUIRE(out.files.size() == 1u);
            const std::string text = normalise(mutool_text(out.files[0]).out);
            BOOST_TEST(!has_replacement_character(text), part << " " << lang);
            BOOST_TEST(text.find("www.brackenmoor.example.org/local-offer") != std::string::npos, part << " " << lang);
            const double size = most_used_text_size(out.files[0]);
            if (lang == "en-GB") english_size = size;
            BOOST_TEST(size >= 9.0, part << " " << lang);
            BOOST_TEST(size == english_size, part << " " << lang);
        }
    }
}
