#define BOOST_TEST_MODULE template
#include <boost/test/unit_test.hpp>

#include "carepack/pipeline.h"
#include "carepack/template.h"
#include "support.h"

using namespace carepack;
using carepack::testing::mentions;

namespace {

Document expand(const std::string& text, const Value& data, Diagnostics& d, Audience a = Audience::Public) {
    Template t = Template::from_text(text, "t.xml", d);
    BOOST_REQUIRE_MESSAGE(!d.has_errors(), d.str());
    return t.expand(data, a, d);
}

Value text_value(std::string s, std::string file, int line) {
    Value v(std::move(s));
    v.where = Location(std::make_shared<const std::string>(file), line, 5);
    return v;
}
}  // namespace

BOOST_AUTO_TEST_CASE(values_are_escaped_and_stay_text) {
    Value data = Value::object();
    data.set("name", "<script>alert('x')</script> & Co");
    Diagnostics d;
    Document doc = expand("<document title=\"T {{name}}\"><h1>Hi</h1><p>Dear {{name}}, welcome</p></document>", data, d);
    BOOST_TEST(!d.has_errors(), d.str());
    BOOST_REQUIRE(doc.body.size() == 2u);
    const Node& p = doc.body[1];
    BOOST_TEST(p.plain_text() == "Dear <script>alert('x')</script> & Co, welcome");
    for (const auto& c : p.children) BOOST_TEST((c.kind == NodeKind::Text));
    BOOST_TEST(doc.title == "T <script>alert('x')</script> & Co");
    // Even a triple-brace tag cannot put a plain value in as markup.
    Document raw = expand("<document title=\"t\"><h1>x</h1><p>{{{name}}}</p></document>", data, d);
    BOOST_TEST(raw.body[1].plain_text() == "<script>alert('x')</script> & Co");
}

BOOST_AUTO_TEST_CASE(every_node_knows_its_template_line_and_data_origin) {
    Value data = Value::object();
    Value item = Value::object();
    item.set("text", text_value("call you back within 24 hours", "pledge.xml", 31));
    Value items = Value::array();
    items.push(item);
    data.set("items", items);
    Diagnostics d;
    Document doc = expand("<document title=\"t\">\n<h1>Promises</h1>\n<ul>\n{{#items}}<li>We promise {{text}}</li>{{/items}}\n</ul>\n</document>", data, d);
    BOOST_REQUIRE(doc.body.size() == 2u);
    const Node& li = doc.body[1].children.at(0);
    BOOST_TEST((li.kind == NodeKind::ListItem));
    BOOST_TEST(li.where.line == 4);
    BOOST_REQUIRE(li.children.size() == 2u);
    BOOST_TEST(li.children[0].text == "We promise ");
    BOOST_TEST(li.children[0].origin == -1);
    const auto* origin = doc.origin_of(li.children[1]);
    BOOST_REQUIRE(origin);
    BOOST_TEST(origin->path == "items[0].text");
    BOOST_TEST(origin->where.str() == "pledge.xml:31:5");
    BOOST_TEST(doc.location_of(li.children[1]).str() == "pledge.xml:31:5");
}

BOOST_AUTO_TEST_CASE(rich_text_becomes_elements_that_remember_their_field) {
    Value data = Value::object();
    Value m(Markup{"never <strong>bin bags</strong>"});
    m.where = Location(std::make_shared<const std::string>("pledge.xml"), 12, 3);
    data.set("text", m);
    Diagnostics d;
    Document doc = expand("<document title=\"t\"><h1>x</h1><p>{{text}}</p></document>", data, d);
    const Node& p = doc.body[1];
    BOOST_REQUIRE(p.children.size() == 2u);
    BOOST_TEST((p.children[1].kind == NodeKind::Strong));
    BOOST_TEST(p.children[1].plain_text() == "bin bags");
    BOOST_TEST(doc.location_of(p.children[1]).str() == "pledge.xml:12:3");
}

BOOST_AUTO_TEST_CASE(rich_text_that_breaks_the_model_is_reported_by_data_path) {
    Value data = Value::object();
    data.set("text", Value(Markup{"<p>a paragraph</p>"}));
    Diagnostics d;
    expand("<document title=\"t\"><h1>x</h1><p>{{text}}</p></document>", data, d);
    BOOST_TEST(mentions(d, "", "the data at `text` puts <p> inside <p>"), d.str());
}

