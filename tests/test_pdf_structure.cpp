// The test-side readers of tagged PDF (pdf_structure.h) on files made without carepack: a small
// PDF written out here by hand, and a page printed by headless Chromium, which writes tagged PDF.
#define BOOST_TEST_MODULE pdf_structure
#include <boost/test/unit_test.hpp>

#include "pdf_structure.h"

using namespace carepack::testing;
namespace fs = std::filesystem;

namespace {

// A PDF file from its objects (numbered from 1 in order) with a correct cross-reference table.
std::string pdf_file(const std::vector<std::string>& objects) {
    std::string out = "%PDF-1.7\n";
    std::vector<std::size_t> offsets;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        offsets.push_back(out.size());
        out += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
    }
    const std::size_t xref = out.size();
    out += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
    for (auto o : offsets) {
        std::string n = std::to_string(o);
        out += std::string(10 - n.size(), '0') + n + " 00000 n \n";
    }
    out += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R /Info 2 0 R >>\nstartxref\n" +
           std::to_string(xref) + "\n%%EOF\n";
    return out;
}

std::string stream(const std::string& dict, const std::string& data) {
    return "<< " + dict + " /Length " + std::to_string(data.size()) + " >>\nstream\n" + data + "\nendstream";
}

const std::string xmp = R"(<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" pdfuaid:part="1">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Hand made</rdf:li></rdf:Alt></dc:title>
<dc:language><rdf:Bag><rdf:li>en-GB</rdf:li></rdf:Bag></dc:language>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="r"?>)";

