#define BOOST_TEST_MODULE checks
#include <boost/test/unit_test.hpp>

#include "carepack/checks.h"
#include "carepack/template.h"

#include "support.h"

using namespace carepack;
using carepack::testing::mentions;

namespace {

Diagnostics check(const std::string& text, const Value& data, Audience audience = Audience::Public) {
    Diagnostics d;
    Template t = Template::from_text(text, "t.xml", d);
    Document doc = t.expand(data, audience, d);
    check_document(doc, d);
    return d;
}

std::vector<std::string> placeholders(const std::string& s) { return find_placeholders(s); }
}  // namespace

BOOST_AUTO_TEST_CASE(placeholders_are_found_and_ordinary_words_are_not) {
    BOOST_TEST(placeholders("Call ??? for help").size() == 1u);
    BOOST_TEST(placeholders("Amount TBC").front() == "TBC");
    BOOST_TEST(placeholders("see [insert link here]").front() == "[insert link here]");
    BOOST_TEST(placeholders("Every XX months").front() == "XX");
    BOOST_TEST(placeholders("Date TBA, TODO: check").size() == 2u);
    BOOST_TEST(placeholders("Is it? Yes?").empty());
    BOOST_TEST(placeholders("a 10 x 2 room in Year X, XXL size").empty());
    BOOST_TEST(placeholders("tbc in lower case is a word in a list").empty());
    // Brackets: the opening word in any case, as a whole word, up to the closing bracket.
    BOOST_TEST(placeholders("ring [ Add the number ] today").front() == "[ Add the number ]");
    BOOST_TEST(placeholders("[ENTER date]").front() == "[ENTER date]");
    BOOST_TEST(placeholders("[additional help] and [links below]").empty());
    BOOST_TEST(placeholders("[insert a date, never closed").empty());
    // Whole words only: next to letters, digits or _ they are part of another word.
    BOOST_TEST(placeholders("TODOS, XXL, TBC2, FIXME_later, aTBA").empty());
    BOOST_TEST(placeholders("XXX").front() == "XXX");
    BOOST_TEST(placeholders("\u00a3TBC a week, \u0645TODO").size() == 2u);
    BOOST_TEST(placeholders("Help??? or ????").size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_placeholder_from_data_is_reported_at_its_source_line) {
    Value data = Value::object();
    Value text("calling you back within ??? hours");
    text.where = Location(std::make_shared<const std::string>("pledge.xml"), 27, 5);
    data.set("promise", text);
    auto d = check("<document title=\"t\">\n<h1>x</h1>\n<p>{{promise}}</p>\n</document>", data);
    BOOST_TEST(mentions(d, "pledge.xml:27:5", "unfinished placeholder '?\?\?'"), d.str());
}

BOOST_AUTO_TEST_CASE(a_placeholder_in_the_template_is_reported_at_its_line) {
    auto d = check("<document title=\"t\">\n<h1>x</h1>\n<p><a href=\"[insert link]\">more</a></p>\n</document>", Value::object());
    BOOST_TEST(mentions(d, "t.xml:3", "unfinished placeholder '[insert link]' in the href of <a>"), d.str());
}

BOOST_AUTO_TEST_CASE(heading_order) {
    auto skipped = check("<document title=\"t\">\n<h1>a</h1>\n<h3>c</h3>\n</document>", Value::object());
    BOOST_TEST(mentions(skipped, "t.xml:3", "heading level skipped: <h3> (\"c\") follows <h1>"), skipped.str());
    auto two = check("<document title=\"t\"><h1>a</h1><h1>b</h1></document>", Value::object());
    BOOST_TEST(mentions(two, "t.xml", "a second <h1>"), two.str());
    auto none = check("<document title=\"t\"><h2>a</h2></document>", Value::object());
    BOOST_TEST(mentions(none, "t.xml", "the first heading is <h2>"), none.str());
    BOOST_TEST(mentions(none, "t.xml", "no <h1>"), none.str());
    auto fine = check("<document title=\"t\"><h1>a</h1><h2>b</h2><h3>c</h3><h2>d</h2></document>", Value::object());
    BOOST_TEST(!fine.has_errors(), fine.str());
}

BOOST_AUTO_TEST_CASE(images_need_alt_text_and_tables_need_header_cells) {
    auto d = check(
        "<document title=\"t\">\n<h1>a</h1>\n<figure><img src=\"logo.png\"/></figure>\n"
        "<table><caption>c</caption><tr><td>1</td></tr></table>\n</document>",
        Value::object());
    BOOST_TEST(mentions(d, "t.xml:3", "<img src=\"logo.png\"> has no alt text"), d.str());
    BOOST_TEST(mentions(d, "t.xml:4", "a table without header cells"), d.str());
    auto ok = check(
        "<document title=\"t\"><h1>a</h1><figure><img src=\"x.png\" alt=\"\"/></figure>"
        "<table><tr><th scope=\"col\">h</th></tr><tr><td>1</td></tr></table></document>",
        Value::object());
    BOOST_TEST(!ok.has_errors(), ok.str());
}

BOOST_AUTO_TEST_CASE(a_public_document_that_binds_a_professional_field_is_refused) {
    Value data = Value::object();
    Value person = Value::object();
    person.set("name", "Test Person");
    Value notes("Case note: not for publication");
    notes.sensitivity = Sensitivity::Professional;
    person.set("notes", notes);
    person.get("name")->sensitivity = Sensitivity::Personal;
    data.set("person", person);
    const std::string text = "<document title=\"t\">\n<h1>a</h1>\n<p>{{person.notes}}</p>\n</document>";
    auto d = check(text, data, Audience::Public);
    BOOST_TEST(mentions(d, "t.xml:3", "{{person.notes}} (`person.notes`, professional) in a document for the public audience"), d.str());
    auto young = check(text, data, Audience::YoungPerson);
    BOOST_TEST(young.has_errors());
    auto professional = check(text, data, Audience::Professional);
    BOOST_TEST(!professional.has_errors(), professional.str());
    // A personal field is fine for the young person, not for the public.
    auto name = check("<document title=\"t\"><h1>{{person.name}}</h1></document>", data, Audience::YoungPerson);
    BOOST_TEST(!name.has_errors(), name.str());
    auto name_public = check("<document title=\"t\"><h1>{{person.name}}</h1></document>", data, Audience::Public);
    BOOST_TEST(name_public.has_errors());
}

BOOST_AUTO_TEST_CASE(deciding_on_a_restricted_flag_counts_as_using_it) {
    // Showing a sentence only for asylum-seeking children tells the reader the flag even though
    // the flag's value is never printed.
    Value data = Value::object();
    Value flag(true);
    flag.sensitivity = Sensitivity::Professional;
    data.set("asylum", flag);
    auto d = check("<document title=\"t\"><h1>a</h1>{{#asylum}}<p>You came here alone.</p>{{/asylum}}</document>", data,
                   Audience::YoungPerson);
    BOOST_TEST(mentions(d, "", "{{asylum}}"), d.str());
}
