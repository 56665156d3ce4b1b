#define BOOST_TEST_MODULE pathway_plan
#include <boost/test/unit_test.hpp>

#include <pugixml.hpp>

#include "carepack/locale.h"
#include "carepack/pipeline.h"
#include "pathway_plan_kind.h"
#include "support.h"

using namespace carepack;
using namespace carepack::testing;
namespace fs = std::filesystem;

namespace {

const Date as_of(2026, 12, 2);

Environment& env() {
    static auto e = Environment::create({CAREPACK_BUILD_PLUGIN_DIR});
    return *e;
}

RenderJob job_for(const fs::path& person, const Date& date = as_of, const std::string& lang = "en-GB") {
    RenderJob job;
    job.kind = "pathway-plan";
    job.authority_dir = example_council();
    job.person_file = person;
    job.date = date;
    job.lang = lang;
    return job;
}

Document build(const fs::path& person, Diagnostics& d, const Date& date = as_of, const std::string& lang = "en-GB") {
    auto doc = build_document(env(), job_for(person, date, lang), d);
    BOOST_REQUIRE_MESSAGE(doc, d.str());
    BOOST_TEST(!d.has_errors(), d.str());
    return *doc;
}

Document build(const fs::path& person, const Date& date = as_of, const std::string& lang = "en-GB") {
    Diagnostics d;
    return build(person, d, date, lang);
}

bool contains(const std::string& text, const std::string& words) { return text.find(words) != std::string::npos; }

std::string all_text(const Document& doc) {
    std::string out;
    for (const auto& n : doc.body) out += n.plain_text() + "\n";
    return out;
}

const Node* section(const Document& doc, const std::string& id) {
    const Node* found = nullptr;
    walk(doc.body, [&](const Node& n, int) {
        if (!found && n.kind == NodeKind::Section && n.attribute_or("id", "") == id) found = &n;
    });
    return found;
}

std::string section_text(const Document& doc, const std::string& id) {
    const Node* s = section(doc, id);
    BOOST_TEST_REQUIRE(s, "no section " << id);
    return s->plain_text();
}

// The matters as the plan shows them, in order: their section ids without `matter-`.
std::vector<std::string> matters_in(const Document& doc) {
    std::vector<std::string> out;
    walk(doc.body, [&](const Node& n, int) {
        if (n.kind == NodeKind::Section && n.attribute_or("class", "") == "matter")
            out.push_back(n.attribute_or("id", "").substr(std::string("matter-").size()));
    });
    return out;
}

std::string heading_of(const Node& s) {
    for (const auto& c : s.children)
        if (c.kind == NodeKind::Heading) return c.plain_text();
    return {};
}

// The matters data/england/pathway-plan.xml lists for a status, read here without carepack's
// loader: what the regulation asks for, in its order.
std::vector<std::string> matters_the_law_asks(const std::string& status) {
    pugi::xml_document law;
    BOOST_REQUIRE(law.load_file((source_dir() / "data" / "england" / "pathway-plan.xml").c_str()));
    for (auto r : law.child("pathway-plan-law").children("regulation")) {
        std::string statuses = std::string(" ") + r.attribute("statuses").value() + " ";
        if (!contains(statuses, " " + status + " ")) continue;
        std::vector<std::string> ids;
        for (auto m : r.children("matter")) ids.emplace_back(m.attribute("id").value());
        return ids;
    }
    BOOST_FAIL("no regulation for " << status);
    return {};
}

const Catalog& english_catalog() {
    static const Catalog c = Catalog::load(source_dir() / "locales" / "en-GB.xml");
    return c;
}

// The rows of the actions table of a matter: (what, state).
std::vector<std::pair<std::string, std::string>> actions_of(const Document& doc, const std::string& matter) {
    std::vector<std::pair<std::string, std::string>> out;
    const Node* s = section(doc, "matter-" + matter);
    BOOST_TEST_REQUIRE(s, "no matter " << matter);
    walk(s->children, [&](const Node& n, int) {
        if (n.kind != NodeKind::TableRow || n.children.size() != 4 || n.children[0].kind != NodeKind::HeaderCell ||
            n.children[0].attribute_or("scope", "") != "row")
            return;
        out.emplace_back(n.children[0].plain_text(), n.children[3].plain_text());
    });
    return out;
}

std::string dates_row(const Document& doc, const std::string& label) {
    const Node* s = section(doc, "dates");
    BOOST_TEST_REQUIRE(s, "no dates section");
    std::string out;
    walk(s->children, [&](const Node& n, int) {
        if (n.kind != NodeKind::DefinitionList) return;
        for (std::size_t i = 0; i + 1 < n.children.size(); ++i)
            if (n.children[i].kind == NodeKind::Term && n.children[i].plain_text() == label) out = n.children[i + 1].plain_text();
    });
    return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(an_eligible_young_person_gets_every_schedule_8_matter_in_its_order) {
    Document doc = build(person_fixture("pp-eligible"));
    BOOST_TEST((doc.audience == Audience::YoungPerson));
    BOOST_TEST(doc.title == "Pathway plan for Amani");
    auto expected = matters_the_law_asks("eligible");
    BOOST_TEST(expected.size() == 11u);
    // The record has them in another order, leaves out health and adds one of its own, which
    // comes after the regulation's.
    expected.push_back("driving");
    BOOST_TEST(matters_in(doc) == expected, "shown: " << [&] {
        std::string s;
        for (const auto& m : matters_in(doc)) s += m + " ";
        return s;
    }());
    for (const auto& id : matters_the_law_asks("eligible"))
        BOOST_TEST(heading_of(*section(doc, "matter-" + id)) == english_catalog().get("pathway-matter-" + id), id);
    const std::string about = section_text(doc, "about");
    BOOST_TEST(contains(about, "The law calls you an eligible young person"), about);
    BOOST_TEST(contains(about, "Care Planning, Placement and Case Review (England) Regulations 2010"), about);
    BOOST_TEST(contains(about, "Schedule 8"), about);
    BOOST_TEST(!contains(about, "Care Leavers (England) Regulations 2010"), about);
    BOOST_TEST(doc.meta.at("regulation") ==
               "Care Planning, Placement and Case Review (England) Regulations 2010, regulations 42 to 44 and Schedule 8");
    BOOST_TEST(doc.meta.at("version") == "england-2026.1");
    BOOST_TEST(contains(section_text(doc, "matter-driving"), "The law does not ask for this part"));
}

BOOST_AUTO_TEST_CASE(a_former_relevant_young_person_gets_schedule_1_in_its_order) {
    Document doc = build(person_fixture("pp-former-relevant"));
    const auto expected = matters_the_law_asks("former-relevant");
    BOOST_TEST(matters_in(doc) == expected);
    // Schedule 1 puts contingency fourth, before accommodation; the record has it last.
    BOOST_TEST(expected.at(4) == "contingency");
    for (const auto& id : expected) {
        BOOST_TEST(heading_of(*section(doc, "matter-" + id)) == english_catalog().get("pathway-matter-" + id), id);
        BOOST_TEST(!contains(section_text(doc, "matter-" + id), "Not yet written"), id);
    }
    const std::string about = section_text(doc, "about");
    BOOST_TEST(contains(about, "The law calls you a former relevant young person"), about);
    BOOST_TEST(contains(about, "Care Leavers (England) Regulations 2010"), about);
    BOOST_TEST(contains(about, "Schedule 1"), about);
    BOOST_TEST(!contains(about, "Care Planning"), about);
    BOOST_TEST(doc.meta.at("care-leaver-status") == "former-relevant");
    // The suitability assessment of where Kofi lives, with his own view of it.
    const std::string home = section_text(doc, "matter-accommodation");
    BOOST_TEST(contains(home, "Is where you live right for you?"), home);
    BOOST_TEST(contains(home, "State of repairDamp in the bathroom"), home);
    BOOST_TEST(contains(home, "It is not right for you yet. We checked on 20 August 2026."), home);
    // Agreed on 1 September 2026, after the last review: due six months after that.
    BOOST_TEST(dates_row(doc, "Next review of your plan") == "By 1 March 2027.");
}

BOOST_AUTO_TEST_CASE(a_matter_the_record_lacks_is_not_yet_written_and_a_warning_names_the_file_and_field) {
    Diagnostics d;
    Document doc = build(person_fixture("pp-eligible"), d);
    const std::string health = section_text(doc, "matter-health");
    BOOST_TEST(contains(health, "Not yet written."), health);
    BOOST_TEST(mentions(d, "pp-eligible.json: $.pathway_plan.matters", "the pathway plan has no matter 'health'"), d.str());
    BOOST_TEST(mentions(d, "pp-eligible.json", "Schedule 8, paragraph 9"), d.str());
    // A matter the law does not name is shown and reported, never dropped.
    BOOST_TEST(mentions(d, "pp-eligible.json: $.pathway_plan.matters[10].id", "'driving' is not a matter the law names"),
               d.str());
    // Matters that are there are not reported.
    BOOST_TEST(!mentions(d, "pp-eligible.json", "no matter 'identity'"), d.str());
}

BOOST_AUTO_TEST_CASE(a_record_without_a_plan_shows_every_matter_as_not_yet_written) {
    TempDir dir;
    Diagnostics d;
    // Kofi as the record had him before anyone wrote his plan.
    auto file = dir / "no-plan.json";
    spit(file, R"({ "id": "PP-FR-0002", "preferred_name": "Kofi", "date_of_birth": "2007-03-10",
                    "episodes": [ { "start": "2020-01-06", "end": "2025-03-09", "legal_status": "C2" } ] })");
    Document doc = build(file, d);
    for (const auto& id : matters_the_law_asks("former-relevant"))
        BOOST_TEST(contains(section_text(doc, "matter-" + id), "Not yet written."), id);
    BOOST_TEST(mentions(d, "no-plan.json: $.pathway_plan", "the record has no pathway plan"), d.str());
    BOOST_TEST(dates_row(doc, "Plan agreed") == "Not agreed yet");
    BOOST_TEST(dates_row(doc, "Next review of your plan") == "We will set this date when your plan is agreed.");
}

BOOST_AUTO_TEST_CASE(the_next_review_is_six_months_after_the_last_and_overdue_only_once_that_has_passed) {
    // Last review and agreement 12 May 2026: due by 12 November 2026.
    Diagnostics late;
    Document overdue = build(person_fixture("pp-eligible"), late, Date(2026, 12, 2));
    BOOST_TEST(dates_row(overdue, "Next review of your plan") == "By 12 November 2026. Overdue since 13 November 2026.");
    BOOST_TEST(mentions(late, "pp-eligible.json: $.pathway_plan.reviews", "due for review by 2026-11-12"), late.str());

    Diagnostics on_time;
    Document due = build(person_fixture("pp-eligible"), on_time, Date(2026, 11, 12));
    BOOST_TEST(dates_row(due, "Next review of your plan") == "By 12 November 2026.");
    BOOST_TEST(!mentions(on_time, "pp-eligible.json", "due for review"), on_time.str());

    // As of a day before the second review, the first one counts: 14 November 2025 + 6 months.
    Document earlier = build(person_fixture("pp-eligible"), Date(2026, 5, 11));
    BOOST_TEST(dates_row(earlier, "Next review of your plan") == "By 14 May 2026.");
    BOOST_TEST(!contains(section_text(earlier, "reviews"), "Plan agreed."));

    // The rule itself, with a month end: 31 August + 6 months is the end of February.
    BOOST_TEST((next_review_due(Date(2025, 8, 31), {}, 6, Date(2025, 9, 1)) == Date(2026, 2, 28)));
    BOOST_TEST((next_review_due(Date(2026, 5, 12), {Date(2025, 11, 14), Date(2026, 5, 12)}, 6, as_of) == Date(2026, 11, 12)));
    BOOST_TEST(!next_review_due(std::nullopt, {Date(2027, 1, 1)}, 6, as_of).has_value());
}

BOOST_AUTO_TEST_CASE(actions_are_done_overdue_or_still_to_do_as_of_the_date) {
    Document doc = build(person_fixture("pp-eligible"));
    using Rows = std::vector<std::pair<std::string, std::string>>;
    // Help write a CV by 30 November 2026, not done: overdue on 2 December.
    BOOST_TEST((actions_of(doc, "employment") == Rows{{"Help write a CV", "Overdue"}}));
    BOOST_TEST((actions_of(doc, "identity") == Rows{{"Pay for the Saturday Swahili class", "Done on 2 September 2026"}}));
    BOOST_TEST((actions_of(doc, "contact-and-support") == Rows{{"Agree overnight stays with the aunt", "Not yet"}}));
    // Once the record says it was done, it is done from that day.
    TempDir dir;
    auto done = person_fixture_with(dir, "pp-eligible", R"("by": "2026-11-30" })", R"("by": "2026-11-30", "done": "2026-12-01" })");
    BOOST_TEST((actions_of(build(done), "employment") == Rows{{"Help write a CV", "Done on 1 December 2026"}}));
    BOOST_TEST((actions_of(build(done, Date(2026, 11, 30)), "employment") == Rows{{"Help write a CV", "Not yet"}}));
    // On its own date it is not yet overdue.
    Document on_the_day = build(person_fixture("pp-eligible"), Date(2026, 11, 30));
    BOOST_TEST((actions_of(on_the_day, "employment") == Rows{{"Help write a CV", "Not yet"}}));
    // Done after the plan's date: not done yet as the plan stood then.
    BOOST_TEST((action_state(Date(2026, 9, 30), Date(2026, 9, 2), Date(2026, 9, 1)) == ActionState::Open));
    BOOST_TEST((action_state(Date(2026, 9, 30), Date(2026, 9, 2), Date(2026, 9, 2)) == ActionState::Done));
    BOOST_TEST((action_state(Date(2026, 9, 30), std::nullopt, Date(2026, 10, 1)) == ActionState::Overdue));
}

BOOST_AUTO_TEST_CASE(the_young_persons_view_is_in_their_words_and_marked_as_theirs) {
    Document doc = build(person_fixture("pp-eligible"));
    const Node* s = section(doc, "matter-contact-and-support");
    BOOST_TEST_REQUIRE(s);
    std::string quoted;
    walk(s->children, [&](const Node& n, int) {
        if (n.kind == NodeKind::BlockQuote) quoted = n.plain_text();
    });
    BOOST_TEST(quoted == "“I want to see my aunt more.”");
    BOOST_TEST(contains(s->plain_text(), "What you said, in your own words"));
}

BOOST_AUTO_TEST_CASE(identity_line_contacts_goals_and_the_needs_assessment) {
    Document doc = build(person_fixture("pp-eligible"));
    const std::string text = all_text(doc);
    BOOST_TEST(contains(text, "This plan is for Amani, born 20 July 2009."), text);
    BOOST_TEST(contains(text, "NHS number: 999 001 0005"), text);
    BOOST_TEST(dates_row(doc, "Your needs assessment") == "Finished on 15 September 2025 by Chris Example.");
    BOOST_TEST(dates_row(doc, "Plan agreed") == "12 May 2026");
    BOOST_TEST(contains(section_text(doc, "goals"), "Go to college to study art"));
    const std::string contacts = section_text(doc, "contacts");
    BOOST_TEST(contains(contacts, "Your personal adviserRobin Adviser, Brackenmoor Leaving Care Team"), contacts);
    BOOST_TEST(contains(contacts, "Your social worker"), contacts);
    BOOST_TEST(contains(contacts, "Your independent reviewing officerPat Reviewer"), contacts);
    std::vector<std::string> links;
    walk(doc.body, [&](const Node& n, int) {
        if (n.kind == NodeKind::Link) links.push_back(n.attribute_or("href", ""));
    });
    for (const std::string href : {"tel:01632960481", "mailto:robin.adviser@example.org", "tel:01632960483",
                                   "mailto:pat.reviewer@example.org"})
        BOOST_TEST((std::find(links.begin(), links.end(), href) != links.end()), href);
    BOOST_TEST(contains(section_text(doc, "consulted"), "Aunt Zawadi, Aunt (met)"));
    BOOST_TEST(contains(section_text(doc, "signed"), "Chris Example, Social worker: 12 May 2026"));
    // Kofi's record has no NHS number: no line for one.
    BOOST_TEST(!contains(all_text(build(person_fixture("pp-former-relevant"))), "NHS number"));
}

BOOST_AUTO_TEST_CASE(flags_never_reach_the_young_persons_plan) {
    TempDir out;
    RenderJob job = job_for(person_fixture("pp-eligible"));
    job.formats = {"html"};
    job.output_dir = out.path();
    auto r = render_document(env(), job);
    BOOST_REQUIRE_MESSAGE(r.ok(), r.diagnostics.str());
    const std::string html = slurp(r.files.at(0));
    BOOST_TEST(!contains(html, "PROFESSIONAL-ONLY"));
    BOOST_TEST(!contains(html, "exploitation-risk"));
}

BOOST_AUTO_TEST_CASE(a_council_template_that_shows_a_professional_flag_is_refused) {
    TempDir dir;
    auto council = copy_example_council(dir);
    std::string own = slurp(source_dir() / "templates" / "pathway-plan" / "pathway-plan.xml");
    own = replace_once(own, "<section id=\"about\">",
                       "<section id=\"flags\"><h2>Flags</h2>{{#record.flags}}<p>{{note}}</p>{{/record.flags}}</section>"
                       "<section id=\"about\">");
    spit(council / "templates" / "pathway-plan" / "pathway-plan.xml", own);
    RenderJob job = job_for(person_fixture("pp-eligible"));
    job.authority_dir = council;
    Diagnostics d;
    BOOST_TEST(!build_document(env(), job, d).has_value());
    BOOST_TEST(mentions(d, "pathway-plan.xml", "professional) in a document for the young-person audience, which may not see it"),
               d.str());
}

BOOST_AUTO_TEST_CASE(a_child_of_nine_is_refused_with_a_message_naming_the_file) {
    Diagnostics d;
    BOOST_TEST(!build_document(env(), job_for(person_fixture("pp-child")), d).has_value());
    BOOST_TEST(mentions(d, "pp-child.json", "PP-CH-0001 is 9 on 2026-12-02: a pathway plan starts from the needs assessment at 16"),
               d.str());
}

BOOST_AUTO_TEST_CASE(at_twenty_five_the_duties_end_and_the_plan_is_refused) {
    TempDir dir;
    // In care from 14 to the day before 18: former relevant until 25, which is 2 December 2026.
    auto older = dir / "older.json";
    spit(older, R"({ "id": "PP-FR-0003", "preferred_name": "Ada", "date_of_birth": "2001-12-02",
                     "episodes": [ { "start": "2016-01-04", "end": "2019-12-01", "legal_status": "C2" } ] })");
    Diagnostics d;
    BOOST_TEST(!build_document(env(), job_for(older), d).has_value());
    BOOST_TEST(mentions(d, "older.json", "PP-FR-0003 is 25 on 2026-12-02: duties to care leavers end at 25"), d.str());
    // The day before the 25th birthday the plan is still made.
    Diagnostics still;
    auto doc = build_document(env(), job_for(older, Date(2026, 12, 1)), still);
    BOOST_REQUIRE_MESSAGE(doc, still.str());
    BOOST_TEST(doc->meta.at("care-leaver-status") == "former-relevant");
}