// Two pages, every entry the readers look at, and one paragraph with marked content nested in its
// MCID's sequence (the case poppler reads short).
fs::path hand_made_pdf(const TempDir& dir) {
    const std::string page1 =
        "/H1 <</MCID 0>> BDC BT /F1 18 Tf 72 720 Td (Heading one) Tj ET EMC\n"
        "/P <</MCID 1>> BDC BT /F1 12 Tf 72 690 Td (Say \"hi\" to all.) Tj ET EMC\n"
        "/Span <</MCID 2 /Lang (fr)>> BDC BT /F1 12 Tf 72 670 Td (Bonjour) Tj ET EMC\n"
        "/Link <</MCID 3>> BDC BT /F1 12 Tf 72 650 Td (the help page) Tj ET EMC\n"
        "/TH <</MCID 4>> BDC BT /F1 12 Tf 72 630 Td (Service) Tj ET EMC\n"
        "/TD <</MCID 5>> BDC BT /F1 12 Tf 72 610 Td (Library) Tj ET EMC\n"
        "/P <</MCID 6>> BDC BT /F1 12 Tf 72 590 Td (One ) Tj /Span <</Lang (de)>> BDC (two) Tj EMC ( three) Tj ET EMC\n"
        "/Figure <</MCID 7>> BDC 0 0 1 rg 72 500 40 40 re f EMC";
    const std::string page2 = "/P <</MCID 0>> BDC BT /F1 12 Tf 72 720 Td (Page two) Tj ET EMC";
    const std::vector<std::string> objects = {
        /* 1 */ "<< /Type /Catalog /Pages 3 0 R /Lang (en-GB) /MarkInfo << /Marked true >> /StructTreeRoot 10 0 R"
                " /Outlines 26 0 R /PageLabels << /Nums [0 << /S /r >> 1 << /S /D /P (A-) /St 5 >>] >> /Metadata 30 0 R >>",
        /* 2 */ "<< /Title <FEFF00480061006E00640020006D006100640065> >>",
        /* 3 */ "<< /Type /Pages /Kids [4 0 R 5 0 R] /Count 2 >>",
        /* 4 */ "<< /Type /Page /Parent 3 0 R /MediaBox [0 0 612 792] /Contents 6 0 R /Resources << /Font << /F1 8 0 R >> >>"
                " /StructParents 0 /Tabs /S /Annots [9 0 R] >>",
        /* 5 */ "<< /Type /Page /Parent 3 0 R /MediaBox [0 0 612 792] /Contents 7 0 R /Resources << /Font << /F1 8 0 R >> >>"
                " /StructParents 1 >>",
        /* 6 */ stream("", page1),
        /* 7 */ stream("", page2),
        /* 8 */ "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        /* 9 */ "<< /Type /Annot /Subtype /Link /Rect [72 645 150 662] /Contents (Help page) /StructParent 2"
                " /A << /S /URI /URI (https://example.org/help) >> /Border [0 0 0] >>",
        /* 10 */ "<< /Type /StructTreeRoot /K 11 0 R /ParentTree 25 0 R /RoleMap << /Part1 /Sect >> >>",
        /* 11 */ "<< /Type /StructElem /S /Document /P 10 0 R /Lang (en-GB) /K [12 0 R 13 0 R 16 0 R 17 0 R 21 0 R 22 0 R 23 0 R] >>",
        /* 12 */ "<< /Type /StructElem /S /H1 /P 11 0 R /Pg 4 0 R /K 0 >>",
        /* 13 */ "<< /Type /StructElem /S /P /P 11 0 R /Pg 4 0 R /K [1 14 0 R 15 0 R] >>",
        /* 14 */ "<< /Type /StructElem /S /Span /P 13 0 R /Pg 4 0 R /K 2 /Lang (fr) /ActualText (Hello) >>",
        /* 15 */ "<< /Type /StructElem /S /Link /P 13 0 R /Pg 4 0 R /K [3 << /Type /OBJR /Obj 9 0 R /Pg 4 0 R >>] >>",
        /* 16 */ "<< /Type /StructElem /S /Part1 /P 11 0 R /T (Part \"one\") /ID (part1) /K [] >>",
        /* 17 */ "<< /Type /StructElem /S /Table /P 11 0 R /K 18 0 R >>",
        /* 18 */ "<< /Type /StructElem /S /TR /P 17 0 R /K [19 0 R 20 0 R] >>",
        /* 19 */ "<< /Type /StructElem /S /TH /P 18 0 R /Pg 4 0 R /ID (th1) /A << /O /Table /Scope /Column >> /K 4 >>",
        /* 20 */ "<< /Type /StructElem /S /TD /P 18 0 R /Pg 4 0 R /A [<< /O /Table /Headers [(th1)] >> 0] /K 5 >>",
        /* 21 */ "<< /Type /StructElem /S /P /P 11 0 R /Pg 4 0 R /K 6 >>",
        /* 22 */ "<< /Type /StructElem /S /Figure /P 11 0 R /Pg 4 0 R /Alt <FEFF004100200062006C00750065002000730071007500610072006500> /K 7 >>",
        /* 23 */ "<< /Type /StructElem /S /P /P 11 0 R /Pg 5 0 R /K 0 >>",
        /* 24 */ "<< >>",
        /* 25 */ "<< /Nums [0 [12 0 R 13 0 R 14 0 R 15 0 R 19 0 R 20 0 R 21 0 R 22 0 R] 1 [23 0 R] 2 15 0 R] >>",
        /* 26 */ "<< /Type /Outlines /First 27 0 R /Last 29 0 R /Count 3 >>",
        /* 27 */ "<< /Title (Heading one) /Parent 26 0 R /Next 29 0 R /First 28 0 R /Last 28 0 R /Count 1 /Dest [4 0 R /Fit] >>",
        /* 28 */ "<< /Title <FEFF004C006100620065006C0020D83DDE00> /Parent 27 0 R /Dest [4 0 R /Fit] >>",
        /* 29 */ "<< /Title (Page two) /Parent 26 0 R /Prev 27 0 R /Dest [5 0 R /Fit] >>",
        /* 30 */ stream("/Type /Metadata /Subtype /XML", xmp),
    };
    fs::path p = dir / "hand.pdf";
    spit(p, pdf_file(objects));
    return p;
}

bool chromium_here() { return fs::exists("/usr/bin/chromium"); }

// The test page: headings, English and Arabic paragraphs, a list, a table with column headers,
// an image with alternative text and a link. Ligatures are off because Chromium wraps each in an
// ActualText span that poppler reads short (see pdf_structure.h); the Arabic comes last for the
// same reason.
const char* test_page = R"(<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Structure test</title>
<style>* { font-variant-ligatures: none; }</style></head>
<body>
<h1>Our pledge</h1>
<p>We will answer within ten days.</p>
<h2>What we offer</h2>
<ul><li>Advice</li><li>Short breaks</li></ul>
<table><tr><th scope="col">Service</th><th scope="col">Hours</th></tr><tr><td>Library</td><td>9 to 5</td></tr></table>
<p><img alt="A red square" width="40" height="40" src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEElEQVR4nGP4z8AARwzEcQCukw/x0F8jngAAAABJRU5ErkJggg=="></p>
<p>Read <a href="https://example.org/help">the help page</a> now.</p>
<p lang="ar" dir="rtl">سنرد خلال عشرة أيام.</p>
</body></html>
)";

