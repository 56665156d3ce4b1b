#define BOOST_TEST_MODULE html_renderer
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <pugixml.hpp>

#include "carepack/locale.h"
#include "html_renderer.h"
#include "nodes.h"

using namespace carepack;
using namespace carepack::testing;

namespace {

struct Rendered {
    std::string bytes;
    Diagnostics diagnostics;
    pugi::xml_document xml;
};

// Renders and parses the page as XML: a page that is not well-formed fails here.
std::unique_ptr<Rendered> render(const Document& doc, const Branding* branding = nullptr,
                                 const SiteChrome* site = nullptr) {
    static const Branding standard = brackenmoor();
    auto r = std::make_unique<Rendered>();
    RenderOptions options;
    options.site = site;
    options.date = Date(2026, 11, 22);
    options.catalog = &english();
    options.branding = branding ? branding : &standard;
    HtmlRenderer renderer;
    RenderedFile file = renderer.render(doc, options, r->diagnostics);
    BOOST_TEST(file.extension == "html");
    r->bytes = std::move(file.bytes);
    auto parsed = r->xml.load_string(r->bytes.c_str());
    BOOST_TEST_REQUIRE(static_cast<bool>(parsed), "the page is not well-formed XML: " << parsed.description()
                                                      << " at byte " << parsed.offset);
    return r;
}

pugi::xml_node only(const pugi::xml_document& xml, const char* xpath) {
    auto found = xml.select_nodes(xpath);
    BOOST_TEST_REQUIRE(found.size() == 1u, xpath << " matches " << found.size() << " elements, not 1");
    return found.first().node();
}

std::string text_of(pugi::xml_node n) { return n.text().get() ? std::string(n.child_value()) : std::string(); }

// All the text beneath an element, as a reader sees it.
std::string all_text(pugi::xml_node n) {
    std::string s;
    for (auto t : n.select_nodes(".//text()")) s += t.node().value();
    return s;
}

bool has_warning_containing(const Diagnostics& d, const std::string& words) {
    return std::any_of(d.items().begin(), d.items().end(), [&](const Diagnostic& item) {
        return item.severity == Severity::Warning && item.str().find(words) != std::string::npos;
    });
}

std::string base64_decode(std::string_view in) {
    auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        return c == '+' ? 62 : c == '/' ? 63 : -1;
    };
    std::string out;
    int bits = 0, buffer = 0;
    for (char c : in) {
        const int v = value(c);
        if (v < 0) break;
        buffer = buffer << 6 | v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>(buffer >> bits & 0xFF);
        }
    }
    return out;
}

Document pledge() {
    Node section1 = element(NodeKind::Section, {
        heading(2, "Your rights"),
        paragraph({text("We will listen to you.")}),
    });
    Node section2 = element(NodeKind::Section, {
        heading(2, "Your rights"),  // the same words again: the ids must still differ
        element(NodeKind::UnorderedList, {
            element(NodeKind::ListItem, {text("A named social worker")}),
            element(NodeKind::ListItem, {text("Call you back within 24 hours")}),
        }),
        heading(3, "Money"),
    });
    Node section3 = element(NodeKind::Section, {heading(2, "Leaving care", {{"id", "leaving"}})});
    Document d = document({
        heading(1, "Our pledge to you"),
        element(NodeKind::Contents),
        std::move(section1),
        std::move(section2),
        std::move(section3),
    });
    d.meta["version"] = "2.1";
    d.meta["review-date"] = "2027-03-01";
    return d;
}

}  // namespace

BOOST_AUTO_TEST_CASE(plugin_describes_itself) {
    HtmlRenderer r;
    BOOST_TEST(r.id() == "html");
    BOOST_TEST(!r.summary().empty());
    BOOST_TEST(r.summary().find('\n') == std::string::npos);
    const auto c = r.capabilities();
    BOOST_TEST(c.formats == std::vector<std::string>{"html"});
    BOOST_TEST(c.layouts == std::vector<std::string>{"screen"});
    BOOST_TEST(c.scripts == std::vector<std::string>{"any"});
}

BOOST_AUTO_TEST_CASE(page_starts_with_doctype_and_names_its_language) {
    auto r = render(pledge());
    BOOST_TEST(r->bytes.rfind("<!DOCTYPE html>\n", 0) == 0u);
    auto html = r->xml.document_element();
    BOOST_TEST(std::string(html.name()) == "html");
    BOOST_TEST(std::string(html.attribute("lang").value()) == "en-GB");
    BOOST_TEST(std::string(html.attribute("dir").value()) == "ltr");
    BOOST_TEST(std::string(html.attribute("xmlns").value()) == "http://www.w3.org/1999/xhtml");
}