BOOST_AUTO_TEST_CASE(a_qualifying_care_leaver_gets_the_plan_they_have_marked_as_not_required_by_law_or_a_refusal) {
    Diagnostics d;
    Document doc = build(person_fixture("pp-qualifying"), d);
    BOOST_TEST(mentions(d, "pp-qualifying.json", "qualifying care leaver"), d.str());
    const std::string about = section_text(doc, "about");
    BOOST_TEST(contains(about, "The law does not say you must have a pathway plan"), about);
    BOOST_TEST(!contains(about, "Regulations 2010"), about);
    // Only what the record has, nothing reported missing, no statutory review date.
    BOOST_TEST((matters_in(doc) == std::vector<std::string>{"personal-adviser", "employment"}));
    BOOST_TEST(!mentions(d, "pp-qualifying.json", "no matter"), d.str());
    BOOST_TEST(dates_row(doc, "Next review of your plan").empty());
    BOOST_TEST(doc.meta.at("regulation").rfind("not required by law", 0) == 0u, doc.meta.at("regulation"));

    Diagnostics refused;
    BOOST_TEST(!build_document(env(), job_for(person_fixture("pp-qualifying-no-plan")), refused).has_value());
    BOOST_TEST(mentions(refused, "pp-qualifying-no-plan.json", "the record has no pathway plan to show"), refused.str());
    BOOST_TEST(mentions(refused, "pp-qualifying-no-plan.json", "not a pathway plan"), refused.str());
}