// The test page printed to PDF by headless Chromium, in `dir`.
fs::path chromium_pdf(const TempDir& dir) {
    const auto html = dir / "page.html", pdf = dir / "page.pdf";
    spit(html, test_page);
    CommandResult r = run("/usr/bin/chromium --headless --no-sandbox --disable-gpu --user-data-dir=" +
                          quoted(dir / "profile") + " --no-pdf-header-footer --generate-pdf-document-outline --print-to-pdf=" +
                          quoted(pdf) + " 'file://" + html.string() + "'");
    BOOST_TEST_REQUIRE(fs::exists(pdf), "chromium wrote no PDF: " + r.out);
    return pdf;
}

}  // namespace

BOOST_AUTO_TEST_CASE(strings_in_qpdf_json_are_decoded) {
    BOOST_TEST(*qpdf_json_string("u:en-GB") == "en-GB");
    BOOST_TEST(*qpdf_json_string("b:feff00410020d83dde00") == "A \xF0\x9F\x98\x80");  // UTF-16BE, surrogate pair
    BOOST_TEST(*qpdf_json_string("b:efbbbf41") == "A");                                // UTF-8 with its mark (PDF 2.0)
    BOOST_TEST(*qpdf_json_string("b:41e9") == "A\xC3\xA9");                            // one byte a character
    BOOST_TEST(!qpdf_json_string("/Column"));                                          // a name
    BOOST_TEST(!qpdf_json_string("12 0 R"));                                           // a reference
}

BOOST_AUTO_TEST_CASE(pdfinfo_output_is_parsed_into_a_tree) {
    // As pdfinfo prints it, with a text that has a line break and quotes in it.
    const std::string out =
        "Document\n"
        "  Sect <s1> \"A \"title\"\" r2 (block):\n"
        "     /Placement /Block\n"
        "     /colour (colour) (red)\n"
        "    \"first line\n"
        "second \"line\"\"\n"
        "    (No content?)\n"
        "    Link (inline)\n"
        "      Object 9 0\n"
        "  P\n";
    StructNode root = detail::parse_struct_text(out);
    BOOST_TEST_REQUIRE(root.children.size() == 1u);
    const StructNode& doc = root.children[0];
    BOOST_TEST(doc.type == "Document");
    BOOST_TEST_REQUIRE(doc.children.size() == 2u);
    const StructNode& sect = doc.children[0];
    BOOST_TEST(sect.type == "Sect");
    BOOST_TEST(sect.id == "s1");
    BOOST_TEST(sect.title == "A \"title\"");
    BOOST_TEST(sect.display == "block");
    BOOST_TEST(*sect.attribute("Placement") == "/Block");
    BOOST_TEST(*sect.attribute("colour") == "(colour) (red)");
    BOOST_TEST_REQUIRE(sect.children.size() == 3u);
    BOOST_TEST(sect.children[0].text == "first line\nsecond \"line\"");
    BOOST_TEST(sect.children[1].no_text);
    BOOST_TEST(sect.children[2].children[0].object == "9 0");
    BOOST_TEST(doc.children[1].type == "P");
    BOOST_TEST(structure_text(root) == "first line second \"line\"");
}

