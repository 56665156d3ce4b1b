#define BOOST_TEST_MODULE health_passport
#include <boost/test/unit_test.hpp>

#include <pugixml.hpp>

#include "carepack/pipeline.h"
#include "health_passport_kind.h"
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
    job.kind = "health-passport";
    job.authority_dir = example_council();
    job.person_file = person;
    job.date = date;
    job.lang = lang;
    job.allow_draft_translations = true;
    return job;
}

Document build(const fs::path& person, const Date& date = as_of, const std::string& lang = "en-GB") {
    Diagnostics d;
    auto doc = build_document(env(), job_for(person, date, lang), d);
    BOOST_REQUIRE_MESSAGE(doc, d.str());
    BOOST_TEST(!d.has_errors(), d.str());
    return *doc;
}

// The words of the section with this id, as a reader sees them.
std::string section_text(const Document& doc, const std::string& id) {
    std::string out;
    walk(doc.body, [&](const Node& n, int) {
        if (n.kind == NodeKind::Section && n.attribute_or("id", "") == id) out += n.plain_text();
    });
    BOOST_TEST_REQUIRE(!out.empty(), "no section " << id);
    return out;
}

std::string all_text(const Document& doc) {
    std::string out;
    for (const auto& n : doc.body) out += n.plain_text() + "\n";
    return out;
}

// The rows of the table with this class: each row's cells' text.
std::vector<std::vector<std::string>> rows_of(const Document& doc, const std::string& table_class) {
    std::vector<std::vector<std::string>> out;
    walk(doc.body, [&](const Node& n, int) {
        if (n.kind != NodeKind::Table || n.attribute_or("class", "") != table_class) return;
        walk(n.children, [&](const Node& body, int) {
            if (body.kind != NodeKind::TableBody) return;
            for (const auto& tr : body.children) {
                std::vector<std::string> cells;
                for (const auto& cell : tr.children) cells.push_back(cell.plain_text());
                out.push_back(cells);
            }
        });
    });
    return out;
}

std::vector<std::string> outstanding(const Document& doc) {
    std::vector<std::string> out;
    walk(doc.body, [&](const Node& n, int) {
        if (n.kind == NodeKind::UnorderedList && n.attribute_or("class", "") == "outstanding")
            for (const auto& li : n.children) out.push_back(li.plain_text());
    });
    return out;
}

