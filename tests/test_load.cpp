#define BOOST_TEST_MODULE load
#include <boost/test/unit_test.hpp>

#include "carepack/authority.h"
#include "carepack/load.h"
#include "carepack/person_record.h"
#include "support.h"

using namespace carepack;
using carepack::testing::mentions;
using namespace carepack::testing;

namespace {
const ObjectSpec& sample_spec() {
    static const auto item = make_spec("item", {
        text_field("id").required().attribute(),
        integer_field("age"),
        markup_field("text").content().required(),
    });
    static const ObjectSpec spec("sample", {
        text_field("name").required(),
        date_field("review-date").attribute(),
        list_field("items", item).xml("item"),
        list_field("tags", FieldType::Text).xml("tag", "tags"),
    });
    return spec;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_good_xml_file_reads_into_the_value_tree_with_locations) {
    Diagnostics d;
    Value v = load_xml_text(
        "<sample review-date=\"2027-03-31\">\n"
        "  <name>Brackenmoor</name>\n"
        "  <item id=\"a\" age=\"16\">Call <em>you</em> back</item>\n"
        "  <item id=\"b\">Second</item>\n"
        "  <tags><tag>one</tag><tag>two</tag></tags>\n"
        "</sample>\n",
        "sample.xml", sample_spec(), d);
    BOOST_TEST(d.empty(), d.str());
    BOOST_TEST(v.find("name")->as_string() == "Brackenmoor");
    BOOST_TEST(v.find("items[0].age")->as_integer() == 16);
    BOOST_TEST(v.find("items[0].text")->as_markup().xml == "Call <em>you</em> back");
    BOOST_TEST(v.find("items[1].id")->as_string() == "b");
    BOOST_TEST(v.find("tags")->size() == 2u);
    BOOST_TEST(v.find("items[0]")->where.str() == "sample.xml:3:3");
    // An attribute's location is where its value starts.
    BOOST_TEST(v.find("items[0].age")->where.str() == "sample.xml:3:21");
}

BOOST_AUTO_TEST_CASE(malformed_xml_is_located) {
    Diagnostics d;
    try {
        load_xml_text("<sample>\n  <name>x</nam>\n</sample>\n", "broken.xml", sample_spec(), d);
        BOOST_FAIL("no failure");
    } catch (const Failure& f) {
        std::string s = f.what();
        BOOST_TEST(s.find("broken.xml:2:") == 0, s);
        BOOST_TEST(s.find("malformed XML") != std::string::npos, s);
    }
}

BOOST_AUTO_TEST_CASE(wrong_types_missing_fields_and_unknown_names_are_each_located) {
    Diagnostics d;
    load_xml_text(
        "<sample review-date=\"2026-06-31\" colour=\"red\">\n"
        "  <item age=\"sixteen\">x</item>\n"
        "  <extra/>\n"
        "</sample>\n",
        "bad.xml", sample_spec(), d);
    BOOST_TEST(mentions(d, "bad.xml:1:22", "must be a real date"), d.str());
    BOOST_TEST(mentions(d, "bad.xml:1:34", "unknown attribute 'colour'"), d.str());
    BOOST_TEST(mentions(d, "bad.xml:2:14", "must be a whole number, not 'sixteen'"), d.str());
    BOOST_TEST(mentions(d, "bad.xml:2:3", "<item> needs attribute 'id'"), d.str());
    BOOST_TEST(mentions(d, "bad.xml:3:3", "unknown element <extra>"), d.str());
    BOOST_TEST(mentions(d, "bad.xml:1:1", "<sample> needs 'name'"), d.str());
}

BOOST_AUTO_TEST_CASE(rich_text_is_checked_against_the_document_model) {
    Diagnostics d;
    load_xml_text("<sample><name>n</name>\n<item id=\"a\">Hello <script>alert(1)</script> <a href=\"x\" onclick=\"y\">z</a></item></sample>",
                  "m.xml", sample_spec(), d);
    BOOST_TEST(mentions(d, "m.xml:2:", "<script> is not allowed in inline text"), d.str());
    BOOST_TEST(mentions(d, "m.xml:2:", "<a> does not take the attribute 'onclick'"), d.str());
}

BOOST_AUTO_TEST_CASE(json_errors_name_the_field_path) {
    Diagnostics d;
    load_json_text(R"({"id": "T1", "date_of_birth": 2009, "episodes": [
        {"start": "2024-01-01", "legal_status": "C2"},
        {"start": "2024-02-30", "legal_status": "C2", "colour": "blue"}], "nickname": "x"})",
                   "people/t1.json", person_schema(), d);
    BOOST_TEST(mentions(d, "people/t1.json: $.date_of_birth", "must be a date (YYYY-MM-DD), not a whole number"), d.str());
    BOOST_TEST(mentions(d, "people/t1.json: $.episodes[1].start", "must be a real date"), d.str());
    BOOST_TEST(mentions(d, "people/t1.json: $.episodes[1].colour", "unknown field `colour`"), d.str());
    BOOST_TEST(mentions(d, "people/t1.json: $.nickname", "unknown field"), d.str());
    BOOST_TEST(mentions(d, "people/t1.json: $", "missing required field `preferred_name`"), d.str());
}