BOOST_AUTO_TEST_CASE(a_hand_made_tagged_pdf_is_read) {
    TempDir dir;
    const fs::path pdf = hand_made_pdf(dir);
    BOOST_TEST_REQUIRE(run("qpdf --check " + quoted(pdf)).exit_code == 0);
    const PdfJson json = read_pdf_json(pdf);
    BOOST_TEST(json.warnings().empty(), json.warnings());

    // The structure tree as pdfinfo reads it, with what pdfinfo does not print from the file.
    const StructNode root = read_structure(pdf, json);
    BOOST_TEST_REQUIRE(root.children.size() == 1u);
    const StructNode& doc = root.children[0];
    BOOST_TEST(doc.type == "Document");
    BOOST_TEST(*doc.lang == "en-GB");
    BOOST_TEST(doc.ref == "11 0 R");
    BOOST_TEST(find_all(root, "H1").size() == 1u);
    BOOST_TEST(structure_text(*find_all(root, "H1").at(0)) == "Heading one");
    const auto spans = find_all(root, "Span");
    BOOST_TEST_REQUIRE(spans.size() == 1u);
    BOOST_TEST(*spans[0]->lang == "fr");
    BOOST_TEST(*spans[0]->actual_text == "Hello");
    BOOST_TEST(structure_text(*spans[0]) == "Bonjour");  // poppler reads the glyphs, not ActualText
    const auto sects = find_all(root, "Sect");            // /Part1, through the role map
    BOOST_TEST_REQUIRE(sects.size() == 1u);
    BOOST_TEST(sects[0]->raw_type == "Part1");
    BOOST_TEST(sects[0]->id == "part1");
    BOOST_TEST(sects[0]->title == "Part \"one\"");
    const auto th = find_all(root, "TH");
    BOOST_TEST_REQUIRE(th.size() == 1u);
    BOOST_TEST(*th[0]->attribute("Scope") == "/Column");
    BOOST_TEST(*find_all(root, "TD").at(0)->attribute("Headers") == "[(th1)]");
    const auto links = find_all(root, "Link");
    BOOST_TEST_REQUIRE(links.size() == 1u);
    BOOST_TEST(links[0]->children.back().object == "9 0");
    BOOST_TEST(*find_all(root, "Figure").at(0)->alt == "A blue square");
    // Poppler loses "three": the inner EMC ends the MCID's sequence. If this fails, poppler has
    // changed; update what pdf_structure.h says about it.
    BOOST_TEST(structure_text(root) ==
               "Heading one Say \"hi\" to all. Bonjour the help page Service Library One two Page two");
    BOOST_TEST(structure_text(root, [](const StructNode& n) { return n.lang == "fr" || n.is_element("Table"); }) ==
               "Heading one Say \"hi\" to all. the help page One two Page two");

    // The same from the file's own objects.
    BOOST_TEST(*json.lang() == "en-GB");
    BOOST_TEST(json.marked());
    BOOST_TEST(!json.display_doc_title());
    BOOST_TEST(*json.text(json.info(), "Title") == "Hand made");
    const auto pages = json.pages();
    BOOST_TEST_REQUIRE(pages.size() == 2u);
    BOOST_TEST(pages[0].tabs == "S");
    BOOST_TEST(pages[1].tabs == "");
    BOOST_TEST(*pages[1].struct_parents == 1);
    BOOST_TEST(json.has_struct_tree_root());
    BOOST_TEST(json.has_parent_tree());
    const auto parents = json.parent_tree();
    BOOST_TEST(parents.at(0).size() == 8u);
    BOOST_TEST(parents.at(2) == std::vector<std::string>{"15 0 R"});
    const auto elems = json.struct_elems();
    BOOST_TEST(elems.size() == 13u);
    const auto& td = elems.at(9);
    BOOST_TEST(td.type == "TD");
    BOOST_TEST(td.owners == std::vector<std::string>{"Table"});
    BOOST_TEST(td.attributes.at("Headers") == "[(th1)]");
    BOOST_TEST(elems.at(0).type == "Document");
    BOOST_TEST(elems.at(0).kids.size() == 7u);
    BOOST_TEST(json.resolve_role("Part1") == "Sect");
    const auto annots = json.links();
    BOOST_TEST_REQUIRE(annots.size() == 1u);
    BOOST_TEST(annots[0].page == 1);
    BOOST_TEST(annots[0].ref == "9 0 R");
    BOOST_TEST(*annots[0].contents == "Help page");
    BOOST_TEST(*annots[0].struct_parent == 2);
    BOOST_TEST(*annots[0].uri == "https://example.org/help");
    const auto outline = json.outline();
    BOOST_TEST_REQUIRE(outline.size() == 3u);
    BOOST_TEST(outline[0].title == "Heading one");
    BOOST_TEST(outline[0].depth == 1);
    BOOST_TEST(outline[1].title == "Label \xF0\x9F\x98\x80");
    BOOST_TEST(outline[1].depth == 2);
    BOOST_TEST(outline[2].title == "Page two");
    BOOST_TEST(outline[2].depth == 1);
    const auto labels = json.page_labels();
    BOOST_TEST_REQUIRE(labels.size() == 2u);
    BOOST_TEST(labels[0].style == "r");
    BOOST_TEST(labels[1].page_index == 1);
    BOOST_TEST(labels[1].prefix == "A-");
    BOOST_TEST(labels[1].start == 5);
    BOOST_TEST(json.xmp_values("dc:title") == std::vector<std::string>{"Hand made"});
    BOOST_TEST(json.xmp_values("dc:language") == std::vector<std::string>{"en-GB"});
    BOOST_TEST(json.xmp_values("pdfuaid:part") == std::vector<std::string>{"1"});

    // Text by page and by region.
    const auto texts = page_texts(pdf);
    BOOST_TEST_REQUIRE(texts.size() == 2u);
    BOOST_TEST(normalise(texts[1]) == "Page two");
    // "Say "hi" to all." has its baseline at 792 - 690 = 102 points from the top.
    BOOST_TEST(normalise(region_text(pdf, 1, 60, 90, 300, 14)) == "Say \"hi\" to all.");
    BOOST_TEST(normalise(mutool_region_text(pdf, 1, 60, 85, 300, 22)) == "Say \"hi\" to all.");
}

