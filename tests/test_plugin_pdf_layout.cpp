#define BOOST_TEST_MODULE pdf_layout
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <regex>
#include <set>

#include <unicode/uchar.h>

#include "carepack/template.h"
#include "carepack/value.h"
#include "extract.h"
#include "images.h"
#include "layout.h"
#include "nodes.h"
#include "pdf_render.h"
#include "pdf_renderer.h"
#include "support.h"

using namespace carepack;
using namespace carepack::testing;
namespace fs = std::filesystem;

namespace {

using Rendered = RenderedPdf;

Rendered render(const TempDir& dir, const Document& doc, const std::string& layout, const std::string& stem,
                const Catalog* catalog = nullptr, const Document* parallel = nullptr) {
    return render_pdf(dir, doc, layout, stem, catalog, parallel);
}

// pdftotext of each page, in layout order (left-to-right text only).
std::vector<std::string> page_texts(const fs::path& pdf) {
    auto r = run("pdftotext -layout " + quoted(pdf) + " -");
    std::vector<std::string> pages;
    std::string page;
    for (char c : r.out) {
        if (c == '\f') {
            pages.push_back(page);
            page.clear();
        } else {
            page += c;
        }
    }
    return pages;
}

int count_of(const std::string& text, const std::string& what) {
    int n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
    return n;
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_layout_sets_every_element_without_complaint) {
    TempDir dir;
    const Document doc = fixture_document("every-element.xml");
    for (const std::string layout : {"a4", "a5", "large-print"}) {
        BOOST_TEST_CONTEXT("layout " << layout) {
            Rendered r = render(dir, doc, layout, "every-element-" + layout);
            BOOST_TEST(r.diagnostics.str().empty(), r.diagnostics.str());
            auto check = run("qpdf --check " + quoted(r.file));
            BOOST_TEST(check.exit_code == 0, check.out);
            auto info = run("pdfinfo " + quoted(r.file));
            BOOST_TEST(info.out.find("Tagged:          yes") != std::string::npos, info.out);
        }
    }
}

namespace {

// A long report: 24 pages of prose, then a 300-row table that runs over many pages, then more.
Document long_report() {
    Document doc;
    doc.kind = "test";
    doc.title = "A long report";
    doc.lang = "en-GB";
    doc.body.push_back(heading(1, "A long report"));
    auto prose = [&](int paragraphs) {
        for (int i = 0; i < paragraphs; ++i)
            doc.body.push_back(paragraph({text(
                "Paragraph " + std::to_string(i + 1) +
                ". Every young person leaving our care has a personal adviser who keeps in touch, helps them plan "
                "where they will live, how they will manage their money and what they will do next in education, "
                "training or work. The adviser also makes sure the pathway plan is looked at again at least every "
                "six months, and sooner when something important changes.")}));
    };
    prose(215);
    Node table = element(NodeKind::Table);
    table.children.push_back(element(NodeKind::Caption, {text("Every payment made this year")}));
    Node head = element(NodeKind::TableHead);
    head.children.push_back(element(NodeKind::TableRow,
                                    {element(NodeKind::HeaderCell, {text("Reference")}, {{"scope", "col"}}),
                                     element(NodeKind::HeaderCell, {text("Amount")}, {{"scope", "col"}}),
                                     element(NodeKind::HeaderCell, {text("What it was for")}, {{"scope", "col"}})}));
    table.children.push_back(head);
    Node body = element(NodeKind::TableBody);
    for (int i = 1; i <= 300; ++i) {
        char ref[16];
        std::snprintf(ref, sizeof ref, "R%03d", i);
        body.children.push_back(element(
            NodeKind::TableRow,
            {element(NodeKind::DataCell, {text(ref)}), element(NodeKind::DataCell, {text("£" + std::to_string(100 + i))}),
             element(NodeKind::DataCell, {text(i % 3 == 0 ? "Setting up home: a bed, a cooker and a washing machine for a "
                                                            "first flat, bought with the young person"
                                                          : "Travel to college")})}));
    }
    table.children.push_back(body);
    doc.body.push_back(table);
    prose(10);
    resolve(doc.body, doc.lang, doc.dir);
    return doc;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_300_row_table_repeats_its_header_on_every_page_it_reaches) {
    TempDir dir;
    Rendered r = render(dir, long_report(), "a4", "long-report");
    auto pages = page_texts(r.file);
    BOOST_TEST(pages.size() >= 40u);
    std::vector<int> seen;
    int table_pages = 0;
    for (std::size_t p = 0; p < pages.size(); ++p) {
        BOOST_TEST_CONTEXT("page " << p + 1) {
            std::vector<int> rows;
            const std::string& page = pages[p];
            static const std::regex reference(R"(\bR(\d{3})\b)");
            for (auto it = std::sregex_iterator(page.begin(), page.end(), reference);
                 it != std::sregex_iterator(); ++it)
                rows.push_back(std::stoi((*it)[1]));
            if (rows.empty()) continue;
            ++table_pages;
            // The header row is on the page, above its first row.
            auto header = page.find("Reference");
            BOOST_TEST(header != std::string::npos);
            BOOST_TEST(count_of(page, "What it was for") == 1);
            BOOST_TEST(header < page.find("R" + std::string(rows.front() < 10 ? "00" : rows.front() < 100 ? "0" : "") +
                                          std::to_string(rows.front())));
            seen.insert(seen.end(), rows.begin(), rows.end());
        }
    }
    BOOST_TEST(table_pages >= 5);
    // Every row once, in order, none lost at a page break.
    std::vector<int> want(300);
    for (int i = 0; i < 300; ++i) want[static_cast<std::size_t>(i)] = i + 1;
    BOOST_TEST(seen == want, boost::test_tools::per_element());
    // The caption only once: it is not repeated, the header rows are.
    int captions = 0;
    for (const auto& page : pages) captions += count_of(page, "Every payment made this year");
    BOOST_TEST(captions == 1);
}

namespace {

// Where each panel of the folded leaflet is on the sheet, as the printer folds it: the outside
// holds inside flap, back and cover from left to right, the inside the three inside panels;
// mirrored for right to left. In reading order: cover, inside flap, three inside, back.
struct PanelPlace {
    int sheet;   // 1: outside, 2: inside
    int column;  // 0, 1, 2 from the left
};
// Letters and digits only: poppler moves punctuation and spaces about in right-to-left text, and
// these tests are about which words are where.
std::string letters(const std::string& text) {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(normalise(text)), kept;
    for (int32_t i = 0; i < u.length();) {
        UChar32 c = u.char32At(i);
        i += U16_LENGTH(c);
        if (u_isalnum(c)) kept.append(c);
    }
    std::string out;
    kept.toUTF8String(out);
    return out;
}

std::vector<PanelPlace> expected_panels(bool rtl) {
    if (rtl) return {{1, 0}, {1, 2}, {2, 2}, {2, 1}, {2, 0}, {1, 1}};
    return {{1, 2}, {1, 0}, {2, 0}, {2, 1}, {2, 2}, {1, 1}};
}

std::string region_text(const fs::path& pdf, int page, int column) {
    const double panel = 297 * 72 / 25.4 / 3;
    auto r = run("pdftotext -r 72 -f " + std::to_string(page) + " -l " + std::to_string(page) + " -x " +
                 std::to_string(static_cast<int>(column * panel) + 1) + " -y 0 -W " +
                 std::to_string(static_cast<int>(panel) - 2) + " -H 596 " + quoted(pdf) + " -");
    return letters(r.out);
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_folded_leaflet_puts_its_panels_where_the_folds_need_them) {
    TempDir dir;
    for (const std::string lang : {"en", "ar"}) {
        BOOST_TEST_CONTEXT("language " << lang) {
            const Document doc = fixture_document("leaflet-" + lang + ".xml");
            Rendered r = render(dir, doc, "leaflet", "leaflet-" + lang);
            BOOST_TEST(r.diagnostics.str().empty(), r.diagnostics.str());
            auto info = run("pdfinfo " + quoted(r.file));
            BOOST_TEST(info.out.find("Pages:           2") != std::string::npos, info.out);
            BOOST_TEST(info.out.find("841.89 x 595.276") != std::string::npos, info.out);  // A4 landscape
            // The six panels' headings, in reading order.
            std::vector<std::string> headings;
            for (const auto& n : doc.body)
                if (n.kind == NodeKind::Heading) headings.push_back(letters(n.plain_text()));
            BOOST_REQUIRE(headings.size() == 6u);
            const auto places = expected_panels(lang == "ar");
            for (std::size_t i = 0; i < 6; ++i) {
                BOOST_TEST_CONTEXT("panel " << i + 1) {
                    const std::string text = region_text(r.file, places[i].sheet, places[i].column);
                    BOOST_TEST(text.find(headings[i]) != std::string::npos, text);
                    for (std::size_t k = 0; k < 6; ++k)
                        if (k != i) BOOST_TEST(text.find(headings[k]) == std::string::npos, headings[k]);
                }
            }
            // Read in content order (MuPDF follows it), each side's text comes in reading order
            // too: cover, inside flap, back on the outside.
            auto outside = letters(run("mutool draw -F txt -o - " + quoted(r.file) + " 1").out);
            auto cover = outside.find(headings[0]), flap = outside.find(headings[1]), back = outside.find(headings[5]);
            BOOST_TEST((cover != std::string::npos && flap != std::string::npos && back != std::string::npos));
            BOOST_TEST((cover < flap && flap < back));
        }
    }
}

// ---- reference images ------------------------------------------------------------------------

namespace {

}  // namespace

// The first two pages of each layout (both sides of the leaflet's sheet), in English and in
// Arabic, rendered by pdftoppm at 40 dpi in grey, against references that were looked at by eye
// when they were made: the banner and logo, the contents with page numbers, nested list markers,
// the callout and quotation rules, tables with shaded headers, the chart, the image; mirrored for
// Arabic; the leaflet's panels where the folds need them. CAREPACK_UPDATE_REFERENCES=1 writes new
// references instead; look at them before committing.
BOOST_AUTO_TEST_CASE(each_layout_matches_its_references_looked_at_by_eye) {
    TempDir dir;
    const bool update = std::getenv("CAREPACK_UPDATE_REFERENCES") != nullptr;
    for (const std::string layout : {"a4", "a5", "large-print", "leaflet"})
        for (const std::string lang : {"en", "ar"}) {
            BOOST_TEST_CONTEXT("layout " << layout << ", " << lang) {
                const std::string fixture = layout == "leaflet" ? "leaflet-" + lang + ".xml"
                                                                : lang == "en" ? "every-element.xml" : "every-element-ar.xml";
                const std::string stem = "layout-" + layout + "-" + lang;
                Rendered r = render(dir, fixture_document(fixture), layout, stem);
                auto png = run("pdftoppm -r 40 -gray -png -f 1 -l 2 " + quoted(r.file) + " " + quoted(dir / stem));
                BOOST_TEST_REQUIRE(png.exit_code == 0, png.out);
                for (int page = 1; page <= 2; ++page) {
                    BOOST_TEST_CONTEXT("page " << page) {
                        fs::path made;
                        for (const auto& e : fs::directory_iterator(dir.path())) {
                            const std::string name = e.path().filename().string();
                            if (name.rfind(stem + "-", 0) == 0 && e.path().extension() == ".png" &&
                                std::stoi(name.substr(stem.size() + 1)) == page)
                                made = e.path();
                        }
                        BOOST_TEST_REQUIRE(!made.empty());
                        const fs::path reference =
                            source_dir() / "tests" / "reference" / (stem + "-" + std::to_string(page) + ".png");
                        if (update) {
                            fs::copy_file(made, reference, fs::copy_options::overwrite_existing);
                            continue;
                        }
                        BOOST_TEST_REQUIRE(fs::exists(reference), reference << " is missing");
                        Grey want = read_png(reference), got = read_png(made);
                        BOOST_TEST_REQUIRE(want.width == got.width);
                        BOOST_TEST_REQUIRE(want.height == got.height);
                        const Difference d = difference(want, got);
                        BOOST_TEST(d.ink > 100u);  // the reference holds something
                        // Tolerant of anti-aliasing, not of a moved block or a lost panel.
                        BOOST_TEST(d.mean < 1.5);
                        BOOST_TEST(d.far < d.ink / 100 + 10, d.far << " pixels differ strongly; " << d.ink << " pixels of ink");
                    }
                }
            }
        }
}

// Text of one half of a page: 0 the left, 1 the right.
std::string half_text(const fs::path& pdf, int page, int half) {
    auto r = run("pdftotext -r 72 -f " + std::to_string(page) + " -l " + std::to_string(page) + " -x " +
                 std::to_string(half * 298) + " -y 0 -W 297 -H 842 " + quoted(pdf) + " -");
    return letters(r.out);
}

BOOST_AUTO_TEST_CASE(a_bilingual_document_sets_each_language_in_its_own_column) {
    TempDir dir;
    const Document en = fixture_document("every-element.xml"), ar = fixture_document("every-element-ar.xml");
    // English with Arabic: English on the left, the Arabic column on the right, right aligned.
    Rendered r = render(dir, en, "a4", "bilingual-en-ar", nullptr, &ar);
    BOOST_TEST(r.diagnostics.str().empty(), r.diagnostics.str());
    const std::string left = half_text(r.file, 1, 0), right = half_text(r.file, 1, 1);
    BOOST_TEST(left.find(letters("Everything a document can hold")) != std::string::npos, left);
    BOOST_TEST(right.find(letters("كل ما يمكن أن تحتويه الوثيقة")) != std::string::npos, right);
    BOOST_TEST(left.find(letters("الكلمات والقوائم")) == std::string::npos);
    BOOST_TEST(right.find(letters("Words and lists")) == std::string::npos);
    // Arabic first: the Arabic column still goes on the right, its reading side.
    Rendered mirrored = render(dir, ar, "a4", "bilingual-ar-en", nullptr, &en);
    BOOST_TEST(half_text(mirrored.file, 1, 1).find(letters("الكلمات والقوائم")) != std::string::npos);
    BOOST_TEST(half_text(mirrored.file, 1, 0).find(letters("Words and lists")) != std::string::npos);
    // Each language is a part of the structure with its own language.
    auto tree = run("pdfinfo -struct-text " + quoted(r.file)).out;
    const auto english = tree.find("\"Words and lists\""), arabic = tree.find("\"الكلمات والقوائم\"");
    BOOST_TEST((english != std::string::npos && arabic != std::string::npos && english < arabic));
    BOOST_TEST(count_of(tree, "Part") == 2);
    // A folded leaflet in two languages still fits its six panels.
    const Document leaflet_ar = fixture_document("leaflet-ar.xml");
    Rendered leaflet = render(dir, fixture_document("leaflet-en.xml"), "leaflet", "bilingual-leaflet", nullptr, &leaflet_ar);
    BOOST_TEST(leaflet.diagnostics.str().empty(), leaflet.diagnostics.str());
    BOOST_TEST(run("pdfinfo " + quoted(leaflet.file)).out.find("Pages:           2") != std::string::npos);
}