BOOST_AUTO_TEST_CASE(head_has_charset_viewport_title_and_the_councils_colours) {
    auto r = render(pledge());
    BOOST_TEST(std::string(only(r->xml, "/html/head/meta[@charset]").attribute("charset").value()) == "utf-8");
    BOOST_TEST(std::string(only(r->xml, "/html/head/meta[@name='viewport']").attribute("content").value()) ==
               "width=device-width, initial-scale=1");
    BOOST_TEST(text_of(only(r->xml, "/html/head/title")) == "Our pledge to you | Brackenmoor Borough Council");
    const std::string style = text_of(only(r->xml, "/html/head/style"));
    BOOST_TEST(style.find(":root{--brand:#0b4f6c;--on-brand:#ffffff;--accent:#ffbf47;") != std::string::npos);
    BOOST_TEST(style.find("@media print") != std::string::npos);
    BOOST_TEST(r->xml.select_nodes("//script").empty());
    BOOST_TEST(r->xml.select_nodes("//link").empty());  // nothing outside the page
}

BOOST_AUTO_TEST_CASE(skip_link_comes_first_and_reaches_main) {
    auto r = render(pledge());
    auto first_link = r->xml.select_node("/html/body//a").node();
    BOOST_TEST(std::string(first_link.attribute("href").value()) == "#main");
    BOOST_TEST(text_of(first_link) == "Skip to main content");
    // Nothing focusable comes before it.
    BOOST_TEST(std::string(r->xml.select_node("/html/body/*[1]").node().name()) == "a");
    BOOST_TEST(std::string(only(r->xml, "//*[@id='main']").name()) == "main");
}

BOOST_AUTO_TEST_CASE(page_has_banner_main_and_footer_landmarks) {
    auto r = render(pledge());
    only(r->xml, "/html/body/header");
    only(r->xml, "/html/body/main");
    only(r->xml, "/html/body/footer");
    BOOST_TEST(all_text(only(r->xml, "/html/body/footer")).find("Brackenmoor Borough Council") != std::string::npos);
    auto website = only(r->xml, "/html/body/footer//a");
    BOOST_TEST(std::string(website.attribute("href").value()) == "https://www.brackenmoor.example.org");
    BOOST_TEST(text_of(website) == "www.brackenmoor.example.org");
}

BOOST_AUTO_TEST_CASE(one_h1_from_the_template_or_else_the_title) {
    auto r = render(pledge());
    BOOST_TEST(text_of(only(r->xml, "//h1")) == "Our pledge to you");

    Document untitled = document({paragraph({text("No heading here.")})});
    untitled.title = "Local offer for care leavers";
    auto r2 = render(untitled);
    BOOST_TEST(text_of(only(r2->xml, "//h1")) == "Local offer for care leavers");
    BOOST_TEST(std::string(only(r2->xml, "//h1").parent().name()) == "main");
}

BOOST_AUTO_TEST_CASE(headings_get_unique_ids_and_sections_are_labelled_by_them) {
    auto r = render(pledge());
    auto h2s = r->xml.select_nodes("//main//h2");
    std::vector<std::string> ids;
    for (auto h : h2s) ids.push_back(h.node().attribute("id").value());
    BOOST_TEST(ids == (std::vector<std::string>{"contents", "your-rights", "your-rights-2", "leaving"}));
    BOOST_TEST(std::string(only(r->xml, "//h3").attribute("id").value()) == "money");

    auto sections = r->xml.select_nodes("//section");
    BOOST_TEST_REQUIRE(sections.size() == 3u);
    BOOST_TEST(std::string(sections[0].node().attribute("aria-labelledby").value()) == "your-rights");
    BOOST_TEST(std::string(sections[1].node().attribute("aria-labelledby").value()) == "your-rights-2");
    BOOST_TEST(std::string(sections[2].node().attribute("aria-labelledby").value()) == "leaving");

    // No id is used twice anywhere on the page.
    std::set<std::string> seen;
    for (auto n : r->xml.select_nodes("//*[@id]")) {
        const std::string id = n.node().attribute("id").value();
        BOOST_TEST(seen.insert(id).second, "id used twice: " << id);
    }
}