BOOST_AUTO_TEST_CASE(templates_are_checked_before_expansion_with_their_own_lines) {
    Diagnostics d;
    Template::from_text(
        "<document title=\"t\">\n"
        "  <h1>x</h1>\n"
        "  <div>unknown</div>\n"
        "  <p onclick=\"go()\">a</p>\n"
        "  <li>stray item</li>\n"
        "  <ul>loose text</ul>\n"
        "  <ul>{{#items}}<li>{{name}}</li></ul>\n"
        "  <p>{{> partial}}</p>\n"
        "</document>\n",
        "bad.xml", d);
    BOOST_TEST(mentions(d, "bad.xml:3:3", "unknown element <div>"), d.str());
    BOOST_TEST(mentions(d, "bad.xml:4:", "<p> does not take the attribute 'onclick'"), d.str());
    BOOST_TEST(mentions(d, "bad.xml:5:3", "<li> is not allowed inside <document>"), d.str());
    BOOST_TEST(mentions(d, "bad.xml:6:", "text is not allowed directly inside <ul>"), d.str());
    BOOST_TEST(mentions(d, "bad.xml:7:", "section {{#items}} is not closed inside the same <ul>"), d.str());
    BOOST_TEST(mentions(d, "bad.xml:8:", "partials"), d.str());
}

BOOST_AUTO_TEST_CASE(a_malformed_template_is_located) {
    Diagnostics d;
    BOOST_CHECK_EXCEPTION(Template::from_text("<document title=\"t\">\n<p>x</document>\n", "m.xml", d), Failure,
                          [](const Failure& f) { return std::string(f.what()).rfind("m.xml:2:", 0) == 0; });
}

BOOST_AUTO_TEST_CASE(names_the_data_does_not_have_are_errors) {
    Diagnostics d;
    Value data = Value::object();
    data.set("title", "x");
    expand("<document title=\"{{title}}\">\n<h1>{{titel}}</h1>\n</document>", data, d);
    BOOST_TEST(mentions(d, "t.xml:2", "{{titel}}, which the data does not have"), d.str());
}

BOOST_AUTO_TEST_CASE(white_space_is_folded_and_language_resolved) {
    Diagnostics d;
    Value data = Value::object();
    Document doc = expand(
        "<document title=\"t\" lang=\"en-GB\">\n  <h1>\n    A   heading\n  </h1>\n"
        "  <p>Call <em>us</em> <strong>now</strong> on <span lang=\"ar\">هاتف</span>.</p>\n</document>",
        data, d);
    BOOST_TEST(doc.body[0].plain_text() == "A heading");
    const Node& p = doc.body[1];
    BOOST_TEST(p.plain_text() == "Call us now on هاتف.");
    BOOST_TEST(p.lang == "en-GB");
    const Node& span = p.children[5];
    BOOST_TEST((span.kind == NodeKind::Span));
    BOOST_TEST(span.lang == "ar");
    BOOST_TEST((span.dir == Direction::RightToLeft));
    BOOST_TEST((doc.dir == Direction::LeftToRight));
}

BOOST_AUTO_TEST_CASE(sections_repeat_and_drop_whole_elements) {
    Diagnostics d;
    Value data = Value::object();
    Value list = Value::array();
    list.push("one");
    list.push("two");
    data.set("items", list);
    data.set("show", false);
    data.set("empty", "");
    Document doc = expand(
        "<document title=\"t\"><h1>x</h1><ul>{{#items}}<li>{{.}}</li>{{/items}}</ul>"
        "{{#show}}<p>hidden</p>{{/show}}{{^show}}<p>shown</p>{{/show}}{{#empty}}<p>no</p>{{/empty}}</document>",
        data, d);
    BOOST_TEST(!d.has_errors(), d.str());
    BOOST_REQUIRE(doc.body.size() == 3u);
    BOOST_TEST(doc.body[1].children.size() == 2u);
    BOOST_TEST(doc.body[1].children[1].plain_text() == "two");
    BOOST_TEST(doc.body[2].plain_text() == "shown");
}

