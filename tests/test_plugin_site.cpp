#define BOOST_TEST_MODULE site_publisher
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <pugixml.hpp>

#include "extract.h"
#include "carepack/unicode.h"
#include "site_publisher.h"
#include "support.h"

using namespace carepack::testing;
namespace fs = std::filesystem;

namespace {

const std::string as_of = "2026-11-01";
const std::string other_base_url = "https://offers.example.net/leaving-care";  // no slash: the publisher adds it

std::string cli(const std::string& args) {
    return quoted(carepack_command()) + " --plugin-dir " + quoted(fs::path(CAREPACK_BUILD_PLUGIN_DIR)) + " " + args;
}

std::string publish_command(const fs::path& council, const fs::path& site, const std::string& options) {
    return cli("publish --authority " + quoted(council) + " -o " + quoted(site) + " --date " + as_of + " " + options);
}

// A site published once for the whole suite: publishing takes a second or so.
struct Published {
    TempDir dir;
    CommandResult result;
    explicit Published(const std::string& options) : result(run(publish_command(example_council(), dir / "site", options))) {}
    fs::path site() const { return dir / "site"; }
};

// As a council publishes it: PDFs on, drafts held back, the address from authority.xml.
const Published& site() {
    static const Published p("");
    BOOST_TEST_REQUIRE(p.result.exit_code == 0, p.result.out);
    return p;
}

// With draft translations, without PDFs, at another address.
const Published& site_with_drafts() {
    static const Published p("--no-pdf --allow-draft-translations --base-url " + other_base_url);
    BOOST_TEST_REQUIRE(p.result.exit_code == 0, p.result.out);
    return p;
}

// ---- the council's content, read here independently of carepack's loaders ----

pugi::xml_document load_xml(const fs::path& file) {
    pugi::xml_document doc;
    auto ok = doc.load_file(file.c_str());
    BOOST_TEST_REQUIRE(static_cast<bool>(ok), file.string() << ": " << ok.description());
    return doc;
}

// Every word under a node, as a reader (or a screen reader) gets it.
std::string words_of(pugi::xml_node n) {
    std::string s;
    for (auto d : n.select_nodes(".//text()")) s += d.node().value();
    if (n.type() == pugi::node_pcdata) s = n.value();
    return carepack::fold_space(s);
}

std::vector<std::string> languages() {
    auto doc = load_xml(example_council() / "authority.xml");
    std::vector<std::string> out;
    for (auto l : doc.child("authority").child("languages").children("language")) out.push_back(l.attribute("tag").value());
    return out;
}

std::string authority_attribute(const char* element, const char* attribute) {
    auto doc = load_xml(example_council() / "authority.xml");
    return doc.child("authority").child(element).attribute(attribute).value();
}

std::string base_url() { return authority_attribute("site", "url"); }

struct Contact {
    std::string name, phone, email;
};

Contact contact(const std::string& id) {
    auto doc = load_xml(example_council() / "authority.xml");
    auto c = doc.child("authority").child("contacts").find_child_by_attribute("contact", "id", id.c_str());
    return {c.attribute("name").value(), c.attribute("phone").value(), c.attribute("email").value()};
}

struct Item {
    std::string id, category, reviewed, title, description, contact, amount, currency;
};

std::vector<Item> offer_items() {
    auto doc = load_xml(example_council() / "offer.xml");
    std::vector<Item> out;
    for (auto item : doc.child("offer").children("item")) {
        Item i{item.attribute("id").value(), item.attribute("category").value(), item.attribute("reviewed").value(),
               "", "", item.attribute("contact").value(), "", ""};
        for (auto t : item.children("title"))
            if (!t.attribute("xml:lang")) i.title = words_of(t);
        for (auto t : item.children("description"))
            if (!t.attribute("xml:lang")) i.description = words_of(t);
        if (auto money = item.child("money")) {
            i.amount = money.attribute("amount").value();
            i.currency = money.attribute("currency").value();
        }
        out.push_back(i);
    }
    BOOST_TEST_REQUIRE(out.size() > 40u);
    return out;
}

// The categories that have items, each with the date its newest item was checked.
std::map<std::string, std::string> categories_with_items() {
    std::map<std::string, std::string> out;
    for (const auto& i : offer_items()) out[i.category] = std::max(out[i.category], i.reviewed);
    return out;
}

std::string offer_attribute(const char* name) {
    return load_xml(example_council() / "offer.xml").child("offer").attribute(name).value();
}

// pledge.xml is published as pledge.html, pledge-placed-here.xml as pledge-placed-here.html.
std::map<std::string, std::string> pledge_pages() {
    std::map<std::string, std::string> out;  // page -> adopted
    for (const auto& e : fs::directory_iterator(example_council())) {
        const auto name = e.path().filename().string();
        if (name.rfind("pledge", 0) == 0 && e.path().extension() == ".xml")
            out[e.path().stem().string() + ".html"] = load_xml(e.path()).child("pledge").attribute("adopted").value();
    }
    BOOST_TEST_REQUIRE(out.size() == 2u);
    return out;
}

// Every page a language folder has, and the date its footer should say it was last checked.
std::map<std::string, std::string> pages_and_checked_dates() {
    std::map<std::string, std::string> out;
    const std::string published = offer_attribute("published");
    std::string newest = published;
    for (const auto& [category, reviewed] : categories_with_items()) {
        out[category + ".html"] = reviewed;
        newest = std::max(newest, reviewed);
    }
    out["index.html"] = newest;
    out["other-help.html"] = published;
    out["who-can-help.html"] = published;
    out["search.html"] = published;
    out["accessibility.html"] = authority_attribute("site", "statement-reviewed");
    for (const auto& [page, adopted] : pledge_pages()) out[page] = adopted;
    return out;
}

// carepack's own words in a language, from locales/, read here independently.
struct Messages {
    std::string name;  // the language named in itself
    pugi::xml_document doc;
    std::string get(const std::string& id) const {
        auto m = doc.child("catalog").find_child_by_attribute("message", "id", id.c_str());
        BOOST_TEST_REQUIRE(static_cast<bool>(m), "no message " << id);
        return carepack::fold_space(m.text().get());
    }
};

const Messages& messages(const std::string& lang) {
    static std::map<std::string, Messages> cache;
    auto it = cache.find(lang);
    if (it == cache.end()) {
        it = cache.emplace(lang, Messages{}).first;
        auto ok = it->second.doc.load_file((source_dir() / "locales" / (lang + ".xml")).c_str());
        BOOST_TEST_REQUIRE(static_cast<bool>(ok), lang << ": " << ok.description());
        it->second.name = it->second.doc.child("catalog").attribute("name").value();
    }
    return it->second;
}

bool right_to_left(const std::string& lang) { return lang == "ar" || lang == "fa" || lang == "ur" || lang == "ps"; }

// ---- the site as written ----

// A page of the site. The HTML writer writes well-formed XHTML syntax, so a page reads as XML.
struct Page {
    pugi::xml_document doc;
    explicit Page(const fs::path& file) {
        auto ok = doc.load_file(file.c_str());
        BOOST_TEST_REQUIRE(static_cast<bool>(ok), file.string() << ": " << ok.description());
    }
    pugi::xml_node html() const { return doc.child("html"); }
    pugi::xml_node one(const std::string& xpath) const {
        auto found = doc.select_nodes(xpath.c_str());
        BOOST_TEST_REQUIRE(found.size() == 1u, xpath << " matches " << found.size() << " elements, not 1");
        return found.first().node();
    }
    std::size_t count(const std::string& xpath) const { return doc.select_nodes(xpath.c_str()).size(); }
    std::string main_text() const { return words_of(one("//main")); }
};

std::string has_class(const std::string& c) { return "contains(concat(' ', normalize-space(@class), ' '), ' " + c + " ')"; }

std::vector<fs::path> files_in(const fs::path& root) {
    std::vector<fs::path> out;
    for (const auto& e : fs::recursive_directory_iterator(root))
        if (e.is_regular_file()) out.push_back(fs::relative(e.path(), root));
    std::sort(out.begin(), out.end());
    return out;
}

std::map<fs::path, std::string> snapshot(const fs::path& root) {
    std::map<fs::path, std::string> out;
    for (const auto& f : files_in(root)) out[f] = slurp(root / f);
    return out;
}

bool contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

// The line number in `text` of the first line containing `needle`.
int line_of(const std::string& text, const std::string& needle) {
    auto p = text.find(needle);
    return p == std::string::npos ? 0 : static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(p), '\n')) + 1;
}