BOOST_AUTO_TEST_CASE(a_file_without_tags_has_an_empty_tree) {
    TempDir dir;
    const fs::path pdf = dir / "plain.pdf";
    spit(pdf, pdf_file({"<< /Type /Catalog /Pages 3 0 R >>", "<< >>", "<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
                        "<< /Type /Page /Parent 3 0 R /MediaBox [0 0 612 792] >>"}));
    const PdfJson json = read_pdf_json(pdf);
    BOOST_TEST(read_structure(pdf, json).children.empty());
    BOOST_TEST(!json.lang());
    BOOST_TEST(!json.marked());
    BOOST_TEST(!json.has_struct_tree_root());
    BOOST_TEST(!json.has_parent_tree());
    BOOST_TEST(json.struct_elems().empty());
    BOOST_TEST(json.links().empty());
    BOOST_TEST(json.outline().empty());
    BOOST_TEST(json.page_labels().empty());
    BOOST_TEST(!json.xmp());
    BOOST_TEST(json.xmp_values("dc:title").empty());
    BOOST_TEST(json.page_count() == 1);
    BOOST_TEST(json.pages()[0].tabs == "");
}

BOOST_AUTO_TEST_CASE(an_element_poppler_drops_is_an_error) {
    // Aside is a PDF 2.0 type that poppler 22.12 does not know: it leaves the element out of its
    // tree and says so on stderr, and read_structure throws rather than return a tree short of it.
    TempDir dir;
    const fs::path pdf = dir / "aside.pdf";
    spit(pdf, pdf_file({"<< /Type /Catalog /Pages 3 0 R /StructTreeRoot 5 0 R /MarkInfo << /Marked true >> >>", "<< >>",
                        "<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
                        "<< /Type /Page /Parent 3 0 R /MediaBox [0 0 612 792] >>",
                        "<< /Type /StructTreeRoot /K 6 0 R >>",
                        "<< /Type /StructElem /S /Document /P 5 0 R /K [7 0 R] >>",
                        "<< /Type /StructElem /S /Aside /P 6 0 R /K [] >>"}));
    BOOST_CHECK_THROW(read_structure(pdf), std::runtime_error);
    BOOST_TEST(read_pdf_json(pdf).struct_elems().at(1).type == "Aside");
}