BOOST_AUTO_TEST_CASE(a_fifteen_year_old_in_care_gets_ready_for_the_plan) {
    Diagnostics d;
    Document doc = build(person_fixture("pp-fifteen"), d);
    BOOST_TEST(doc.title == "Getting ready for your pathway plan, Leila");
    const std::string about = section_text(doc, "about");
    BOOST_TEST(contains(about, "On 2 December 2026 you are 15. You do not need a pathway plan yet"), about);
    // 16 on 30 June 2027, in care since 13: eligible that day, assessed within three months.
    BOOST_TEST(contains(about, "By 30 September 2027 we will talk with you"), about);
    const std::string covers = section_text(doc, "will-cover");
    for (const auto& id : matters_the_law_asks("eligible")) BOOST_TEST(contains(covers, english_catalog().get("pathway-matter-" + id)), id);
    const std::string so_far = section_text(doc, "so-far");
    BOOST_TEST(contains(so_far, "Be a nurse"), so_far);
    BOOST_TEST(contains(so_far, "Leila is in Year 10 and loves biology."), so_far);
    BOOST_TEST(contains(so_far, "“Biology is my favourite lesson.”"), so_far);
    BOOST_TEST(contains(all_text(doc), "This plan is for Leila, born 30 June 2011."));
    BOOST_TEST(contains(all_text(doc), "NHS number: 999 001 0013"));
    BOOST_TEST(!d.has_errors());
    BOOST_TEST(d.warning_count() == 0u, d.str());
    BOOST_TEST(doc.meta.at("regulation").rfind("not yet required", 0) == 0u, doc.meta.at("regulation"));
}