// Whether `word` is in `text` as a word of its own ("Sam", not "same").
bool has_word(const std::string& text, const std::string& word) {
    auto letter = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
    for (auto at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
        const bool starts = at == 0 || !letter(text[at - 1]);
        const bool ends = at + word.size() == text.size() || !letter(text[at + word.size()]);
        if (starts && ends) return true;
    }
    return false;
}

const char* const months[] = {"January", "February", "March",     "April",   "May",      "June",
                              "July",    "August",   "September", "October", "November", "December"};

// 2026-04-01 as an English reader reads it: 1 April 2026.
std::string english_date(const std::string& iso) {
    return std::to_string(std::stoi(iso.substr(8, 2))) + " " + months[std::stoi(iso.substr(5, 2)) - 1] + " " + iso.substr(0, 4);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(pages)

BOOST_AUTO_TEST_CASE(every_language_has_its_folder_with_every_page) {
    const auto& s = site();
    const auto expected = pages_and_checked_dates();
    BOOST_TEST(expected.size() == 7u + 7u);  // 7 categories with items; home, 2 pledges and 4 more
    for (const auto& lang : languages()) {
        BOOST_TEST_CONTEXT(lang) {
            for (const auto& [page, _] : expected) BOOST_TEST(fs::is_regular_file(s.site() / lang / page), page);
            BOOST_TEST(fs::is_regular_file(s.site() / lang / "search-index.js"));
            // Nothing but those pages, the index and the PDF.
            std::size_t html = 0;
            for (const auto& e : fs::directory_iterator(s.site() / lang)) html += e.path().extension() == ".html";
            BOOST_TEST(html == expected.size());
        }
    }
    BOOST_TEST(fs::is_regular_file(s.site() / "index.html"));
    BOOST_TEST(fs::is_regular_file(s.site() / "assets" / "search.js"));
}

BOOST_AUTO_TEST_CASE(every_offer_item_is_on_its_category_page_and_reachable_from_home) {
    const auto& s = site();
    const auto items = offer_items();
    for (const auto& lang : languages()) {
        BOOST_TEST_CONTEXT(lang) {
            Page home(s.site() / lang / "index.html");
            const std::string index = slurp(s.site() / lang / "search-index.js");
            for (const auto& [category, _] : categories_with_items())
                BOOST_TEST(home.count("//main//a[@href='" + category + ".html']") == 1u, category);
            std::map<std::string, std::unique_ptr<Page>> pages;
            for (const auto& item : items) {
                auto& page = pages[item.category];
                if (!page) page = std::make_unique<Page>(s.site() / lang / (item.category + ".html"));
                // The item is a section of its own, a link target, with its title as its heading.
                auto section = page->one("//main//section[@id='" + item.id + "']");
                BOOST_TEST(std::string(section.attribute("class").value()) == "offer-item", item.id);
                BOOST_TEST(!words_of(section.child("h3")).empty(), item.id);
                if (lang == "en-GB") BOOST_TEST(words_of(section.child("h3")) == item.title);
                // Search finds it by its address on the page.
                BOOST_TEST(contains(index, "\"u\":\"" + item.category + ".html#" + item.id + "\""), item.id);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(every_page_says_its_language_and_direction) {
    const auto& s = site();
    for (const auto& lang : languages())
        for (const auto& [file, _] : pages_and_checked_dates()) {
            Page page(s.site() / lang / file);
            BOOST_TEST(std::string(page.html().attribute("lang").value()) == lang, lang << "/" << file);
            BOOST_TEST(std::string(page.html().attribute("dir").value()) == (right_to_left(lang) ? "rtl" : "ltr"),
                       lang << "/" << file);
        }
}

BOOST_AUTO_TEST_CASE(the_councils_own_english_on_a_translated_page_is_marked_as_english) {
    // Contact names and hours, providers, and the law an item rests on come from the council's
    // files in English: on a page in another language a screen reader must read them as English.
    const auto& s = site();
    for (const auto& lang : languages()) {
        if (lang == "en-GB") continue;
        BOOST_TEST_CONTEXT(lang) {
            Page who(s.site() / lang / "who-can-help.html");
            auto team = who.one("//dt[normalize-space()='Leaving Care Team']");
            BOOST_TEST(std::string(team.attribute("lang").value()) == "en-GB");
            const auto hours = who.doc.select_nodes("//dd/span[normalize-space()='Monday to Friday, 9am to 5pm']");
            BOOST_TEST(hours.size() >= 1u);
            for (const auto& h : hours) BOOST_TEST(std::string(h.node().attribute("lang").value()) == "en-GB");
            Page education(s.site() / lang / "education-and-training.html");
            auto law = education.one("//dd/span[normalize-space()='Children Act 1989, section 23C(5A)']");
            BOOST_TEST(std::string(law.attribute("lang").value()) == "en-GB");
        }
    }
    // On the English pages the same words carry no language of their own.
    Page who(s.site() / "en-GB" / "who-can-help.html");
    BOOST_TEST(!who.one("//dt[normalize-space()='Leaving Care Team']").attribute("lang"));
}

BOOST_AUTO_TEST_CASE(every_page_names_each_language_in_itself_in_the_switcher) {
    const auto& s = site();
    const auto langs = languages();
    BOOST_TEST(messages("cy").name == "Cymraeg");
    BOOST_TEST(messages("ar").name == "العربية");
    for (const auto& lang : langs)
        for (const auto& [file, _] : pages_and_checked_dates()) {
            BOOST_TEST_CONTEXT(lang << "/" << file) {
                Page page(s.site() / lang / file);
                auto nav = page.one("//nav[" + has_class("site-languages") + "]");
                // A landmark a screen reader lists by its name, in the page's language.
                BOOST_TEST(std::string(nav.attribute("aria-label").value()) == messages(lang).get("site-languages"));
                BOOST_TEST(nav.select_nodes(".//a").size() == langs.size());
                for (const auto& other : langs) {
                    auto a = nav.select_node((".//a[@hreflang='" + other + "']").c_str()).node();
                    BOOST_TEST_REQUIRE(static_cast<bool>(a), other);
                    BOOST_TEST(words_of(a) == messages(other).name);
                    BOOST_TEST(std::string(a.attribute("href").value()) == "../" + other + "/" + file);
                    if (other == lang) {
                        BOOST_TEST(std::string(a.attribute("aria-current").value()) == "page");
                    } else {
                        // Read in its own language, and in its own direction where that differs.
                        BOOST_TEST(std::string(a.attribute("lang").value()) == other);
                        BOOST_TEST(!a.attribute("aria-current"));
                        if (right_to_left(other) != right_to_left(lang))
                            BOOST_TEST(std::string(a.attribute("dir").value()) == (right_to_left(other) ? "rtl" : "ltr"));
                    }
                }
            }
        }
}

BOOST_AUTO_TEST_CASE(every_page_has_its_alternates_and_canonical_address) {
    const auto& s = site();
    const auto langs = languages();
    const std::string base = base_url();
    BOOST_TEST_REQUIRE(base == "https://www.brackenmoor.example.org/local-offer/");
    for (const auto& lang : langs)
        for (const auto& [file, _] : pages_and_checked_dates()) {
            BOOST_TEST_CONTEXT(lang << "/" << file) {
                Page page(s.site() / lang / file);
                BOOST_TEST(std::string(page.one("/html/head/link[@rel='canonical']").attribute("href").value()) ==
                           base + lang + "/" + file);
                BOOST_TEST(page.count("/html/head/link[@rel='alternate']") == langs.size() + 1);
                for (const auto& other : langs)
                    BOOST_TEST(std::string(page.one("/html/head/link[@rel='alternate'][@hreflang='" + other + "']")
                                               .attribute("href")
                                               .value()) == base + other + "/" + file);
                // The council's first language is the default.
                BOOST_TEST(std::string(page.one("/html/head/link[@rel='alternate'][@hreflang='x-default']")
                                           .attribute("href")
                                           .value()) == base + langs.front() + "/" + file);
            }
        }
}

BOOST_AUTO_TEST_CASE(a_base_url_given_to_publish_is_the_address_everywhere) {
    const auto& s = site_with_drafts();
    const std::string base = other_base_url + "/";
    Page page(s.site() / "cy" / "financial-literacy.html");
    BOOST_TEST(std::string(page.one("/html/head/link[@rel='canonical']").attribute("href").value()) ==
               base + "cy/financial-literacy.html");
    BOOST_TEST(std::string(page.one("/html/head/link[@hreflang='x-default']").attribute("href").value()) ==
               base + "en-GB/financial-literacy.html");
    BOOST_TEST(contains(slurp(s.site() / "robots.txt"), "Sitemap: " + base + "sitemap.xml\n"));
    BOOST_TEST(contains(slurp(s.site() / "sitemap.xml"), "<loc>" + base + "ar/pledge.html</loc>"));
    // Nothing keeps the council's own address.
    for (const auto& f : files_in(s.site()))
        BOOST_TEST(!contains(slurp(s.site() / f), base_url()), f);
}

BOOST_AUTO_TEST_CASE(the_front_door_names_every_language_in_itself) {
    const auto& s = site();
    const auto langs = languages();
    Page page(s.site() / "index.html");
    BOOST_TEST(std::string(page.html().attribute("lang").value()) == langs.front());
    BOOST_TEST(std::string(page.one("/html/head/link[@rel='canonical']").attribute("href").value()) == base_url());
    BOOST_TEST(std::string(page.one("/html/head/link[@hreflang='x-default']").attribute("href").value()) == base_url());
    auto list = page.one("//main//ul[" + has_class("language-list") + "]");
    BOOST_TEST(list.select_nodes(".//a").size() == langs.size());
    for (const auto& lang : langs) {
        BOOST_TEST_CONTEXT(lang) {
            BOOST_TEST(std::string(page.one("/html/head/link[@hreflang='" + lang + "']").attribute("href").value()) ==
                       base_url() + lang + "/index.html");
            auto a = list.select_node((".//a[@href='" + lang + "/index.html']").c_str()).node();
            BOOST_TEST_REQUIRE(static_cast<bool>(a));
            BOOST_TEST(words_of(a) == messages(lang).name);
            if (lang != langs.front()) BOOST_TEST(std::string(a.attribute("lang").value()) == lang);
            if (right_to_left(lang)) BOOST_TEST(std::string(a.attribute("dir").value()) == "rtl");
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(sitemap)

BOOST_AUTO_TEST_CASE(the_sitemap_lists_every_page_with_its_alternates) {
    const auto& s = site();
    const auto langs = languages();
    const std::string base = base_url();
    auto doc = load_xml(s.site() / "sitemap.xml");
    auto urlset = doc.child("urlset");
    BOOST_TEST(std::string(urlset.attribute("xmlns").value()) == "http://www.sitemaps.org/schemas/sitemap/0.9");
    std::set<std::string> listed;
    for (auto url : urlset.children("url")) {
        const std::string loc = url.child_value("loc");
        BOOST_TEST(listed.insert(loc).second, loc << " is listed twice");
        BOOST_TEST(std::string(url.child_value("lastmod")) == as_of);
        if (loc == base) continue;  // the front door
        const std::string file = loc.substr(loc.rfind('/') + 1);
        std::map<std::string, std::string> alternates;
        for (auto link : url.children("xhtml:link")) {
            BOOST_TEST(std::string(link.attribute("rel").value()) == "alternate");
            alternates[link.attribute("hreflang").value()] = link.attribute("href").value();
        }
        BOOST_TEST(alternates.size() == langs.size() + 1, loc);
        for (const auto& lang : langs) BOOST_TEST(alternates[lang] == base + lang + "/" + file, loc);
        BOOST_TEST(alternates["x-default"] == base + langs.front() + "/" + file, loc);
    }
    // Every page of the site, and nothing else.
    std::set<std::string> pages;
    for (const auto& f : files_in(s.site()))
        if (f.extension() == ".html") pages.insert(f == "index.html" ? base : base + f.generic_string());
    BOOST_TEST(listed == pages, "listed " << listed.size() << ", pages " << pages.size());
}

BOOST_AUTO_TEST_CASE(robots_txt_points_at_the_sitemap) {
    const std::string robots = slurp(site().site() / "robots.txt");
    BOOST_TEST(contains(robots, "User-agent: *\n"));
    BOOST_TEST(contains(robots, "\nSitemap: " + base_url() + "sitemap.xml\n"));
    BOOST_TEST(!contains(robots, "Disallow: /\n"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(accessibility_statement)

BOOST_AUTO_TEST_CASE(the_statement_lists_what_keeps_a_translated_site_from_full_compliance) {
    const std::string drafts = "Some translations are drafts that we have not checked yet.";
    const std::string fallback = "Where a text has no translation yet, we show it in English";
    // Published without drafts: English in place of missing translations, and no drafts to own up to.
    Page plain(site().site() / "en-GB" / "accessibility.html");
    const std::string without = words_of(plain.one("//main/section[@id='status']"));
    BOOST_TEST(contains(without, fallback), without);
    BOOST_TEST(!contains(without, drafts), without);
    // Published with drafts: both.
    Page with(site_with_drafts().site() / "en-GB" / "accessibility.html");
    const std::string both = words_of(with.one("//main/section[@id='status']"));
    BOOST_TEST(contains(both, fallback), both);
    BOOST_TEST(contains(both, drafts), both);
}

BOOST_AUTO_TEST_CASE(the_statement_has_every_part_the_regulations_require) {
    Page page(site().site() / "en-GB" / "accessibility.html");
    BOOST_TEST(words_of(page.one("//main/h1")) == "Accessibility statement");
    // Compliance status, with what is not accessible (authority.xml says compliance="partial").
    BOOST_TEST(authority_attribute("site", "compliance") == "partial");
    auto status = page.one("//main/section[@id='status']");
    BOOST_TEST(contains(words_of(status), "partially compliant with the Web Content Accessibility Guidelines version 2.2 AA"));
    BOOST_TEST(status.select_nodes(".//li").size() >= 1u);
    // How to ask for another format, with the contact authority.xml <site contact> names.
    const Contact team = contact(authority_attribute("site", "contact"));
    BOOST_TEST(team.name == "Leaving Care Team");
    auto formats = page.one("//main/section[@id='other-formats']");
    BOOST_TEST(contains(words_of(formats), "in another format, such as large print, easy read, audio recording or Braille"));
    BOOST_TEST(contains(words_of(formats), "contact the " + team.name));
    BOOST_TEST(words_of(formats.select_node(".//dt").node()) == team.name);
    BOOST_TEST(formats.select_nodes((".//a[@href='mailto:" + team.email + "']").c_str()).size() == 1u);
    BOOST_TEST(formats.select_nodes(".//a[starts-with(@href, 'tel:')]").size() == 1u);
    BOOST_TEST(contains(words_of(formats), team.phone));
    // How to report a problem.
    auto report = page.one("//main/section[@id='report']");
    BOOST_TEST(words_of(report.child("h2")) == "Reporting accessibility problems with this website");
    BOOST_TEST(contains(words_of(report), "If you find a problem that is not listed here"));
    BOOST_TEST(contains(words_of(report), team.name));
    // The enforcement procedure: the EHRC enforces, the EASS is who to contact.
    auto enforcement = page.one("//main/section[@id='enforcement']");
    const std::string e = words_of(enforcement);
    BOOST_TEST(contains(e, "The Equality and Human Rights Commission (EHRC) is responsible for enforcing"));
    BOOST_TEST(contains(e, "Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018"));
    BOOST_TEST(contains(e, "contact the Equality Advisory and Support Service (EASS)"));
    BOOST_TEST(enforcement.select_nodes(".//a[@href='https://www.equalityadvisoryservice.com/']").size() == 1u);
    // When it was prepared and last reviewed, as authority.xml <site> says.
    const std::string prepared = authority_attribute("site", "statement-prepared");
    const std::string reviewed = authority_attribute("site", "statement-reviewed");
    BOOST_TEST(prepared == "2026-04-01");
    BOOST_TEST(words_of(page.one("//main/section[@id='preparation']/p")).rfind(
                   "This statement was prepared on " + english_date(prepared) + ". It was last reviewed on " +
                       english_date(reviewed) + ".",
                   0) == 0u);
}

BOOST_AUTO_TEST_CASE(the_statement_has_every_part_in_every_language) {
    for (const auto& lang : languages()) {
        BOOST_TEST_CONTEXT(lang) {
            Page page(site().site() / lang / "accessibility.html");
            BOOST_TEST(words_of(page.one("//main/h1")) == messages(lang).get("site-a11y-title"));
            for (const auto& [id, heading] : std::vector<std::pair<std::string, std::string>>{
                     {"status", "site-a11y-status-heading"},
                     {"other-formats", "site-a11y-formats-heading"},
                     {"report", "site-a11y-report-heading"},
                     {"enforcement", "site-a11y-enforcement-heading"},
                     {"preparation", "site-a11y-prepared-heading"}})
                BOOST_TEST(words_of(page.one("//main/section[@id='" + id + "']/h2")) == messages(lang).get(heading), id);
            const std::string e = words_of(page.one("//main/section[@id='enforcement']"));
            BOOST_TEST(contains(e, "EHRC"));
            BOOST_TEST(contains(e, "EASS"));
            // The dates are there in the language's words; the contact's email in any script.
            BOOST_TEST(contains(page.main_text(), contact(authority_attribute("site", "contact")).email));
            BOOST_TEST(contains(words_of(page.one("//main/section[@id='preparation']")), "2026"));
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(footer_and_downloads)

BOOST_AUTO_TEST_CASE(every_page_says_when_it_was_last_checked) {
    const auto& s = site();
    for (const auto& lang : languages()) {
        const std::string message = messages(lang).get("site-reviewed");
        const auto at = message.find("{date}");
        BOOST_TEST_REQUIRE(at != std::string::npos);
        const std::string before = carepack::fold_space(message.substr(0, at)), after = carepack::fold_space(message.substr(at + 6));
        for (const auto& [file, checked] : pages_and_checked_dates()) {
            BOOST_TEST_CONTEXT(lang << "/" << file) {
                Page page(s.site() / lang / file);
                auto line = page.one("//footer//ul[" + has_class("document-meta") + "]/li[time[@datetime='" + checked + "']]");
                const std::string text = words_of(line);
                BOOST_TEST(text.rfind(before, 0) == 0u, text);
                BOOST_TEST(text.substr(text.size() - after.size()) == after, text);
                if (lang == "en-GB") BOOST_TEST(text == "This page was last checked on " + english_date(checked) + ".");
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(the_home_page_links_the_pdf_with_its_size) {
    const auto& s = site();
    for (const auto& lang : languages()) {
        BOOST_TEST_CONTEXT(lang) {
            const std::string file = "local-offer-" + lang + ".pdf";
            const fs::path pdf = s.site() / lang / file;
            BOOST_TEST_REQUIRE(fs::is_regular_file(pdf));
            BOOST_TEST(slurp(pdf).rfind("%PDF-", 0) == 0u);
            const auto kb = (fs::file_size(pdf) + 1023) / 1024;
            Page home(s.site() / lang / "index.html");
            const std::string link = words_of(home.one("//main//a[@href='" + file + "']"));
            BOOST_TEST(contains(link, "PDF"), link);
            BOOST_TEST(contains(link, " " + std::to_string(kb) + " "), link);
            if (lang == "en-GB") BOOST_TEST(link == "Our local offer for care leavers (PDF, " + std::to_string(kb) + " KB, A4)");
            // Every page of the language offers it in the footer too.
            Page other(s.site() / lang / "who-can-help.html");
            BOOST_TEST(words_of(other.one("//footer//a[@href='" + file + "']")) == link);
        }
    }
}

BOOST_AUTO_TEST_CASE(the_home_page_links_the_folded_leaflet_beside_the_pdf_with_its_size) {
    const auto& s = site();
    for (const auto& lang : languages()) {
        BOOST_TEST_CONTEXT(lang) {
            const std::string file = "local-offer-leaflet-" + lang + ".pdf";
            const fs::path leaflet = s.site() / lang / file;
            BOOST_TEST_REQUIRE(fs::is_regular_file(leaflet));
            BOOST_TEST(slurp(leaflet).rfind("%PDF-", 0) == 0u);
            // One A4 sheet in landscape, both sides: six panels.
            const auto info = run("pdfinfo " + quoted(leaflet)).out;
            BOOST_TEST(contains(info, "Pages:           2\n"), info);
            BOOST_TEST(contains(info, "Page size:       841.89 x 595.276 pts (A4)"), info);
            // The leaflet's own words, not the A4 offer's.
            const std::string text = normalise(pdftotext(leaflet).out);
            BOOST_TEST(!has_replacement_character(text));
            BOOST_TEST(contains(text, "www.brackenmoor.example.org/local-offer"), text);
            if (lang == "en-GB") BOOST_TEST(contains(text, "The law says we must give you:"), text);

            const auto kb = (fs::file_size(leaflet) + 1023) / 1024;
            Page home(s.site() / lang / "index.html");
            const std::string link = words_of(home.one("//main//a[@href='" + file + "']"));
            BOOST_TEST(contains(link, "PDF"), link);
            BOOST_TEST(contains(link, " " + std::to_string(kb) + " "), link);
            if (lang == "en-GB")
                BOOST_TEST(link == "Our local offer for care leavers (PDF, " + std::to_string(kb) + " KB, folded leaflet)");
            // Beside the A4 PDF, in the same section, after it.
            const auto a4 = home.one("//main//a[@href='local-offer-" + lang + ".pdf']");
            BOOST_TEST(words_of(home.one("//main//section[.//a[@href='" + file + "']]/h2")) ==
                       words_of(home.one("//main//section[.//a[@href='local-offer-" + lang + ".pdf']]/h2")));
            BOOST_TEST(link != words_of(a4));
            // And in the footer of every page of the language.
            for (const char* page : {"index.html", "who-can-help.html", "accessibility.html"}) {
                Page other(s.site() / lang / page);
                BOOST_TEST(words_of(other.one("//footer//a[@href='" + file + "']")) == link, page);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(without_pdfs_no_pdf_is_written_or_linked) {
    const auto& s = site_with_drafts();
    for (const auto& f : files_in(s.site())) BOOST_TEST(f.extension() != ".pdf", f);
    Page home(s.site() / "en-GB" / "index.html");
    BOOST_TEST(home.count("//a[contains(@href, '.pdf')]") == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(draft_translations)

BOOST_AUTO_TEST_CASE(with_drafts_allowed_a_page_says_so_in_its_language_and_in_english) {
    const auto& s = site_with_drafts();
    const std::string english = messages("en-GB").get("draft-translation-notice");
    auto offer = load_xml(example_council() / "offer.xml");
    for (const auto& lang : languages()) {
        std::vector<std::string> with_drafts = {"index.html", "other-help.html", "search.html"};
        for (const auto& [category, _] : categories_with_items()) with_drafts.push_back(category + ".html");
        for (const auto& [pledge, _] : pledge_pages()) with_drafts.push_back(pledge);
        for (const auto& file : with_drafts) {
            BOOST_TEST_CONTEXT(lang << "/" << file) {
                Page page(s.site() / lang / file);
                const auto notices = page.doc.select_nodes(("//main//aside[" + has_class("draft-notice") + "]").c_str());
                if (lang == "en-GB") {
                    BOOST_TEST(notices.size() == 0u);
                    continue;
                }
                BOOST_TEST_REQUIRE(notices.size() == 1u);
                auto aside = notices.first().node();
                auto paragraphs = aside.select_nodes("p");
                BOOST_TEST_REQUIRE(paragraphs.size() == 2u);
                BOOST_TEST(words_of(paragraphs[0].node()) == messages(lang).get("draft-translation-notice"));
                BOOST_TEST(!paragraphs[0].node().attribute("lang"));  // the page's language
                BOOST_TEST(std::string(paragraphs[1].node().attribute("lang").value()) == "en-GB");
                BOOST_TEST(words_of(paragraphs[1].node()) == english);
                if (right_to_left(lang)) BOOST_TEST(std::string(paragraphs[1].node().attribute("dir").value()) == "ltr");
            }
        }
        // And the draft itself is what the page shows.
        if (lang != "en-GB") {
            auto title = offer.select_node(("/offer/title[@xml:lang='" + lang + "']").c_str()).node();
            BOOST_TEST_REQUIRE(static_cast<bool>(title), lang);
            BOOST_TEST(words_of(Page(s.site() / lang / "index.html").one("//main/h1")) == words_of(title), lang);
        }
    }
}

BOOST_AUTO_TEST_CASE(without_drafts_allowed_every_language_is_published_with_the_english_in_their_place) {
    // What the publisher does: every language of authority.xml gets its pages; a text whose
    // translation is only a draft is shown in English, marked as English, and said so on stderr.
    const auto& s = site();
    auto offer = load_xml(example_council() / "offer.xml");
    const std::string english_title = words_of(offer.child("offer").child("title"));
    for (const auto& lang : languages()) {
        BOOST_TEST_CONTEXT(lang) {
            BOOST_TEST(fs::is_regular_file(s.site() / lang / "index.html"));
            for (const auto& f : files_in(s.site() / lang))
                if (f.extension() == ".html")
                    BOOST_TEST(Page(s.site() / lang / f).count("//*[" + has_class("draft-notice") + "]") == 0u, f);
            if (lang == "en-GB") continue;
            BOOST_TEST(contains(s.result.out, "draft " + lang + " translations not used (English shown instead)"));
            Page home(s.site() / lang / "index.html");
            auto h1 = home.one("//main/h1");
            BOOST_TEST(words_of(h1) == english_title);
            BOOST_TEST(h1.select_nodes("descendant-or-self::*[@lang='en-GB']").size() == 1u);
            // The draft title is nowhere in the language's pages.
            const std::string draft = words_of(offer.select_node(("/offer/title[@xml:lang='" + lang + "']").c_str()).node());
            BOOST_TEST_REQUIRE(!draft.empty());
            for (const auto& f : files_in(s.site() / lang))
                if (f.extension() == ".html") BOOST_TEST(!contains(Page(s.site() / lang / f).main_text(), draft), f);
            // The site's own words are in the language: those are carepack's, not drafts.
            BOOST_TEST(std::string(home.one("//nav[" + has_class("site-nav") + "]").attribute("aria-label").value()) ==
                       messages(lang).get("site-navigation"));
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(refusal)

// A copy of the example council with its site published once, to publish over.
struct PublishedCopy {
    TempDir dir;
    fs::path council, out;
    std::map<fs::path, std::string> before;
    PublishedCopy() : council(copy_example_council(dir)), out(dir / "site") {
        auto first = run(publish_command(council, out, "--no-pdf"));
        BOOST_TEST_REQUIRE(first.exit_code == 0, first.out);
        before = snapshot(out);
        BOOST_TEST_REQUIRE(before.size() > 100u);
    }
};

BOOST_AUTO_TEST_CASE(an_unfinished_placeholder_refuses_the_site_and_leaves_the_old_one) {
    PublishedCopy copy;
    const auto& [dir, council, out, before] = copy;

    const std::string sentence = "If you save with Moorside Credit Union, we add to your savings every month for a year.";
    std::string offer = slurp(council / "offer.xml");
    BOOST_TEST_REQUIRE(contains(offer, sentence));
    offer = replace_once(offer, sentence, "If you save with Moorside Credit Union, we add [insert amount] every month.");
    spit(council / "offer.xml", offer);
    const int line = line_of(offer, "[insert amount]");

    auto r = run(publish_command(council, out, "--no-pdf"));
    BOOST_TEST(r.exit_code != 0, r.out);
    BOOST_TEST(contains(r.out, (council / "offer.xml").string() + ":" + std::to_string(line) + ":"), r.out);
    BOOST_TEST(contains(r.out, "error: unfinished placeholder '[insert amount]'"), r.out);
    BOOST_TEST(contains(r.out, "the site was not written"), r.out);
    // The earlier site, exactly as it was; nothing half-built beside it.
    BOOST_TEST((snapshot(out) == before));
    BOOST_TEST(contains(before.at("en-GB/financial-literacy.html"), "we add to your savings every month"));
    for (const auto& e : fs::directory_iterator(dir.path())) {
        const auto name = e.path().filename().string();
        BOOST_TEST((name == "site" || name == "council"), name);
    }
}

BOOST_AUTO_TEST_CASE(a_malformed_email_refuses_the_site_before_anything_is_built) {
    PublishedCopy copy;
    const auto& [dir, council, out, before] = copy;

    std::string authority = slurp(council / "authority.xml");
    authority = replace_once(authority, "email=\"leavingcare@brackenmoor.example.org\"", "email=\"leavingcare@@brackenmoor\"");
    spit(council / "authority.xml", authority);

    auto r = run(publish_command(council, out, "--no-pdf"));
    BOOST_TEST(r.exit_code != 0, r.out);
    BOOST_TEST(contains(r.out, (council / "authority.xml").string() + ":"), r.out);
    BOOST_TEST(contains(r.out, "error: the email of leaving-care-team (leavingcare@@brackenmoor) is malformed"), r.out);
    BOOST_TEST(!contains(r.out, "building the en-GB pages"), r.out);  // refused before any page
    BOOST_TEST((snapshot(out) == before));
    for (const auto& e : fs::directory_iterator(dir.path())) {
        const auto name = e.path().filename().string();
        BOOST_TEST((name == "site" || name == "council"), name);
    }
}

BOOST_AUTO_TEST_CASE(an_output_folder_written_with_a_final_slash_is_that_folder) {
    // As a shell's completion writes it: `-o site/`.
    TempDir dir;
    for (int time = 0; time < 2; ++time) {  // new, then replacing itself
        auto r = run(publish_command(example_council(), (dir / "site").string() + "/", "--no-pdf"));
        BOOST_TEST_REQUIRE(r.exit_code == 0, r.out);
        BOOST_TEST(fs::is_regular_file(dir / "site" / "en-GB" / "index.html"));
        for (const auto& e : fs::directory_iterator(dir.path())) BOOST_TEST(e.path().filename() == "site");
        for (const auto& e : fs::directory_iterator(dir / "site"))
            BOOST_TEST(e.path().filename().string().front() != '.', e.path());
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(privacy)

BOOST_AUTO_TEST_CASE(no_young_persons_name_birthday_or_id_is_anywhere_in_the_site) {
    struct Person {
        std::string id, name, born;
    };
    std::vector<Person> people;
    for (const auto& e : fs::directory_iterator(example_council() / "people")) {
        if (e.path().extension() != ".json") continue;
        Poco::JSON::Parser parser;
        auto o = parser.parse(slurp(e.path())).extract<Poco::JSON::Object::Ptr>();
        people.push_back({o->getValue<std::string>("id"), o->getValue<std::string>("preferred_name"),
                          o->getValue<std::string>("date_of_birth")});
    }
    BOOST_TEST_REQUIRE(people.size() >= 7u);
    // The search would find a name as a reader reads it, and not inside another word.
    BOOST_TEST_REQUIRE(has_word("<p>Sam's plan</p>", "Sam"));
    BOOST_TEST_REQUIRE(!has_word("the same offer", "Sam"));

    auto lower = [](std::string s) {
        std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
        return s;
    };
    std::size_t pdfs = 0;
    for (const Published* p : {&site(), &site_with_drafts()})
        for (const auto& f : files_in(p->site())) {
            std::string text = slurp(p->site() / f);
            if (f.extension() == ".pdf") {  // compressed: read what it says
                auto r = pdftotext(p->site() / f);
                BOOST_TEST_REQUIRE(r.exit_code == 0, r.out);
                text = r.out;
                ++pdfs;
            }
            const std::string folded = lower(text);
            for (const auto& person : people) {
                BOOST_TEST(!contains(folded, lower(person.id)), f << " has " << person.id);
                BOOST_TEST(!contains(text, person.born), f << " has " << person.born);
                BOOST_TEST(!contains(text, english_date(person.born)), f << " has " << english_date(person.born));
                BOOST_TEST(!has_word(text, person.name), f << " has " << person.name);
            }
        }
    BOOST_TEST(pdfs == 2 * languages().size());  // the A4 offer and the folded leaflet
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(open_referral)

Poco::JSON::Object::Ptr services_json(const Published& p) {
    Poco::JSON::Parser parser;
    return parser.parse(slurp(p.site() / "open-referral" / "services.json")).extract<Poco::JSON::Object::Ptr>();
}

// The words a category page gives for a term of an item's definition list ("Who can get it").
std::string definition(const Page& page, const std::string& item, const std::string& term) {
    return words_of(page.one("//section[@id='" + item + "']/dl/dt[normalize-space(.)='" + term + "']/following-sibling::dd[1]"));
}

BOOST_AUTO_TEST_CASE(one_service_per_offer_item_with_what_a_consumer_needs) {
    const auto& s = site();
    auto json = services_json(s);
    BOOST_TEST(json->getValue<std::string>("publisher") == "Brackenmoor Borough Council");
    auto services = json->getArray("services");
    const auto items = offer_items();
    BOOST_TEST_REQUIRE(services->size() == items.size());
    std::map<std::string, Poco::JSON::Object::Ptr> by_item;
    std::set<std::string> ids;
    for (std::size_t i = 0; i < services->size(); ++i) {
        auto service = services->getObject(static_cast<unsigned>(i));
        const auto url = service->getValue<std::string>("url");
        by_item[url.substr(url.find('#') + 1)] = service;
        BOOST_TEST(ids.insert(service->getValue<std::string>("id")).second);
    }
    std::set<std::string> organisations;
    auto orgs = json->getArray("organizations");
    for (std::size_t i = 0; i < orgs->size(); ++i)
        organisations.insert(orgs->getObject(static_cast<unsigned>(i))->getValue<std::string>("id"));

    std::size_t with_money = 0;
    for (const auto& item : items) {
        BOOST_TEST_CONTEXT(item.id) {
            BOOST_TEST_REQUIRE(by_item.count(item.id) == 1u);
            auto service = by_item[item.id];
            Page page(s.site() / "en-GB" / (item.category + ".html"));
            BOOST_TEST(service->getValue<std::string>("url") == base_url() + "en-GB/" + item.category + ".html#" + item.id);
            BOOST_TEST(service->getValue<std::string>("name") == item.title);
            BOOST_TEST(service->getValue<std::string>("description") == item.description);
            BOOST_TEST(service->getValue<std::string>("eligibility_description") == definition(page, item.id, "Who can get it"));
            BOOST_TEST(!service->getValue<std::string>("eligibility_description").empty());
            BOOST_TEST(service->getValue<std::string>("application_process") == definition(page, item.id, "How to get it"));
            BOOST_TEST(service->getValue<std::string>("assured_date") == item.reviewed);
            BOOST_TEST(organisations.count(service->getValue<std::string>("organization_id")) == 1u);
            // Who to contact, as authority.xml has them.
            auto contacts = service->getArray("contacts");
            BOOST_TEST_REQUIRE(contacts->size() == 1u);
            const Contact c = contact(item.contact);
            BOOST_TEST(contacts->getObject(0)->getValue<std::string>("name") == c.name);
            BOOST_TEST(contacts->getObject(0)->getValue<std::string>("email") == c.email);
            BOOST_TEST(contacts->getObject(0)->getArray("phones")->getObject(0)->getValue<std::string>("number") == c.phone);
            // Nothing costs the young person anything ...
            auto costs = service->getArray("cost_options");
            BOOST_TEST_REQUIRE(costs->size() == 1u);
            BOOST_TEST(costs->getObject(0)->getValue<std::string>("option") == "Free");
            BOOST_TEST(costs->getObject(0)->getValue<double>("amount") == 0.0);
            BOOST_TEST(costs->getObject(0)->getValue<std::string>("currency") == "GBP");
            // ... and money paid to them is an attribute carrying the amount the page shows.
            std::string payment;
            auto attributes = service->getArray("attributes");
            for (std::size_t i = 0; i < attributes->size(); ++i) {
                auto a = attributes->getObject(static_cast<unsigned>(i));
                if (a->getObject("taxonomy_term")->getValue<std::string>("taxonomy") == "carepack-payment-to-young-person")
                    payment = a->getValue<std::string>("value");
            }
            if (item.amount.empty()) {
                BOOST_TEST(payment.empty(), payment);
            } else {
                ++with_money;
                char amount[32];
                std::snprintf(amount, sizeof amount, "%.2f", std::stod(item.amount));
                BOOST_TEST(payment.rfind(std::string(amount) + " " + item.currency + " ", 0) == 0u, payment);
                const std::string shown = words_of(page.one("//section[@id='" + item.id + "']/p[@class='money']"));
                BOOST_TEST(contains(payment, "(" + shown + ")"), payment);
            }
        }
    }
    BOOST_TEST(with_money >= 8u);
}

BOOST_AUTO_TEST_CASE(ages_come_from_the_items_rules) {
    auto services = services_json(site())->getArray("services");
    std::map<std::string, std::string> ages;  // "minimum to maximum", "-" where not given
    for (std::size_t i = 0; i < services->size(); ++i) {
        auto s = services->getObject(static_cast<unsigned>(i));
        const auto url = s->getValue<std::string>("url");
        auto age = [&](const char* key) { return s->has(key) ? std::to_string(s->getValue<int>(key)) : std::string("-"); };
        ages[url.substr(url.find('#') + 1)] = age("minimum_age") + " to " + age("maximum_age");
    }
    BOOST_TEST(ages["personal-adviser"] == "- to 24");  // care-leaver and age < 25
    BOOST_TEST(ages["benefits-help"] == "18 to -");     // age >= 18
    BOOST_TEST(ages["bursary-16-19"] == "16 to 19");    // age in 16..19
    BOOST_TEST(ages["pathway-plan"] == "- to -");       // no age in the rule
    BOOST_TEST(ages["council-tax"] == "- to 24");       // care-leaver and age < 25 and not group out-of-area
}

BOOST_AUTO_TEST_CASE(ages_are_given_only_where_they_bind_everyone_the_rule_allows) {
    auto ages = [](const std::string& rule) {
        std::optional<int> minimum, maximum;
        carepack::site::age_limits(rule, minimum, maximum);
        return (minimum ? std::to_string(*minimum) : "-") + " to " + (maximum ? std::to_string(*maximum) : "-");
    };
    BOOST_TEST(ages("care-leaver and age >= 16 and age < 21") == "16 to 20");
    BOOST_TEST(ages("age > 17 and age <= 24") == "18 to 24");
    BOOST_TEST(ages("care-leaver and age = 18") == "18 to 18");
    BOOST_TEST(ages("age in 16..19") == "16 to 19");
    BOOST_TEST(ages("group uasc or age < 18") == "- to -");
    BOOST_TEST(ages("care-leaver and not age < 18") == "- to -");
    BOOST_TEST(ages("not (group disabled and age >= 21)") == "- to -");
    BOOST_TEST(ages("age < 25 and not group out-of-area") == "- to 24");
    BOOST_TEST(ages("group young-parent") == "- to -");
}

BOOST_AUTO_TEST_CASE(the_export_is_in_the_councils_first_language) {
    auto services = services_json(site_with_drafts())->getArray("services");
    const auto items = offer_items();
    // Even with drafts allowed: the export's words are the English ones, at the given address.
    for (std::size_t i = 0; i < services->size(); ++i) {
        auto s = services->getObject(static_cast<unsigned>(i));
        const auto url = s->getValue<std::string>("url");
        const auto id = url.substr(url.find('#') + 1);
        auto item = std::find_if(items.begin(), items.end(), [&](const Item& it) { return it.id == id; });
        BOOST_TEST_REQUIRE((item != items.end()), id);
        BOOST_TEST(s->getValue<std::string>("name") == item->title);
        BOOST_TEST(url.rfind(other_base_url + "/en-GB/", 0) == 0u, url);
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(determinism)

BOOST_AUTO_TEST_CASE(publishing_twice_on_the_same_date_gives_the_same_bytes) {
    // PDFs included: their dates come from --date, not the clock.
    const auto& first = site();
    Published second("");
    BOOST_TEST_REQUIRE(second.result.exit_code == 0, second.result.out);
    const auto files = files_in(first.site());
    BOOST_TEST_REQUIRE((files == files_in(second.site())));
    std::size_t pdfs = 0;
    for (const auto& f : files) {
        BOOST_TEST((slurp(first.site() / f) == slurp(second.site() / f)), f << " differs");
        pdfs += f.extension() == ".pdf";
    }
    BOOST_TEST(pdfs == 2 * languages().size());  // the A4 offer and the folded leaflet
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(search)

BOOST_AUTO_TEST_CASE(the_search_page_works_without_scripts_and_loads_its_index) {
    const auto& s = site();
    for (const auto& lang : languages()) {
        BOOST_TEST_CONTEXT(lang) {
            Page page(s.site() / lang / "search.html");
            // Without scripts: every other page listed.
            const auto pages = pages_and_checked_dates();
            for (const auto& [file, _] : pages)
                if (file != "search.html") BOOST_TEST(page.count("//main//a[@href='" + file + "']") >= 1u, file);
            BOOST_TEST(page.count("//script[@src='search-index.js']") == 1u);
            BOOST_TEST(page.count("//script[@src='../assets/search.js']") == 1u);
            // Every page has a search form a screen reader finds as a search landmark.
            Page home(s.site() / lang / "index.html");
            auto form = home.one("//form[@role='search']");
            BOOST_TEST(std::string(form.attribute("action").value()) == "search.html");
            BOOST_TEST(words_of(home.one("//form[@role='search']/label")) == messages(lang).get("site-search-label"));
        }
    }
}

BOOST_AUTO_TEST_CASE(a_search_index_entry_keeps_words_of_separate_blocks_apart) {
    const std::string index = slurp(site().site() / "en-GB" / "search-index.js");
    // The heading and the paragraph after it are two sentences, not one run-together word.
    BOOST_TEST(contains(index, "\"x\":\"Savings boost If you save with Moorside Credit Union"), index.substr(0, 400));
    BOOST_TEST(!contains(index, "boostIf"));
}

BOOST_AUTO_TEST_CASE(json_strings_never_close_a_script_early) {
    const std::string s = carepack::site::json_string("a \"quote\" \\ </script>\n\x01");
    BOOST_TEST(s == "\"a \\\"quote\\\" \\\\ \\u003c/script>\\n\\u0001\"");
}

BOOST_AUTO_TEST_SUITE_END()