BOOST_AUTO_TEST_CASE(chromium_tagged_pdf_is_read) {
    if (!chromium_here()) {
        BOOST_TEST_MESSAGE("chromium is not at /usr/bin/chromium: the Chromium case is skipped (run scripts/setup)");
        return;
    }
    TempDir dir;
    const fs::path pdf = chromium_pdf(dir);
    BOOST_TEST(run("pdfinfo " + quoted(pdf)).out.find("Tagged:          yes") != std::string::npos);
    const PdfJson json = read_pdf_json(pdf);
    const StructNode root = read_structure(pdf, json);

    BOOST_TEST_REQUIRE(root.children.size() == 1u);
    BOOST_TEST(root.children[0].type == "Document");
    const auto h1 = find_all(root, "H1");
    BOOST_TEST_REQUIRE(h1.size() == 1u);
    BOOST_TEST(structure_text(*h1[0]) == "Our pledge");
    BOOST_TEST(structure_text(*find_all(root, "H2").at(0)) == "What we offer");
    BOOST_TEST(find_all(root, "LI").size() == 2u);
    const auto tables = find_all(root, "Table");
    BOOST_TEST_REQUIRE(tables.size() == 1u);
    BOOST_TEST(find_all(*tables[0], "TR").size() == 2u);
    const auto th = find_all(*tables[0], "TH");
    BOOST_TEST_REQUIRE(th.size() == 2u);
    for (const auto* h : th) BOOST_TEST(*h->attribute("Scope") == "/Column");
    BOOST_TEST(structure_text(*th[0]) == "Service");
    const auto figures = find_all(root, "Figure");
    BOOST_TEST_REQUIRE(figures.size() == 1u);
    BOOST_TEST(*figures[0]->alt == "A red square");
    const auto links = find_all(root, "Link");
    BOOST_TEST_REQUIRE(links.size() == 1u);
    BOOST_TEST(structure_text(*links[0]) == "the help page");
    const auto arabic = [](const StructNode& n) { return n.lang == "ar"; };
    BOOST_TEST(find_all(root, "P").back()->lang.value_or("") == "ar");

    // The structure's text reads as the page does. The Arabic paragraph is left out of the
    // structure's text: Chromium nests an ActualText span in it for each glyph, and poppler reads
    // only up to the first.
    const std::string english =
        "Our pledge We will answer within ten days. What we offer Advice Short breaks Service Hours Library 9 to 5 "
        "Read the help page now.";
    BOOST_TEST(structure_text(root, arabic) == english);
    const auto texts = page_texts(pdf);
    BOOST_TEST_REQUIRE(texts.size() == 1u);
    const std::string page = normalise(texts[0]);
    BOOST_TEST(page.substr(0, english.size()) == english);
    // poppler puts the Arabic words in order (only the full stop goes first), except that it turns
    // round the lam-alef ligature's ActualText inside Chromium's /ReversedChars: خلال reads خالل.
    for (const char* word : {"سنرد", "عشرة", "أيام"}) BOOST_TEST(page.find(word) != std::string::npos, word);

    // A region: the first paragraph's line as MuPDF places it, read back by poppler.
    const MutoolPage mupdf = mutool_page_text(pdf, 1);
    BOOST_TEST(mupdf.warnings.empty(), mupdf.warnings);
    BOOST_TEST(mupdf.width == 612.0);
    const TextLine* line = nullptr;
    for (const auto& b : mupdf.blocks)
        for (const auto& l : b.lines)
            if (l.text == "We will answer within ten days.") line = &l;
    BOOST_TEST_REQUIRE(line);
    const Box& at = line->bbox;
    BOOST_TEST(normalise(region_text(pdf, 1, at.x0, at.y0, at.x1 - at.x0, at.y1 - at.y0)) == "We will answer within ten days.");
    BOOST_TEST(mutool_region_text(pdf, 1, at.x0 - 1, at.y0 - 1, at.x1 - at.x0 + 2, at.y1 - at.y0 + 2) ==
               "We will answer within ten days.");

    // The file's own objects.
    BOOST_TEST(*json.lang() == "en-GB");
    BOOST_TEST(json.marked());
    BOOST_TEST(json.page_count() == 1);
    BOOST_TEST(json.has_struct_tree_root());
    BOOST_TEST(json.has_parent_tree());
    BOOST_TEST(json.display_doc_title());   // Chromium 156 writes it
    BOOST_TEST(json.pages()[0].tabs == "S");  // and this
    BOOST_TEST(!json.xmp());                 // but no XMP metadata
    BOOST_TEST(json.page_labels().empty());  // nor page labels
    const auto annots = json.links();
    BOOST_TEST_REQUIRE(annots.size() == 1u);
    BOOST_TEST(!annots[0].contents);  // nor /Contents on its links
    BOOST_TEST(*annots[0].uri == "https://example.org/help");
    // The link's /StructParent leads through the parent tree to the Link element.
    const auto parent = json.parent_tree().at(*annots[0].struct_parent);
    BOOST_TEST_REQUIRE(parent.size() == 1u);
    BOOST_TEST(parent[0] == links[0]->ref);
    const auto outline = json.outline();
    BOOST_TEST_REQUIRE(outline.size() == 2u);
    BOOST_TEST(outline[0].title == "Our pledge");
    BOOST_TEST(outline[0].depth == 1);
    BOOST_TEST(outline[1].title == "What we offer");
    BOOST_TEST(outline[1].depth == 2);
}