BOOST_AUTO_TEST_CASE(a_sixteen_year_old_not_yet_eligible_gets_ready_with_the_assessment_date_computed) {
    Document doc = build(person_fixture("pp-sixteen-new"));
    const std::string about = section_text(doc, "about");
    // In care from 19 October 2026: 13 weeks on 17 January 2027, assessed by 17 April 2027.
    BOOST_TEST(contains(about, "By 17 April 2027 we will talk with you"), about);
    BOOST_TEST(contains(section_text(doc, "so-far"), "Nothing yet."));
    Diagnostics d;
    const auto record = load_person(person_fixture("pp-sixteen-new"), d);
    BOOST_TEST((first_eligible_day(record.person, as_of, Date(2028, 2, 28)) == Date(2027, 1, 17)));
    BOOST_TEST(!first_eligible_day(record.person, as_of, Date(2027, 1, 16)).has_value());
}

BOOST_AUTO_TEST_CASE(the_same_inputs_and_date_give_the_same_bytes) {
    TempDir a, b;
    RenderJob job = job_for(person_fixture("pp-eligible"));
    job.formats = {"html", "pdf"};
    job.output_dir = a.path();
    auto r1 = render_document(env(), job);
    job.output_dir = b.path();
    auto r2 = render_document(env(), job);
    BOOST_REQUIRE_MESSAGE(r1.ok() && r2.ok(), r1.diagnostics.str() << r2.diagnostics.str());
    BOOST_REQUIRE_EQUAL(r1.files.size(), 2u);
    BOOST_TEST(r1.files[0].filename() == "pathway-plan-pp-el-0001-en-GB.html");
    BOOST_TEST(r1.files[1].filename() == "pathway-plan-pp-el-0001-en-GB.pdf");
    for (std::size_t i = 0; i < 2; ++i) BOOST_TEST((slurp(r1.files[i]) == slurp(r2.files[i])), r1.files[i]);
    auto perms = fs::status(r1.files[0]).permissions();
    BOOST_TEST(((perms & fs::perms::others_read) == fs::perms::none));
}