BOOST_AUTO_TEST_CASE(a_council_template_is_found_before_the_built_in_one) {
    carepack::testing::TempDir dir;
    carepack::testing::spit(dir / "council/templates/pledge/pledge.xml", "<document title=\"own\"/>");
    carepack::testing::spit(dir / "built-in/pledge/pledge.xml", "<document title=\"built in\"/>");
    BOOST_TEST(find_template(dir / "council", dir / "built-in", "pledge", "pledge") ==
               dir / "council/templates/pledge/pledge.xml");
    BOOST_TEST(find_template(dir / "elsewhere", dir / "built-in", "pledge", "pledge") ==
               dir / "built-in/pledge/pledge.xml");
    BOOST_CHECK_THROW(find_template(dir / "council", dir / "built-in", "pledge", "missing"), Failure);
}

BOOST_AUTO_TEST_CASE(a_layout_uses_its_own_template_where_there_is_one) {
    carepack::testing::TempDir dir;
    using carepack::testing::spit;
    spit(dir / "built-in/local-offer/local-offer.xml", "<document title=\"A4 {{name}}\"><h1>x</h1></document>");
    spit(dir / "built-in/local-offer/local-offer-leaflet.xml", "<document title=\"Leaflet {{name}}\"><h1>x</h1></document>");
    spit(dir / "built-in/pledge/pledge.xml", "<document title=\"Pledge\"><h1>x</h1></document>");
    spit(dir / "council/templates/local-offer/local-offer.xml", "<document title=\"Own A4\"><h1>x</h1></document>");
    const auto built_in = dir / "built-in";

    // The variant when there is one, the base template otherwise (no layout, another layout,
    // a kind without a leaflet).
    BOOST_TEST(find_template(dir / "elsewhere", built_in, "local-offer", "local-offer", "leaflet") ==
               built_in / "local-offer/local-offer-leaflet.xml");
    BOOST_TEST(find_template(dir / "elsewhere", built_in, "local-offer", "local-offer") ==
               built_in / "local-offer/local-offer.xml");
    BOOST_TEST(find_template(dir / "elsewhere", built_in, "local-offer", "local-offer", "a4") ==
               built_in / "local-offer/local-offer.xml");
    BOOST_TEST(find_template(dir / "elsewhere", built_in, "pledge", "pledge", "leaflet") == built_in / "pledge/pledge.xml");
    // A council's own A4 template does not stand in for carepack's leaflet ...
    BOOST_TEST(find_template(dir / "council", built_in, "local-offer", "local-offer", "leaflet") ==
               built_in / "local-offer/local-offer-leaflet.xml");
    BOOST_TEST(find_template(dir / "council", built_in, "local-offer", "local-offer", "a4") ==
               dir / "council/templates/local-offer/local-offer.xml");
    // ... and a council's own leaflet comes before carepack's.
    spit(dir / "council/templates/local-offer/local-offer-leaflet.xml", "<document title=\"Own leaflet\"><h1>x</h1></document>");
    BOOST_TEST(find_template(dir / "council", built_in, "local-offer", "local-offer", "leaflet") ==
               dir / "council/templates/local-offer/local-offer-leaflet.xml");
    BOOST_CHECK_THROW(find_template(dir / "council", built_in, "local-offer", "missing", "leaflet"), Failure);

    // The template stage picks it the same way for a render or a publisher.
    Environment env;
    env.templates_dir = built_in;
    Composition c;
    c.template_name = "local-offer";
    auto data = std::make_shared<Value>(Value::object());
    data->set("name", "offer");
    c.context = data;
    Diagnostics d;
    auto leaflet = document_from_template(env, dir / "elsewhere", "local-offer", c, d, "leaflet");
    auto a4 = document_from_template(env, dir / "elsewhere", "local-offer", c, d);
    BOOST_TEST(!d.has_errors(), d.str());
    BOOST_REQUIRE(leaflet.has_value());
    BOOST_REQUIRE(a4.has_value());
    BOOST_TEST(leaflet->title == "Leaflet offer");
    BOOST_TEST(a4->title == "A4 offer");
}