BOOST_AUTO_TEST_CASE(malformed_json_is_a_failure_naming_the_file) {
    Diagnostics d;
    BOOST_CHECK_EXCEPTION(load_json_text("{\"id\": ", "people/x.json", person_schema(), d), Failure,
                          [](const Failure& f) {
                              return std::string(f.what()).find("people/x.json") == 0 &&
                                     std::string(f.what()).find("malformed JSON") != std::string::npos;
                          });
}

BOOST_AUTO_TEST_CASE(a_person_record_carries_its_sensitivity_and_typed_view) {
    Diagnostics d;
    auto r = load_person(example_person("brk-ex-0003"), d);
    BOOST_TEST(!d.has_errors(), d.str());
    BOOST_TEST(r.person.id == "BRK-EX-0003");
    BOOST_TEST(r.person.in_group("uasc"));
    BOOST_TEST(!r.person.episodes.empty());
    BOOST_TEST(r.value.get("preferred_name")->sensitivity == Sensitivity::Personal);
    BOOST_TEST(r.value.find("episodes[0].start")->sensitivity == Sensitivity::Personal);
}

BOOST_AUTO_TEST_CASE(unknown_legal_status_and_backwards_episode_are_reported) {
    TempDir dir;
    spit(dir / "p.json", R"({"id": "T2", "preferred_name": "Test", "date_of_birth": "2010-01-01",
        "episodes": [{"start": "2024-05-01", "end": "2024-04-01", "legal_status": "Z9"}]})");
    Diagnostics d;
    load_person(dir / "p.json", d);
    BOOST_TEST(mentions(d, "$.episodes[0].legal_status", "unknown legal status 'Z9'"), d.str());
    BOOST_TEST(mentions(d, "$.episodes[0].end", "ends (2024-04-01) before it starts"), d.str());
}

BOOST_AUTO_TEST_CASE(the_example_council_loads_cleanly) {
    Diagnostics d;
    auto a = Authority::load(example_council(), d);
    BOOST_TEST(!d.has_errors(), d.str());
    BOOST_TEST(a.name == "Brackenmoor Borough Council");
    BOOST_TEST(a.jurisdiction == "england");
    BOOST_TEST(a.default_language() == "en-GB");
    BOOST_TEST(a.contact("leaving-care-team") != nullptr);
    BOOST_TEST(a.contact("leaving-care-team")->phone.rfind("01632 960", 0) == 0);
}

BOOST_AUTO_TEST_CASE(brand_colours_under_four_and_a_half_to_one_are_an_error) {
    TempDir dir;
    auto council = copy_example_council(dir);
    auto text = slurp(council / "authority.xml");
    spit(council / "authority.xml", replace_once(text, "on-primary=\"#ffffff\"", "on-primary=\"#3a7f9c\""));
    Diagnostics d;
    Authority::load(council, d);
    BOOST_TEST(mentions(d, "authority.xml:7:", "contrast ratio of"), d.str());
    BOOST_TEST(mentions(d, "authority.xml:7:", "4.5:1"), d.str());
}

BOOST_AUTO_TEST_CASE(a_welsh_council_gets_a_clear_message_not_english_rules) {
    TempDir dir;
    auto council = copy_example_council(dir);
    auto text = slurp(council / "authority.xml");
    spit(council / "authority.xml", replace_once(text, "jurisdiction=\"england\"", "jurisdiction=\"wales\""));
    Diagnostics d;
    Authority::load(council, d);
    BOOST_TEST(mentions(d, "authority.xml:3:", "English law only so far"), d.str());
}

BOOST_AUTO_TEST_CASE(age_thresholds_follow_their_effective_dates) {
    Diagnostics d;
    Authority a = Authority::load(example_council(), d);
    BOOST_TEST_REQUIRE(!d.has_errors(), d.str());
    // Personal advisers to 21 until the Children and Social Work Act 2017 s3 came in, then 25.
    BOOST_TEST(a.threshold_on("personal-adviser", Date(2018, 3, 31)).value() == 21);
    BOOST_TEST(a.threshold_on("personal-adviser", Date(2018, 4, 1)).value() == 25);
    BOOST_TEST(a.threshold_on("personal-adviser", Date(2026, 11, 22)).value() == 25);
    BOOST_TEST(a.threshold_on("staying-put", Date(2026, 11, 22)).value() == 21);
    BOOST_TEST(!a.threshold_on("no-such-threshold", Date(2026, 11, 22)).has_value());
}