BOOST_AUTO_TEST_CASE(a_pashto_plan_reads_right_to_left_with_the_record_text_in_english) {
    TempDir out;
    RenderJob job = job_for(person_fixture("pp-eligible"), as_of, "ps");
    job.formats = {"html", "pdf"};
    job.output_dir = out.path();
    auto r = render_document(env(), job);
    BOOST_REQUIRE_MESSAGE(r.ok(), r.diagnostics.str());
    pugi::xml_document page;
    BOOST_REQUIRE(page.load_file(r.files.at(0).c_str()));
    auto html = page.child("html");
    BOOST_TEST(std::string(html.attribute("lang").value()) == "ps");
    BOOST_TEST(std::string(html.attribute("dir").value()) == "rtl");
    auto english = [&](const std::string& words) {
        for (auto n : page.select_nodes("//*[@lang='en-GB']")) {
            std::string text;
            for (auto t : n.node().select_nodes(".//text()")) text += t.node().value();
            if (contains(text, words)) return true;
        }
        return false;
    };
    BOOST_TEST(english("Amani sees her aunt every other weekend."));  // a need
    BOOST_TEST(english("I want to see my aunt more."));               // a view
    BOOST_TEST(english("Help write a CV"));                           // an action
    BOOST_TEST(english("Amani"));                                     // the name in a generated sentence
    BOOST_TEST(english("Care Planning, Placement and Case Review (England) Regulations 2010"));
    bool number = false;
    for (auto n : page.select_nodes("//span[@dir='ltr']")) number |= std::string(n.node().child_value()) == "999 001 0005";
    BOOST_TEST(number);
    // Its own words are Pashto: the headings of the matters are not the English ones.
    std::string h2;
    for (auto t : page.select_node("//section[@id='matter-health']/h2").node().select_nodes(".//text()")) h2 += t.node().value();
    BOOST_TEST(!h2.empty());
    BOOST_TEST(h2 != english_catalog().get("pathway-matter-health"), h2);
    // Dates are written as Pashto readers write them, by ICU.
    std::string identity;
    for (auto t : page.select_node("//p[@class='identity']").node().select_nodes(".//text()")) identity += t.node().value();
    BOOST_TEST(contains(identity, format_long_date(Date(2009, 7, 20), "ps")), identity);
    BOOST_TEST(fs::file_size(r.files.at(1)) > 1000u);
}