bool contains(const std::string& text, const std::string& words) { return text.find(words) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_CASE(a_fifteen_year_old_without_the_teenage_booster_has_it_still_to_have) {
    Document doc = build(person_fixture("hp-teen"));
    const std::vector<std::string> expected{
        "Td/IPV teenage booster (tetanus, diphtheria and polio): dose 1, due from 10 May 2025"};
    BOOST_TEST(outstanding(doc) == expected, all_text(doc));
    BOOST_TEST(contains(section_text(doc, "vaccinations"), "On 2 December 2026 these vaccinations are due"));
    // The day before the 14th birthday neither teenage dose is due yet, and MenACWY given later
    // is not shown as given.
    Document before = build(person_fixture("hp-teen"), Date(2025, 5, 9));
    BOOST_TEST(outstanding(before).empty());
    BOOST_TEST(contains(section_text(before, "vaccinations"), "Your records show every routine vaccination that is due for your age."));
    for (const auto& row : rows_of(before, "given")) BOOST_TEST(!contains(row.at(0), "MenACWY"));

    TempDir dir;
    auto had = person_fixture_with(dir, "hp-teen", R"({ "vaccine": "menacwy", "dose": 1, "date": "2025-10-06" })",
                           R"({ "vaccine": "menacwy", "dose": 1, "date": "2025-10-06" },
      { "vaccine": "td-ipv", "dose": 1, "date": "2026-11-30" })");
    Document after = build(had);
    BOOST_TEST(outstanding(after).empty());
    BOOST_TEST(contains(section_text(after, "vaccinations"), "Your records show every routine vaccination that is due for your age."));
    auto given = rows_of(after, "given");
    BOOST_REQUIRE(!given.empty());
    const std::vector<std::string> last{"Td/IPV teenage booster (tetanus, diphtheria and polio)", "1", "30 November 2026"};
    BOOST_TEST(given.back() == last);
}

BOOST_AUTO_TEST_CASE(doses_past_their_age_limit_are_not_still_to_have_and_an_unnumbered_dose_counts_as_the_first) {
    // Ellis (3 years 9 months) never had rotavirus, which is not given after 24 weeks; the MMR
    // recorded without a dose number is the first.
    Document doc = build(person_fixture("hp-toddler"));
    const std::vector<std::string> expected{
        "MMR vaccine (measles, mumps and rubella): dose 2, due from 1 July 2026",
        "4-in-1 pre-school booster (diphtheria, tetanus, whooping cough and polio): dose 1, due from 1 July 2026"};
    BOOST_TEST(outstanding(doc) == expected);
    bool mmr_without_number = false;
    for (const auto& row : rows_of(doc, "given"))
        mmr_without_number |= row == std::vector<std::string>{"MMR vaccine (measles, mumps and rubella)", "Not known", "4 March 2024"};
    BOOST_TEST(mmr_without_number);
}

BOOST_AUTO_TEST_CASE(a_declined_assessment_is_shown_as_declined_and_never_as_the_last_one) {
    Document doc = build(person_fixture("hp-teen"));
    const std::vector<std::vector<std::string>> expected{
        {"20 May 2024", "Review", "Done", "Nurse Madeup", ""},
        {"2 June 2025", "Review", "Done", "Nurse Madeup", "Well; asthma under control."},
        {"1 June 2026", "Review", "Declined", "", "Casey did not want a review this time."}};
    BOOST_TEST(rows_of(doc, "assessments") == expected);
    const std::string text = section_text(doc, "assessments");
    BOOST_TEST(contains(text, "Your last health assessment was on 2 June 2025."), text);
    // Yearly at 14: due a year after the last completed one, and overdue on the date.
    BOOST_TEST(contains(text, "Your next health assessment was due by 2 June 2026. Ask your nurse to arrange it."), text);
}

BOOST_AUTO_TEST_CASE(the_next_assessment_is_six_monthly_under_five_and_the_first_within_twenty_working_days) {
    Document toddler = build(person_fixture("hp-toddler"));
    std::string text = section_text(toddler, "assessments");
    BOOST_TEST(contains(text, "Your last health assessment was on 10 August 2026."), text);
    BOOST_TEST(contains(text, "Your next health assessment is due by 10 February 2027."), text);
    BOOST_TEST(rows_of(toddler, "assessments").at(1).at(2) == "Did not attend");

    // Robin came into care on Thursday 10 December 2026: twenty working days, leaving out
    // weekends and the Christmas and New Year bank holidays, end on 12 January 2027.
    Document robin = build(person_fixture("hp-no-health"), Date(2026, 12, 15));
    text = section_text(robin, "assessments");
    BOOST_TEST(contains(text, "No health assessment has been recorded as done yet."), text);
    BOOST_TEST(contains(text, "Your first health assessment is due by 12 January 2027."), text);

    // Once 18, or out of care, no assessment is due.
    Document grown = build(person_fixture("hp-teen"), Date(2029, 5, 10));
    BOOST_TEST(contains(section_text(grown, "assessments"), "Health assessments are for children in care under 18."));
}

BOOST_AUTO_TEST_CASE(sdq_scores_land_in_their_bands) {
    Document doc = build(person_fixture("hp-teen"));
    const std::vector<std::vector<std::string>> expected{{"1 June 2023", "13", "Close to average"},
                                                         {"1 June 2024", "14", "Borderline"},
                                                         {"1 June 2025", "16", "Borderline"},
                                                         {"1 June 2026", "17", "A cause for concern"}};
    BOOST_TEST(rows_of(doc, "sdq") == expected);
}

BOOST_AUTO_TEST_CASE(an_sdq_score_outside_0_to_40_is_an_error_naming_the_field) {
    TempDir dir;
    auto bad = person_fixture_with(dir, "hp-teen", R"("score": 17)", R"("score": 41)");
    Diagnostics d;
    BOOST_TEST(!build_document(env(), job_for(bad), d).has_value());
    BOOST_TEST(mentions(d, "$.health.sdq[3].score", "health.sdq score 41 is not an SDQ total difficulties score (0 to 40)"),
               d.str());
}

BOOST_AUTO_TEST_CASE(the_passport_says_whose_it_is_with_the_nhs_number_in_groups) {
    Document doc = build(person_fixture("hp-teen"));
    BOOST_TEST(doc.title == "Casey's health passport");
    std::vector<std::string> identity;
    bool number_left_to_right = false;
    walk(doc.body, [&](const Node& n, int) {
        if (n.kind == NodeKind::Heading && n.level == 1) identity.push_back(n.plain_text());
        if (n.kind == NodeKind::Paragraph && n.attribute_or("class", "") == "identity") identity.push_back(n.plain_text());
        if (n.kind == NodeKind::Span && n.attribute_or("dir", "") == "ltr" && n.plain_text() == "999 000 0018")
            number_left_to_right = true;
    });
    const std::vector<std::string> expected{"Casey's health passport", "This health passport is for Casey, born 10 May 2011.",
                                            "NHS number: 999 000 0018"};
    BOOST_TEST(identity == expected);
    BOOST_TEST(number_left_to_right);
    BOOST_TEST(doc.meta.at("version") == "2023-09");
    BOOST_TEST(contains(doc.meta.at("schedule"), "UK Health Security Agency"));
}

BOOST_AUTO_TEST_CASE(contacts_birth_and_guidance_are_shown_and_flags_never) {
    Document doc = build(person_fixture("hp-teen"));
    const std::string contacts = section_text(doc, "contacts");
    BOOST_TEST(contains(contacts, "Your GP (family doctor)Dr Testcase, Fictional Road SurgeryPhone: 01632 960201"), contacts);
    BOOST_TEST(contains(contacts, "Your opticianNot recorded yet"), contacts);
    bool phone_link = false;
    walk(doc.body, [&](const Node& n, int) {
        phone_link |= n.kind == NodeKind::Link && n.attribute_or("href", "") == "tel:01632960201";
    });
    BOOST_TEST(phone_link);
    const std::string birth = section_text(doc, "birth");
    BOOST_TEST(contains(birth, "Length of pregnancy39 weeks"), birth);
    BOOST_TEST(contains(birth, "Birth weight3,250 grams"), birth);
    BOOST_TEST(rows_of(doc, "optical").at(0) == (std::vector<std::string>{"11 March 2026", "Did not attend", ""}));
    BOOST_TEST(contains(section_text(doc, "prescriptions"), "Being a care leaver does not make them free on its own."));
    BOOST_TEST(contains(section_text(doc, "who-can-see-this"), "On 1 June 2026 you said you do not want this health passport shared."));
    BOOST_TEST(!contains(all_text(doc), "PROFESSIONAL-ONLY-NOTE"));
    BOOST_TEST(!contains(all_text(doc), "exploitation"));
}

BOOST_AUTO_TEST_CASE(family_health_history_only_with_consent) {
    Document without = build(person_fixture("hp-teen"));
    std::string text = section_text(without, "family-health");
    BOOST_TEST(!contains(all_text(without), "type 2 diabetes"));
    BOOST_TEST(contains(text, "Your nurse keeps what is known about your family's health."), text);

    TempDir dir;
    auto agreed = person_fixture_with(dir, "hp-teen", R"("consents": [)",
                              R"("consents": [ { "about": "family-health-history", "given": true, "date": "2026-06-01" },)");
    Document with = build(agreed);
    text = section_text(with, "family-health");
    BOOST_TEST(contains(text, "Birth mother has type 2 diabetes."), text);
    BOOST_TEST(!contains(text, "Your nurse keeps"));
}

BOOST_AUTO_TEST_CASE(a_council_template_that_shows_a_professional_flag_is_refused) {
    TempDir dir;
    auto council = copy_example_council(dir);
    std::string own = slurp(source_dir() / "templates" / "health-passport" / "health-passport.xml");
    own = replace_once(own, "<p class=\"made\">", "{{#record.flags}}<p>{{note}}</p>{{/record.flags}}<p class=\"made\">");
    spit(council / "templates" / "health-passport" / "health-passport.xml", own);
    RenderJob job = job_for(person_fixture("hp-teen"));
    job.authority_dir = council;
    Diagnostics d;
    BOOST_TEST(!build_document(env(), job, d).has_value());
    BOOST_TEST(mentions(d, "health-passport.xml", "professional) in a document for the young-person audience, which may not see it"),
               d.str());
}

BOOST_AUTO_TEST_CASE(a_record_without_health_still_gets_a_passport_that_says_what_is_missing) {
    Diagnostics d;
    auto doc = build_document(env(), job_for(person_fixture("hp-no-health"), Date(2026, 12, 15)), d);
    BOOST_REQUIRE_MESSAGE(doc, d.str());
    BOOST_TEST(mentions(d, "hp-no-health.json", "HP-TEST-0002 has no health section"), d.str());
    const std::string text = all_text(*doc);
    BOOST_TEST(contains(text, "NHS number: Not recorded yet"), text);
    BOOST_TEST(contains(text, "Your health details have not been written down yet."));
    BOOST_TEST(contains(section_text(*doc, "contacts"), "Your GP (family doctor)Not recorded yet"));
    BOOST_TEST(contains(section_text(*doc, "birth"), "Length of pregnancyNot known"));
}

BOOST_AUTO_TEST_CASE(the_same_inputs_and_date_give_the_same_bytes) {
    TempDir a, b;
    RenderJob job = job_for(person_fixture("hp-teen"));
    job.formats = {"html", "pdf"};
    job.output_dir = a.path();
    auto r1 = render_document(env(), job);
    job.output_dir = b.path();
    auto r2 = render_document(env(), job);
    BOOST_REQUIRE_MESSAGE(r1.ok() && r2.ok(), r1.diagnostics.str() << r2.diagnostics.str());
    BOOST_REQUIRE_EQUAL(r1.files.size(), 2u);
    BOOST_TEST(r1.files[0].filename() == "health-passport-hp-test-0001-en-GB.html");
    BOOST_TEST(r1.files[1].filename() == "health-passport-hp-test-0001-en-GB.pdf");
    for (std::size_t i = 0; i < 2; ++i) BOOST_TEST((slurp(r1.files[i]) == slurp(r2.files[i])), r1.files[i]);
    auto perms = fs::status(r1.files[0]).permissions();
    BOOST_TEST(((perms & fs::perms::others_read) == fs::perms::none));
}

BOOST_AUTO_TEST_CASE(a_pashto_passport_reads_right_to_left_with_the_record_text_in_english) {
    TempDir out;
    RenderJob job = job_for(person_fixture("hp-teen"), as_of, "ps");
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
    BOOST_TEST(english("Asthma attack."));
    BOOST_TEST(english("Casey did not want a review this time."));
    BOOST_TEST(english("Dr Testcase"));
    bool number = false;
    for (auto n : page.select_nodes("//span[@dir='ltr']")) number |= std::string(n.node().child_value()) == "999 000 0018";
    BOOST_TEST(number);
    // Its own words are in Pashto, not English.
    std::string title = page.select_node("//h1").node().select_node(".//text()").node().value();
    BOOST_TEST(!contains(title, "health passport"), title);
}

BOOST_AUTO_TEST_CASE(a_council_may_keep_its_own_immunisation_schedule) {
    TempDir dir;
    auto council = copy_example_council(dir);
    std::string schedule = slurp(source_dir() / "data" / "england" / "immunisations.xml");
    schedule = replace_once(schedule, R"(version="2023-09")", R"(version="brackenmoor-2026")");
    // The teenage booster at 13 here, a year earlier than carepack's schedule.
    schedule = replace_once(schedule, R"(<dose number="1" age="14 years"/>)", R"(<dose number="1" age="13 years"/>)");
    spit(council / "immunisations.xml", schedule);
    RenderJob job = job_for(person_fixture("hp-teen"), Date(2024, 6, 1));
    job.authority_dir = council;
    Diagnostics d;
    auto doc = build_document(env(), job, d);
    BOOST_REQUIRE_MESSAGE(doc, d.str());
    BOOST_TEST(doc->meta.at("version") == "brackenmoor-2026");
    const std::vector<std::string> expected{
        "Td/IPV teenage booster (tetanus, diphtheria and polio): dose 1, due from 10 May 2024"};
    BOOST_TEST(outstanding(*doc) == expected);
    // carepack's own schedule has nothing due yet on that day.
    BOOST_TEST(outstanding(build(person_fixture("hp-teen"), Date(2024, 6, 1))).empty());
}