BOOST_AUTO_TEST_CASE(markup_in_text_is_shown_as_text) {
    const std::string hostile = "<script>alert(1)</script> & co \"quoted\" 'too'";
    Document d = document({paragraph({text(hostile)})});
    d.title = "Tom & Jerry's <b>pledge</b>";
    auto r = render(d);
    BOOST_TEST(r->xml.select_nodes("//script").empty());
    BOOST_TEST(r->xml.select_nodes("//b").empty());
    BOOST_TEST(text_of(only(r->xml, "//main/p")) == hostile);
    BOOST_TEST(text_of(only(r->xml, "//title")) == "Tom & Jerry's <b>pledge</b> | Brackenmoor Borough Council");
    BOOST_TEST(r->bytes.find("<script") == std::string::npos);
    BOOST_TEST(r->bytes.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(unsafe_links_are_dropped_with_a_located_warning) {
    Node bad = anchor("javascript:alert(1)", "Click me");
    bad.where = Location(std::make_shared<const std::string>("templates/pledge/public.xml"), 12, 5);
    Node sneaky = anchor(" JaVa\tScRiPt:alert(2)", "Or me");
    Document d = document({paragraph({
        bad, text(" "), sneaky, text(" "), anchor("data:text/html,<script>alert(3)</script>", "Data"),
        text(" "), anchor("vbscript:msgbox", "VB"),
        text(" "), anchor("https://www.gov.uk/leaving-foster-or-local-authority-care", "Leaving care"),
        text(" "), anchor("mailto:leavingcare@brackenmoor.example.org", "Email us"),
        text(" "), anchor("tel:01632960110", "Phone us"),
        text(" "), anchor("#leaving", "Leaving care, below"),
        text(" "), anchor("local-offer.html", "Local offer"),
    })});
    auto r = render(d);
    std::vector<std::string> hrefs;
    for (auto a : r->xml.select_nodes("//main//a")) hrefs.push_back(a.node().attribute("href").value());
    BOOST_TEST(hrefs == (std::vector<std::string>{"https://www.gov.uk/leaving-foster-or-local-authority-care",
                                                  "mailto:leavingcare@brackenmoor.example.org", "tel:01632960110",
                                                  "#leaving", "local-offer.html"}));
    const std::string words = all_text(only(r->xml, "//main/p"));
    BOOST_TEST(words.find("Click me") != std::string::npos);
    BOOST_TEST(words.find("Or me") != std::string::npos);
    BOOST_TEST(r->bytes.find("javascript") == std::string::npos);
    BOOST_TEST(r->bytes.find("vbscript") == std::string::npos);
    BOOST_TEST(has_warning_containing(r->diagnostics, "templates/pledge/public.xml:12:5: warning: the link to 'javascript:alert(1)'"));
    BOOST_TEST(has_warning_containing(r->diagnostics, "vbscript:msgbox"));
    BOOST_TEST(r->diagnostics.warning_count() == 4u);
}

BOOST_AUTO_TEST_CASE(link_rules) {
    BOOST_TEST(html::link_allowed("https://example.org/a?b#c"));
    BOOST_TEST(html::link_allowed("HTTP://example.org"));
    BOOST_TEST(html::link_allowed("#section"));
    BOOST_TEST(html::link_allowed("../offer/index.html"));
    BOOST_TEST(html::link_allowed("page:2.html") == false);  // reads as a scheme, as a browser would
    BOOST_TEST(html::link_allowed("./page:2.html"));
    BOOST_TEST(!html::link_allowed("javascript:void(0)"));
    BOOST_TEST(!html::link_allowed("\x01javascript:void(0)"));
    BOOST_TEST(!html::link_allowed("java\nscript:void(0)"));
    BOOST_TEST(!html::link_allowed("data:text/html;base64,PHNjcmlwdD4="));
    BOOST_TEST(!html::link_allowed("file:///etc/passwd"));
    BOOST_TEST(!html::link_allowed(""));
}

BOOST_AUTO_TEST_CASE(slugs) {
    BOOST_TEST(html::slug("Your rights & responsibilities!") == "your-rights-responsibilities");
    BOOST_TEST(html::slug("  16–19 bursary ") == "16-19-bursary");
    BOOST_TEST(html::slug("حقوقك، وما نعدك به") == "حقوقك-وما-نعدك-به");
    BOOST_TEST(html::slug("!!!") == "section");
}

BOOST_AUTO_TEST_CASE(language_changes_are_marked_only_where_they_change) {
    Node arabic = element(NodeKind::Span,
                          {text("مرحبا "), element(NodeKind::Span, {text("بك")}, {{"lang", "ar"}, {"class", "name"}})},
                          {{"lang", "ar"}, {"dir", "rtl"}});
    Document d = document({paragraph({text("Say "), arabic, text(" when you arrive.")})});
    auto r = render(d);
    auto p = only(r->xml, "//main/p");
    BOOST_TEST(!p.attribute("lang"));
    BOOST_TEST(!p.attribute("dir"));
    auto outer = only(r->xml, "//main/p/span");
    BOOST_TEST(std::string(outer.attribute("lang").value()) == "ar");
    BOOST_TEST(std::string(outer.attribute("dir").value()) == "rtl");
    auto inner = only(r->xml, "//main/p/span/span");
    BOOST_TEST(!inner.attribute("lang"));
    BOOST_TEST(!inner.attribute("dir"));
    BOOST_TEST(std::string(inner.attribute("class").value()) == "name");
    BOOST_TEST(all_text(p) == "Say مرحبا بك when you arrive.");
}

BOOST_AUTO_TEST_CASE(an_arabic_document_is_right_to_left_from_the_root) {
    Node english_name = element(NodeKind::Span, {text("Brackenmoor")}, {{"lang", "en-GB"}});
    Document d = document({heading(1, "تعهدنا لك"), paragraph({text("مجلس "), english_name})}, "ar");
    auto r = render(d);
    auto html = r->xml.document_element();
    BOOST_TEST(std::string(html.attribute("lang").value()) == "ar");
    BOOST_TEST(std::string(html.attribute("dir").value()) == "rtl");
    BOOST_TEST(r->xml.select_nodes("//main//*[@lang='ar']").empty());
    BOOST_TEST(r->xml.select_nodes("//main//*[@dir='rtl']").empty());
    auto span = only(r->xml, "//main/p/span");
    BOOST_TEST(std::string(span.attribute("lang").value()) == "en-GB");
    BOOST_TEST(std::string(span.attribute("dir").value()) == "ltr");
    // The renderer's own English words say they are English.
    auto skip = r->xml.select_node("/html/body/a").node();
    BOOST_TEST(std::string(skip.attribute("lang").value()) == "en-GB");
    BOOST_TEST(std::string(skip.attribute("dir").value()) == "ltr");
}

BOOST_AUTO_TEST_CASE(tables_scroll_in_a_named_region_and_header_cells_get_a_scope) {
    auto cell = [](NodeKind k, std::string words, std::map<std::string, std::string, std::less<>> a = {}) {
        return element(k, {text(std::move(words))}, std::move(a));
    };
    Node table = element(NodeKind::Table, {
        element(NodeKind::TableHead, {element(NodeKind::TableRow, {
            cell(NodeKind::HeaderCell, "Review"), cell(NodeKind::HeaderCell, "2025"),
            cell(NodeKind::HeaderCell, "2026", {{"scope", "colgroup"}, {"colspan", "2"}}),
        })}),
        element(NodeKind::TableBody, {element(NodeKind::TableRow, {
            cell(NodeKind::HeaderCell, "On time"), cell(NodeKind::DataCell, "91%", {{"class", "number"}}),
            cell(NodeKind::DataCell, "94%", {{"rowspan", "1"}}), cell(NodeKind::DataCell, "x", {{"colspan", "two"}}),
        })}),
        cell(NodeKind::Caption, "Reviews held on time"),  // the caption is moved first
    });
    auto r = render(document({table}));
    auto region = only(r->xml, "//main/div[@class='table-wrap']");
    BOOST_TEST(std::string(region.attribute("role").value()) == "region");
    BOOST_TEST(std::string(region.attribute("tabindex").value()) == "0");
    auto caption = only(r->xml, "//table/*[1]");
    BOOST_TEST(std::string(caption.name()) == "caption");
    BOOST_TEST(std::string(region.attribute("aria-labelledby").value()) == caption.attribute("id").value());
    BOOST_TEST(text_of(caption) == "Reviews held on time");
    std::vector<std::string> scopes;
    for (auto th : r->xml.select_nodes("//th")) scopes.push_back(th.node().attribute("scope").value());
    BOOST_TEST(scopes == (std::vector<std::string>{"col", "col", "colgroup", "row"}));
    BOOST_TEST(std::string(only(r->xml, "//th[@colspan]").attribute("colspan").value()) == "2");
    BOOST_TEST(std::string(only(r->xml, "//td[@class='number']").child_value()) == "91%");
    only(r->xml, "//td[@rowspan='1']");
    BOOST_TEST(r->xml.select_nodes("//td[@colspan]").empty());
    BOOST_TEST(has_warning_containing(r->diagnostics, "colspan must be a whole number"));
}

BOOST_AUTO_TEST_CASE(contents_lists_the_h2s_in_order_with_working_links) {
    auto r = render(pledge());
    auto nav = only(r->xml, "//nav");
    const std::string label = nav.attribute("aria-labelledby").value();
    auto nav_heading = only(r->xml, "//nav/h2");
    BOOST_TEST(label == nav_heading.attribute("id").value());
    BOOST_TEST(text_of(nav_heading) == "Contents");
    std::vector<std::string> words, targets;
    for (auto a : nav.select_nodes(".//li/a")) {
        words.push_back(all_text(a.node()));
        const std::string href = a.node().attribute("href").value();
        BOOST_TEST_REQUIRE(href.size() > 1u);
        BOOST_TEST(href[0] == '#');
        auto target = r->xml.select_node(("//*[@id='" + href.substr(1) + "']").c_str()).node();
        BOOST_TEST(std::string(target.name()) == "h2");
        targets.push_back(href);
    }
    BOOST_TEST(words == (std::vector<std::string>{"Your rights", "Your rights", "Leaving care"}));
    BOOST_TEST(targets == (std::vector<std::string>{"#your-rights", "#your-rights-2", "#leaving"}));
}

BOOST_AUTO_TEST_CASE(footer_shows_version_review_date_and_the_day_it_was_made) {
    auto r = render(pledge());
    std::vector<std::string> lines;
    for (auto li : r->xml.select_nodes("//footer//li")) lines.push_back(all_text(li.node()));
    BOOST_TEST(lines == (std::vector<std::string>{"Version 2.1", "Next review: 1 March 2027", "Made on 22 November 2026"}));
    std::vector<std::string> datetimes;
    for (auto t : r->xml.select_nodes("//footer//time")) datetimes.push_back(t.node().attribute("datetime").value());
    BOOST_TEST(datetimes == (std::vector<std::string>{"2027-03-01", "2026-11-22"}));
}

BOOST_AUTO_TEST_CASE(same_input_gives_the_same_bytes) {
    const Document d = pledge();
    auto a = render(d);
    auto b = render(d);
    BOOST_TEST(a->bytes == b->bytes);
}

BOOST_AUTO_TEST_CASE(logo_is_embedded_as_a_data_uri) {
    const auto dir = std::filesystem::temp_directory_path() / "carepack-test-html";
    std::filesystem::create_directories(dir);
    const auto svg = dir / "logo.svg";
    const std::string logo_bytes =
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><rect width=\"10\" height=\"10\"/></svg>\n";
    std::ofstream(svg, std::ios::binary) << logo_bytes;

    Branding b = brackenmoor();
    b.logo = svg;
    b.logo_alt = "Brackenmoor Borough Council logo: a fern";
    auto r = render(pledge(), &b);
    auto img = only(r->xml, "//header//img");
    const std::string src = img.attribute("src").value();
    const std::string prefix = "data:image/svg+xml;base64,";
    BOOST_TEST_REQUIRE(src.rfind(prefix, 0) == 0u);
    BOOST_TEST(base64_decode(src.substr(prefix.size())) == logo_bytes);
    BOOST_TEST(std::string(img.attribute("alt").value()) == "Brackenmoor Borough Council logo: a fern");
    BOOST_TEST(text_of(only(r->xml, "//header//p")) == "Brackenmoor Borough Council");

    // A logo whose alt is the council's name already says the name: it is not repeated.
    b.logo_alt = b.council_name;
    auto same = render(pledge(), &b);
    BOOST_TEST(std::string(only(same->xml, "//header//img").attribute("alt").value()) == "Brackenmoor Borough Council");
    BOOST_TEST(same->xml.select_nodes("//header//p").empty());

    b.logo = dir / "no-such-logo.png";
    auto missing = render(pledge(), &b);
    BOOST_TEST(missing->xml.select_nodes("//img").empty());
    BOOST_TEST(text_of(only(missing->xml, "//header//p")) == "Brackenmoor Borough Council");
    BOOST_TEST(has_warning_containing(missing->diagnostics, "no-such-logo.png: warning: cannot read the council's logo"));
    std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(every_kind_of_node_has_its_element) {
    Node list = element(NodeKind::OrderedList, {element(NodeKind::ListItem, {text("first")})}, {{"start", "3"}});
    Node terms = element(NodeKind::DefinitionList, {element(NodeKind::Term, {text("PA")}),
                                                    element(NodeKind::Definition, {text("Personal adviser")})});
    Node figure = element(NodeKind::Figure, {
        element(NodeKind::Image, {}, {{"src", "chart.png"}, {"alt", "Reviews by month"}, {"width", "600"}, {"height", "300"}}),
        element(NodeKind::FigureCaption, {text("Reviews, 2025 to 2026")}),
    });
    Node callout = element(NodeKind::Aside, {paragraph({text("Call us any time.")})}, {{"title", "Need help now?"}, {"class", "urgent"}});
    Node inlines = paragraph({
        element(NodeKind::Strong, {text("strong")}), element(NodeKind::Emphasis, {text("em")}),
        element(NodeKind::LineBreak),
        element(NodeKind::Abbreviation, {text("IRO")}, {{"title", "Independent Reviewing Officer"}}),
        element(NodeKind::Time, {text("1 April")}, {{"datetime", "2026-04-01"}}),
        element(NodeKind::Data, {text("£3,000")}, {{"value", "3000"}}),
    });
    Document d = document({
        list, terms, figure, element(NodeKind::BlockQuote, {paragraph({text("They listened.")})}), callout,
        element(NodeKind::PageBreak),
        element(NodeKind::Signature, {paragraph({text("Director of Children's Services")})}),
        inlines,
    });
    auto r = render(d);
    BOOST_TEST(std::string(only(r->xml, "//main/ol").attribute("start").value()) == "3");
    BOOST_TEST(text_of(only(r->xml, "//main/ol/li")) == "first");
    BOOST_TEST(text_of(only(r->xml, "//main/dl/dt")) == "PA");
    BOOST_TEST(text_of(only(r->xml, "//main/dl/dd")) == "Personal adviser");
    auto img = only(r->xml, "//main/figure/img");
    BOOST_TEST(std::string(img.attribute("src").value()) == "chart.png");
    BOOST_TEST(std::string(img.attribute("alt").value()) == "Reviews by month");
    BOOST_TEST(std::string(img.attribute("width").value()) == "600");
    BOOST_TEST(std::string(img.attribute("height").value()) == "300");
    BOOST_TEST(text_of(only(r->xml, "//main/figure/figcaption")) == "Reviews, 2025 to 2026");
    BOOST_TEST(text_of(only(r->xml, "//main/blockquote/p")) == "They listened.");
    auto aside = only(r->xml, "//main/aside");
    BOOST_TEST(std::string(aside.attribute("class").value()) == "callout urgent");
    auto title = only(r->xml, ("//*[@id='" + std::string(aside.attribute("aria-labelledby").value()) + "']").c_str());
    BOOST_TEST(text_of(title) == "Need help now?");
    auto page_break = only(r->xml, "//main/div[@class='page-break']");
    BOOST_TEST(std::string(page_break.attribute("aria-hidden").value()) == "true");
    BOOST_TEST(!page_break.first_child());
    BOOST_TEST(r->bytes.find("<div class=\"page-break\" aria-hidden=\"true\"></div>") != std::string::npos);
    BOOST_TEST(text_of(only(r->xml, "//main/div[@class='signature']/p")) == "Director of Children's Services");
    BOOST_TEST(text_of(only(r->xml, "//main/p/strong")) == "strong");
    BOOST_TEST(text_of(only(r->xml, "//main/p/em")) == "em");
    only(r->xml, "//main/p/br");
    BOOST_TEST(r->bytes.find("<br/>") != std::string::npos);
    BOOST_TEST(std::string(only(r->xml, "//main/p/abbr").attribute("title").value()) == "Independent Reviewing Officer");
    BOOST_TEST(std::string(only(r->xml, "//main/p/time").attribute("datetime").value()) == "2026-04-01");
    BOOST_TEST(std::string(only(r->xml, "//main/p/data").attribute("value").value()) == "3000");
    BOOST_TEST(r->diagnostics.empty(), r->diagnostics.str());
}

BOOST_AUTO_TEST_CASE(unsafe_image_sources_become_their_alt_text) {
    Node image = element(NodeKind::Image, {}, {{"src", "javascript:alert(1)"}, {"alt", "A chart"}});
    auto r = render(document({element(NodeKind::Figure, {image})}));
    BOOST_TEST(r->xml.select_nodes("//main//img").empty());
    BOOST_TEST(text_of(only(r->xml, "//main/figure/span")) == "A chart");
    BOOST_TEST(has_warning_containing(r->diagnostics, "javascript:alert(1)"));
}

BOOST_AUTO_TEST_CASE(weak_brand_colours_are_reported_and_links_stay_readable) {
    Branding b = brackenmoor();
    b.primary_colour = "#ffdd00";  // yellow: white text on it, and links in it, cannot be read
    b.accent_colour = "not-a-colour";
    auto r = render(pledge(), &b);
    BOOST_TEST(has_warning_containing(r->diagnostics, "the banner's text colour #ffffff on #ffdd00"));
    BOOST_TEST(has_warning_containing(r->diagnostics, "links use #1d4f91"));
    BOOST_TEST(has_warning_containing(r->diagnostics, "'not-a-colour' is not a #rgb or #rrggbb colour"));
    const std::string style = text_of(only(r->xml, "/html/head/style"));
    BOOST_TEST(style.find("--accent:#ffdd00;--link:#1d4f91}") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(style_sheet_is_xml_safe_and_direction_neutral) {
    const std::string_view css = html::page_css;
    BOOST_TEST(css.find('<') == std::string_view::npos);
    BOOST_TEST(css.find('&') == std::string_view::npos);
    // Right to left works through logical properties: nothing physical that would need a
    // second style sheet.
    for (const char* physical : {"margin-left", "margin-right", "padding-left", "padding-right", "border-left",
                                 "border-right", "text-align: left", "text-align: right", "float:", "left:", "right:"})
        BOOST_TEST(css.find(physical) == std::string_view::npos, physical);
    for (const char* needed : {"@media print", "prefers-reduced-motion", "overflow-wrap: anywhere", "line-height: 1.5",
                               "outline: 3px solid var(--accent)", "max-width: 40rem", "overflow-x: auto",
                               "break-before: page", "content: \" (\" attr(href) \")\"", "text-decoration: underline"})
        BOOST_TEST(css.find(needed) != std::string_view::npos, needed);
}

namespace {
Node chart_of(std::string type, std::string description) {
    auto cell = [](NodeKind k, std::string words) { return element(k, {text(std::move(words))}); };
    Node table = element(NodeKind::Table, {
        cell(NodeKind::Caption, "Reviews held on time"),
        element(NodeKind::TableHead, {element(NodeKind::TableRow, {
            cell(NodeKind::HeaderCell, "Year"), cell(NodeKind::HeaderCell, "On time"), cell(NodeKind::HeaderCell, "Late")})}),
        element(NodeKind::TableBody, {
            element(NodeKind::TableRow, {cell(NodeKind::HeaderCell, "2024-25"), cell(NodeKind::DataCell, "312"), cell(NodeKind::DataCell, "41")}),
            element(NodeKind::TableRow, {cell(NodeKind::HeaderCell, "2025-26"), cell(NodeKind::DataCell, "1,020"), cell(NodeKind::DataCell, "28")}),
        }),
    });
    std::map<std::string, std::string, std::less<>> a{{"type", std::move(type)}};
    if (!description.empty()) a["description"] = std::move(description);
    return element(NodeKind::Chart, {table}, a);
}
}  // namespace

BOOST_AUTO_TEST_CASE(a_chart_is_an_svg_image_named_and_described_with_its_data_table_beside_it) {
    auto r = render(document({heading(1, "Reviews"), chart_of("bar", "More reviews were on time in 2025-26 than the year before.")}));
    BOOST_TEST(r->diagnostics.empty(), r->diagnostics.str());
    auto svg = only(r->xml, "//div[@class='chart']/*[local-name()='svg']");
    BOOST_TEST(std::string(svg.attribute("role").value()) == "img");
    const std::string labelled = svg.attribute("aria-labelledby").value();
    auto title = svg.child("title");
    auto desc = svg.child("desc");
    BOOST_TEST(std::string(title.child_value()) == "Reviews held on time");
    BOOST_TEST(std::string(desc.child_value()) == "More reviews were on time in 2025-26 than the year before.");
    BOOST_TEST(labelled == std::string(title.attribute("id").value()) + " " + desc.attribute("id").value());
    // One bar per value, all on one scale. The axis tops out at the next 1, 2, 2.5 or 5 times a
    // power of ten at or above the largest value: 2,000 for 1,020.
    auto bars = svg.select_nodes(".//*[local-name()='rect']");
    BOOST_TEST_REQUIRE(bars.size() == 4u + 2u);  // four bars and the two legend keys
    std::vector<double> heights;
    for (std::size_t i = 0; i < 4; ++i) heights.push_back(bars[i].node().attribute("height").as_double());
    // Series by series: On time 312, 1,020; Late 41, 28. The plot is 228 units tall.
    BOOST_TEST(heights[1] == 228.0 * 1020 / 2000, boost::test_tools::tolerance(0.1));
    BOOST_TEST(heights[0] == 228.0 * 312 / 2000, boost::test_tools::tolerance(0.1));
    BOOST_TEST(heights[2] == 228.0 * 41 / 2000, boost::test_tools::tolerance(0.1));
    // The legend names the series in words, not by colour alone.
    std::string svg_text = all_text(svg);
    BOOST_TEST(svg_text.find("On time") != std::string::npos);
    BOOST_TEST(svg_text.find("Late") != std::string::npos);
    // The same numbers in a real table after the picture.
    auto table = only(r->xml, "//div[@class='chart']//table");
    BOOST_TEST(all_text(table).find("1,020") != std::string::npos);
    BOOST_TEST(std::string(only(r->xml, "//div[@class='chart']//table/caption").child_value()) == "Reviews held on time");
}

BOOST_AUTO_TEST_CASE(a_line_chart_joins_its_points) {
    auto r = render(document({heading(1, "Reviews"), chart_of("line", "Reviews on time rose.")}));
    auto lines = r->xml.select_nodes("//*[local-name()='polyline']");
    BOOST_TEST(lines.size() == 2u);
    BOOST_TEST(r->xml.select_nodes("//*[local-name()='circle']").size() == 4u);
}

BOOST_AUTO_TEST_CASE(a_chart_without_a_description_or_with_words_for_numbers_is_refused) {
    std::vector<std::string> problems;
    Node undescribed = chart_of("bar", "");
    chart_data(undescribed, problems);
    BOOST_TEST_REQUIRE(problems.size() == 1u);
    BOOST_TEST(problems[0].find("without a description") != std::string::npos);
    problems.clear();
    Node wordy = chart_of("bar", "x");
    wordy.children[0].children[2].children[0].children[1].children[0].text = "many";
    auto data = chart_data(wordy, problems);
    BOOST_TEST_REQUIRE(problems.size() == 1u);
    BOOST_TEST(problems[0] == "the chart's cell for '2024-25', 'On time' is 'many', not a number");
    BOOST_TEST(data->values[1][1] == 28.0);
    problems.clear();
    chart_data(chart_of("pie", "x"), problems);
    BOOST_TEST(problems.at(0) == "a chart's type must be bar or line, not 'pie'");
}

BOOST_AUTO_TEST_CASE(a_page_of_a_site_has_navigation_languages_search_and_alternates) {
    SiteChrome site;
    site.home_href = "index.html";
    site.navigation_label = "This site";
    site.navigation = {{"index.html", "Home", "", false}, {"housing.html", "Housing", "", true}};
    site.languages_label = "Other languages";
    site.languages = {{"../en-GB/housing.html", "English", "en-GB", true}, {"../ar/housing.html", "العربية", "ar", false}};
    site.alternates = {{"https://example.org/offer/en-GB/housing.html", "", "en-GB", false},
                       {"https://example.org/offer/ar/housing.html", "", "ar", false},
                       {"https://example.org/offer/", "", "x-default", false}};
    site.canonical = "https://example.org/offer/en-GB/housing.html";
    site.search_action = "search.html";
    site.search_label = "Search the offer";
    site.search_button = "Search";
    site.footer_label = "About this site";
    site.footer_links = {{"accessibility.html", "Accessibility statement", "", false}};
    site.reviewed = Date(2026, 3, 2);
    site.reviewed_message = "html-review-date";
    auto r = render(document({heading(1, "Housing")}), nullptr, &site);
    BOOST_TEST(r->diagnostics.empty(), r->diagnostics.str());
    // Skip link still first.
    BOOST_TEST(std::string(r->xml.select_node("/html/body/*[1]").node().attribute("class").value()) == "skip-link");
    BOOST_TEST(std::string(only(r->xml, "//header//a[@class='home-link']").attribute("href").value()) == "index.html");
    auto current = only(r->xml, "//nav[@aria-label='This site']//a[@aria-current='page']");
    BOOST_TEST(std::string(current.child_value()) == "Housing");
    auto arabic = only(r->xml, "//nav[@aria-label='Other languages']//a[@hreflang='ar']");
    BOOST_TEST(std::string(arabic.attribute("lang").value()) == "ar");
    BOOST_TEST(std::string(arabic.attribute("dir").value()) == "rtl");
    BOOST_TEST(std::string(arabic.child_value()) == "العربية");
    BOOST_TEST(r->xml.select_nodes("/html/head/link[@rel='alternate']").size() == 3u);
    only(r->xml, "/html/head/link[@rel='alternate'][@hreflang='x-default']");
    BOOST_TEST(std::string(only(r->xml, "/html/head/link[@rel='canonical']").attribute("href").value()) == site.canonical);
    auto form = only(r->xml, "//form[@role='search']");
    BOOST_TEST(std::string(form.attribute("action").value()) == "search.html");
    BOOST_TEST(std::string(only(r->xml, "//form//label").attribute("for").value()) ==
               only(r->xml, "//form//input").attribute("id").value());
    BOOST_TEST(std::string(only(r->xml, "//footer//nav//a").attribute("href").value()) == "accessibility.html");
    BOOST_TEST(all_text(only(r->xml, "//footer")).find("Next review: 2 March 2026") != std::string::npos);
}
