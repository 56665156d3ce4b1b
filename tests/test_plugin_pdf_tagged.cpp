#define BOOST_TEST_MODULE pdf_tagged
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <functional>

#include "carepack/pipeline.h"
#include "extract.h"
#include "pdf_render.h"
#include "nodes.h"
#include "pdf_structure.h"

using namespace carepack;
using namespace carepack::testing;
namespace fs = std::filesystem;

namespace {

Environment& env() {
    static auto e = Environment::create({CAREPACK_BUILD_PLUGIN_DIR});
    return *e;
}

// The text a reader of the Document gets, in order: what the structure tree must give back.
// Generated words are not in it: list markers, the contents (made from the headings), and the
// drawing of a chart (its table is).
std::string document_text(const std::vector<Node>& nodes) {
    std::string out;
    for (const auto& n : nodes) {
        switch (n.kind) {
            case NodeKind::Text: out += n.text; break;
            case NodeKind::LineBreak: out += ' '; break;
            case NodeKind::Contents:
            case NodeKind::Image: break;
            case NodeKind::Aside:
                out += ' ' + n.attribute_or("title", "") + ' ' + document_text(n.children) + ' ';
                break;
            default:
                out += (is_inline(n.kind) ? "" : " ") + document_text(n.children) + (is_inline(n.kind) ? "" : " ");
        }
    }
    return out;
}

// Without white space: a line's end drops its space, and the structure's text puts one between
// every marked run; the words and their order are what must match.
std::string squeezed(std::string s) {
    s = normalise(s);
    s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
    return s;
}

// The structure's text without what the renderer made up: a list's markers (its Lbl elements,
// when the list says it numbers or bullets them; a definition list's labels are its terms), the
// contents, the drawing of a chart.
std::string reader_text(const StructNode& root) {
    std::string out;
    std::function<void(const StructNode&, bool)> walk = [&](const StructNode& n, bool markers) {
        if (n.is_element("TOC") || n.is_element("Figure")) return;
        if (markers && n.is_element("Lbl")) return;
        if (n.kind == StructNode::Kind::Content) out += n.text + " ";
        const std::string* numbering = n.attribute("ListNumbering");
        const bool generated = n.is_element("L") && numbering && *numbering != "/None";
        for (const auto& c : n.children) walk(c, n.is_element("LI") ? markers : generated);
    };
    walk(root, false);
    return normalise(out);
}

fs::path render_kind(const TempDir& dir, const std::string& kind, const std::string& lang, const std::string& layout = "") {
    RenderJob job;
    job.kind = kind;
    job.authority_dir = example_council();
    job.formats = {"pdf"};
    job.lang = lang;
    job.layout = layout;
    job.date = pdf_as_of;
    job.allow_draft_translations = true;
    job.output_dir = dir / (kind + "-" + lang + "-" + layout);
    RenderOutcome outcome = render_document(env(), job);
    BOOST_TEST_REQUIRE(outcome.ok(), outcome.diagnostics.str());
    return outcome.files.front();
}

Document build_kind(const std::string& kind, const std::string& lang, const std::string& layout = "") {
    RenderJob job;
    job.kind = kind;
    job.authority_dir = example_council();
    job.lang = lang;
    job.layout = layout;
    job.date = pdf_as_of;
    job.allow_draft_translations = true;
    Diagnostics d;
    auto doc = build_document(env(), job, d);
    BOOST_TEST_REQUIRE(doc.has_value(), d.str());
    return *doc;
}

void check_reads_as_the_document(const fs::path& pdf, const Document& doc) {
    const StructNode root = read_structure(pdf);
    BOOST_REQUIRE(root.children.size() == 1u);
    BOOST_TEST(root.children.front().type == "Document");
    const std::string tree = reader_text(root), want = normalise(document_text(doc.body));
    BOOST_TEST(tree.find("\xEF\xBF\xBD") == std::string::npos);  // no U+FFFD
    const std::string got = squeezed(tree), expected = squeezed(want);
    std::size_t at = 0;
    while (at < got.size() && at < expected.size() && got[at] == expected[at]) ++at;
    const std::size_t from = at > 60 ? at - 60 : 0;
    BOOST_TEST(got == expected, "differs at byte " << at << ": the PDF's structure has \"" << got.substr(from, 160)
                                                  << "\", the document \"" << expected.substr(from, 160) << "\"");
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_structure_tree_reads_as_the_document_does) {
    TempDir dir;
    for (const std::string name : {"every-element.xml", "every-element-ar.xml"})
        for (const std::string layout : {"a4", "large-print"}) {
            BOOST_TEST_CONTEXT(name << " in " << layout) {
                const Document doc = fixture_document(name);
                RenderedPdf r = render_pdf(dir, doc, layout, name + "-" + layout);
                check_reads_as_the_document(r.file, doc);
            }
        }
    // The council's own documents, in English and in right-to-left languages, and a leaflet.
    for (const std::string kind : {"pledge", "local-offer"})
        for (const std::string lang : {"en-GB", "ar", "ur"}) {
            BOOST_TEST_CONTEXT(kind << " in " << lang) {
                check_reads_as_the_document(render_kind(dir, kind, lang), build_kind(kind, lang));
            }
        }
    BOOST_TEST_CONTEXT("the local offer's leaflet in Welsh") {
        check_reads_as_the_document(render_kind(dir, "local-offer", "cy", "leaflet"), build_kind("local-offer", "cy", "leaflet"));
    }
}

BOOST_AUTO_TEST_CASE(the_structure_has_the_elements_a_screen_reader_walks) {
    TempDir dir;
    const Document doc = fixture_document("every-element.xml");
    RenderedPdf r = render_pdf(dir, doc, "a4", "every-element");
    const StructNode root = read_structure(r.file);
    auto texts = [](const std::vector<const StructNode*>& nodes) {
        std::vector<std::string> out;
        for (const auto* n : nodes) out.push_back(structure_text(*n));
        return out;
    };
    BOOST_TEST(texts(find_all(root, "H1")) == std::vector<std::string>{"Everything a document can hold"},
               boost::test_tools::per_element());
    BOOST_TEST(texts(find_all(root, "H2")) ==
                   (std::vector<std::string>{"Contents", "Words and lists", "Tables and charts", "Pictures"}),
               boost::test_tools::per_element());
    // The nested lists: L > LI > (Lbl, LBody), the inner list inside its item's body.
    const auto lists = find_all(root, "L");
    BOOST_TEST_REQUIRE(lists.size() == 4u);  // the numbered list, its two nested lists, the definitions
    const StructNode& first_item = lists[0]->children.front();
    BOOST_TEST(first_item.type == "LI");
    BOOST_TEST_REQUIRE(first_item.children.size() == 2u);
    BOOST_TEST(first_item.children[0].type == "Lbl");
    BOOST_TEST(structure_text(first_item.children[0]) == "1.");
    BOOST_TEST(first_item.children[1].type == "LBody");
    BOOST_TEST(structure_text(first_item.children[1]) == "First, talk to your personal adviser.");
    BOOST_TEST(find_all(*lists[0], "L").size() == 3u);  // itself and the two lists nested in it
    // The definition list: a term is its item's label.
    BOOST_TEST(structure_text(lists[3]->children.front().children.front()) == "Personal adviser");
    // Tables: header cells with their scope, the caption first.
    const auto tables = find_all(root, "Table");
    BOOST_TEST_REQUIRE(tables.size() == 2u);  // the amounts, the chart's data
    BOOST_TEST(tables[0]->children.front().type == "Caption");
    const auto headers = find_all(*tables[0], "TH");
    BOOST_TEST_REQUIRE(headers.size() == 6u);
    for (std::size_t i = 0; i < 3; ++i) BOOST_TEST(*headers[i]->attribute("Scope") == "/Column");
    BOOST_TEST(*headers[3]->attribute("Scope") == "/Row");
    BOOST_TEST(find_all(*tables[0], "TD").size() == 6u);
    BOOST_TEST(structure_text(*find_all(*tables[0], "TR")[1]) == "Setting up home £3,000 Care leavers moving into their first home");
    // Figures: the chart and two images, each with its alternative text.
    const auto figures = find_all(root, "Figure");
    BOOST_TEST_REQUIRE(figures.size() == 3u);
    BOOST_TEST(figures[0]->alt.value_or("") ==
               "Reviews held on time. Reviews held on time rose from 82 in 100 to 91 in 100 over three years.");
    BOOST_TEST(figures[1]->alt.value_or("") == "Brackenmoor Borough Council");
    BOOST_TEST(figures[2]->alt.value_or("") == "A teal rectangle");
    // Links: their text and their annotation.
    const auto links = find_all(root, "Link");
    BOOST_TEST_REQUIRE(links.size() >= 5u);  // two in the text, three in the contents
    for (const auto* l : links)
        BOOST_TEST(std::any_of(l->children.begin(), l->children.end(),
                               [](const StructNode& k) { return k.kind == StructNode::Kind::Object; }));
    const auto tocs = find_all(root, "TOCI");
    BOOST_TEST(tocs.size() == 3u);
    BOOST_TEST(structure_text(*tocs[1]) == "Tables and charts 1");
    // The quotation, the callout (an Aside, a Div to PDF 1.7 readers) and the signature.
    BOOST_TEST(structure_text(*find_all(root, "BlockQuote").front()) ==
               "Having my own key to my own front door was the best day.");
}

BOOST_AUTO_TEST_CASE(the_catalog_pages_links_and_figures_carry_what_pdf_ua_asks) {
    TempDir dir;
    for (const std::string layout : {"a4", "a5", "large-print"}) {
        BOOST_TEST_CONTEXT("layout " << layout) {
            RenderedPdf r = render_pdf(dir, fixture_document("every-element.xml"), layout, "every-" + layout);
            const PdfJson pdf = read_pdf_json(r.file);
            BOOST_TEST(pdf.lang().value_or("") == "en-GB");
            BOOST_TEST(pdf.marked());
            BOOST_TEST(pdf.display_doc_title());
            BOOST_TEST(pdf.has_struct_tree_root());
            BOOST_TEST(pdf.has_parent_tree());
            for (const auto& page : pdf.pages()) {
                BOOST_TEST(page.tabs == "S");
                BOOST_TEST(page.struct_parents.has_value());
            }
            std::size_t figures = 0;
            for (const auto& e : pdf.struct_elems())
                if (pdf.resolve_role(e.type) == "Figure") {
                    ++figures;
                    BOOST_TEST(!e.alt.value_or("").empty());
                }
            BOOST_TEST(figures == 3u);
            const auto links = pdf.links();
            BOOST_TEST(links.size() >= 5u);
            const auto parents = pdf.parent_tree();
            for (const auto& l : links) {
                BOOST_TEST(!l.contents.value_or("").empty());
                BOOST_TEST_REQUIRE(l.struct_parent.has_value());
                BOOST_TEST(parents.count(*l.struct_parent) == 1u);
            }
            BOOST_TEST(std::any_of(links.begin(), links.end(), [](const PdfJson::Link& l) {
                return l.contents.value_or("") == "link to our website" &&
                       l.uri.value_or("") == "https://www.brackenmoor.example.org/local-offer";
            }));
            // Bookmarks from the headings, the title and language in the metadata too.
            const auto outline = pdf.outline();
            BOOST_TEST_REQUIRE(outline.size() >= 4u);
            BOOST_TEST(outline[0].title == "Everything a document can hold");
            BOOST_TEST(outline[0].depth == 1);
            BOOST_TEST(outline[1].depth == 2);
            BOOST_TEST(pdf.xmp_values("dc:title").front() == "Everything a document can hold");
            BOOST_TEST(pdf.xmp_values("dc:language").front() == "en-GB");
            const auto labels = pdf.page_labels();
            BOOST_TEST_REQUIRE(labels.size() == 1u);
            BOOST_TEST(labels[0].style == "D");
            auto check = run("qpdf --check " + quoted(r.file));
            BOOST_TEST(check.exit_code == 0, check.out);
            BOOST_TEST(run("pdfinfo " + quoted(r.file)).out.find("Tagged:          yes") != std::string::npos);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_language_change_is_marked_where_it_happens) {
    TempDir dir;
    RenderedPdf r = render_pdf(dir, fixture_document("every-element-ar.xml"), "a4", "every-ar");
    const StructNode root = read_structure(r.file);
    BOOST_TEST(read_pdf_json(r.file).lang().value_or("") == "ar");
    // A paragraph in English inside the Arabic callout: its element says so.
    bool found = false;
    for (const auto* p : find_all(root, "P"))
        if (structure_text(*p) == "You can ask for an advocate at any time.") {
            found = true;
            BOOST_TEST(p->lang.value_or("") == "en-GB");
        }
    BOOST_TEST(found);
    // Elements in the document's own language do not repeat it.
    for (const auto* h : find_all(root, "H2")) BOOST_TEST(!h->lang.has_value());
    // An English name inside Arabic text: its marked content carries /Lang (en-GB).
    auto qdf = run("qpdf --qdf --object-streams=disable " + quoted(r.file) + " -");
    BOOST_TEST(qdf.out.find("/Lang (en-GB)>> BDC") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_bilingual_render_is_one_pdf_read_a_language_at_a_time) {
    TempDir dir;
    RenderJob job;
    job.kind = "pledge";
    job.authority_dir = example_council();
    job.formats = {"pdf"};
    job.lang = "cy";
    job.second_lang = "en-GB";
    job.date = pdf_as_of;
    job.allow_draft_translations = true;
    job.output_dir = dir / "out";
    RenderOutcome outcome = render_document(env(), job);
    BOOST_TEST_REQUIRE(outcome.ok(), outcome.diagnostics.str());
    BOOST_TEST_REQUIRE(outcome.files.size() == 1u);
    BOOST_TEST(outcome.files.front().filename() == "pledge-cy+en-GB.pdf");
    // The Welsh, then the English: each a Part, the English one marked as English.
    const StructNode root = read_structure(outcome.files.front());
    const auto parts = find_all(root, "Part");
    BOOST_TEST_REQUIRE(parts.size() == 2u);
    BOOST_TEST(!parts[0]->lang.has_value());
    BOOST_TEST(parts[1]->lang.value_or("") == "en-GB");
    BOOST_TEST(structure_text(*find_all(*parts[0], "H1").front()) == normalise(build_kind("pledge", "cy").body.front().plain_text()));
    BOOST_TEST(structure_text(*find_all(*parts[1], "H1").front()) == "Our pledge to you");
    // HTML is one language a page: asking for it bilingual is refused, and nothing is written.
    job.formats = {"html", "pdf"};
    job.output_dir = dir / "refused";
    RenderOutcome refused = render_document(env(), job);
    BOOST_TEST(!refused.ok());
    BOOST_TEST(refused.diagnostics.str().find("PDF only") != std::string::npos, refused.diagnostics.str());
    BOOST_TEST(!fs::exists(dir / "refused"));
}

BOOST_AUTO_TEST_CASE(cells_spanning_rows_and_columns_keep_their_places_and_say_their_spans) {
    TempDir dir;
    auto th = [](std::string words, std::map<std::string, std::string, std::less<>> a = {}) {
        return element(NodeKind::HeaderCell, {text(std::move(words))}, std::move(a));
    };
    auto td = [](std::string words, std::map<std::string, std::string, std::less<>> a = {}) {
        return element(NodeKind::DataCell, {text(std::move(words))}, std::move(a));
    };
    Node table = element(NodeKind::Table, {element(NodeKind::Caption, {text("Health and education")})});
    table.children.push_back(element(NodeKind::TableHead, {element(NodeKind::TableRow,
        {th("Area", {{"scope", "col"}}), th("Measure", {{"scope", "col"}}), th("This year", {{"scope", "col"}}),
         th("Last year", {{"scope", "col"}})})}));
    table.children.push_back(element(NodeKind::TableBody, {
        element(NodeKind::TableRow, {th("Health", {{"scope", "row"}, {"rowspan", "2"}}), td("Dental checks"), td("80"), td("75")}),
        element(NodeKind::TableRow, {td("Health assessments"), td("90"), td("85")}),
        element(NodeKind::TableRow, {th("Education", {{"scope", "row"}}), td("No figures this year", {{"colspan", "3"}})}),
    }));
    Document doc = document({heading(1, "Spanning cells"), table});
    RenderedPdf r = render_pdf(dir, doc, "a4", "spans");
    BOOST_TEST(r.diagnostics.str().empty(), r.diagnostics.str());
    // On the page: the second row's cells under their own columns, not shifted into Area's.
    const auto lines = run("pdftotext -layout " + quoted(r.file) + " -").out;
    auto column_of = [&](const std::string& words) {
        auto at = lines.find(words);
        BOOST_TEST_REQUIRE(at != std::string::npos, words);
        return at - lines.rfind('\n', at);
    };
    BOOST_TEST(column_of("Health assessments") == column_of("Dental checks"));
    BOOST_TEST(column_of("90") == column_of("80"));
    // In the structure: the spans, and each row's own cells.
    const StructNode root = read_structure(r.file);
    const auto rows = find_all(root, "TR");
    BOOST_TEST_REQUIRE(rows.size() == 4u);
    BOOST_TEST(*rows[1]->children.front().attribute("RowSpan") == "2");
    BOOST_TEST(rows[2]->children.size() == 3u);
    BOOST_TEST(structure_text(*rows[2]) == "Health assessments 90 85");
    BOOST_TEST(*rows[3]->children.back().attribute("ColSpan") == "3");
}