BOOST_AUTO_TEST_CASE(every_catalog_has_every_pathway_message) {
    const auto all = Catalogs::load_directory(source_dir() / "locales");
    const auto en = all.find("en-GB");
    std::vector<std::string> ids;
    for (const auto& [id, text] : en->messages())
        if (id.rfind("pathway-", 0) == 0) ids.push_back(id);
    BOOST_TEST(ids.size() > 70u);
    for (const auto& lang : all.languages()) {
        const auto c = all.find(lang);
        for (const auto& id : ids) BOOST_TEST(c->has(id), lang << " lacks " << id);
    }
}

BOOST_AUTO_TEST_CASE(the_command_renders_a_plan_and_lists_the_kind) {
    TempDir out;
    const std::string cli = quoted(carepack_command());
    auto listed = run(cli + " plugins");
    BOOST_TEST(listed.exit_code == 0, listed.out);
    BOOST_TEST(contains(listed.out, "pathway-plan (document kind)"), listed.out);
    auto made = run(cli + " render pathway-plan --authority " + quoted(example_council()) + " --person " +
                    quoted(example_council() / "caseload" / "brk-lc-0001.json") + " --date 2026-12-02 --format html,pdf -o " +
                    quoted(out.path()));
    BOOST_TEST(made.exit_code == 0, made.out);
    BOOST_TEST(fs::exists(out / "pathway-plan-brk-lc-0001-en-GB.html"));
    BOOST_TEST(fs::exists(out / "pathway-plan-brk-lc-0001-en-GB.pdf"));
    auto refused = run(cli + " render pathway-plan --authority " + quoted(example_council()) + " --person " +
                       quoted(person_fixture("pp-child")) + " --date 2026-12-02 -o " + quoted(out.path()));
    BOOST_TEST(refused.exit_code != 0);
    BOOST_TEST(contains(refused.out, "pp-child.json: error: PP-CH-0001 is 9 on 2026-12-02"), refused.out);
}
