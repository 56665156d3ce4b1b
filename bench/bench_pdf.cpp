// PDF typesetter benchmark (not a test): pages a second for a long English document on one
// thread, and the size of a one-page document. Run it with scripts/bench-pdf.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include <pugixml.hpp>

#include "carepack/locale.h"
#include "carepack/pipeline.h"
#include "layout.h"
#include "pdf_renderer.h"

using namespace carepack;

namespace {

Node text(std::string s) {
    Node n;
    n.kind = NodeKind::Text;
    n.text = std::move(s);
    return n;
}

Node element(NodeKind kind, std::vector<Node> children, int level = 0) {
    Node n;
    n.kind = kind;
    n.level = level;
    n.children = std::move(children);
    return n;
}

void set_language(std::vector<Node>& nodes, const std::string& lang = "en-GB",
                  Direction dir = Direction::LeftToRight) {
    for (auto& n : nodes) {
        n.lang = lang;
        n.dir = dir;
        set_language(n.children, lang, dir);
    }
}

// The pledge's promises, over and over, as sections of headings, paragraphs and lists.
Document long_document(const Document& pledge, int sections) {
    std::vector<std::string> sentences;
    walk(pledge.body, [&](const Node& n, int) {
        if (n.kind == NodeKind::ListItem || n.kind == NodeKind::Paragraph) {
            std::string t = n.plain_text();
            if (t.size() > 40) sentences.push_back(t);
        }
    });
    Document doc;
    doc.kind = "benchmark";
    doc.title = "A long English document";
    doc.lang = "en-GB";
    doc.body.push_back(element(NodeKind::Heading, {text(doc.title)}, 1));
    std::size_t next = 0;
    auto sentence = [&] { return sentences[next++ % sentences.size()]; };
    for (int s = 1; s <= sections; ++s) {
        doc.body.push_back(element(NodeKind::Heading, {text("Part " + std::to_string(s) + ": " + sentence().substr(0, 40))}, 2));
        for (int p = 0; p < 3; ++p) {
            std::string para;
            for (int k = 0; k < 4; ++k) para += sentence() + ". ";
            doc.body.push_back(element(NodeKind::Paragraph, {text(para)}));
        }
        std::vector<Node> items;
        for (int i = 0; i < 5; ++i) items.push_back(element(NodeKind::ListItem, {text(sentence())}));
        doc.body.push_back(element(NodeKind::UnorderedList, std::move(items)));
    }
    set_language(doc.body);
    return doc;
}

// long_document with what a report has besides: a table per part (its header row, five rows),
// a link, a contents list. Every element is tagged in the structure tree.
Document tagged_report(const Document& pledge, int sections) {
    Document doc = long_document(pledge, sections);
    doc.title = "A tagged report";
    std::vector<Node> body;
    body.push_back(doc.body.front());
    body.push_back(element(NodeKind::Contents, {}));
    int part = 0;
    for (std::size_t i = 1; i < doc.body.size(); ++i) {
        body.push_back(doc.body[i]);
        if (doc.body[i].kind != NodeKind::UnorderedList) continue;
        ++part;
        Node table = element(NodeKind::Table, {element(NodeKind::Caption, {text("Figures for part " + std::to_string(part))})});
        Node head = element(NodeKind::TableHead, {element(NodeKind::TableRow, {element(NodeKind::HeaderCell, {text("Measure")}),
                                                                              element(NodeKind::HeaderCell, {text("This year")}),
                                                                              element(NodeKind::HeaderCell, {text("Last year")})})});
        Node rows = element(NodeKind::TableBody, {});
        for (int r = 1; r <= 5; ++r)
            rows.children.push_back(element(NodeKind::TableRow, {element(NodeKind::HeaderCell, {text("Reviews held on time, quarter " + std::to_string(r))}),
                                                                 element(NodeKind::DataCell, {text(std::to_string(80 + r))}),
                                                                 element(NodeKind::DataCell, {text(std::to_string(75 + r))})}));
        table.children.push_back(std::move(head));
        table.children.push_back(std::move(rows));
        body.push_back(std::move(table));
        Node link = element(NodeKind::Link, {text("the full figures on our website")});
        link.attributes["href"] = "https://www.brackenmoor.example.org/figures";
        body.push_back(element(NodeKind::Paragraph, {text("See "), std::move(link), text(".")}));
    }
    doc.body = std::move(body);
    set_language(doc.body);
    return doc;
}

// The page tree's /Count: the number of pages.
int page_count(const std::string& pdf) {
    auto tree = pdf.find("/Type /Pages");
    auto start = pdf.rfind("<<", tree);
    auto at = tree == std::string::npos ? std::string::npos : pdf.find("/Count ", start);
    return at == std::string::npos ? 0 : std::atoi(pdf.c_str() + at + 7);
}

// The test sentence in `lang` (tests/fixtures/sentences.xml), over and over: a long document
// in that language, or (sections = 1) a one-page leaflet.
Document language_document(const std::string& lang, int sections) {
    pugi::xml_document xml;
    xml.load_file((data_directory() / "tests" / "fixtures" / "sentences.xml").c_str());
    std::string sentence;
    for (auto n : xml.child("sentences").children("sentence"))
        if (lang == n.attribute("lang").value()) sentence = n.text().get();
    Document doc;
    doc.kind = "benchmark";
    doc.title = sentence.substr(0, sentence.find(' ', 20));
    doc.lang = lang;
    const bool rtl = lang == "ar" || lang == "ur";
    doc.dir = rtl ? Direction::RightToLeft : Direction::LeftToRight;
    doc.body.push_back(element(NodeKind::Heading, {text(doc.title)}, 1));
    for (int s = 1; s <= sections; ++s) {
        doc.body.push_back(element(NodeKind::Heading, {text(std::to_string(s) + ". " + doc.title)}, 2));
        for (int p = 0; p < 2; ++p) doc.body.push_back(element(NodeKind::Paragraph, {text(sentence + " " + sentence)}));
        std::vector<Node> items;
        for (int i = 0; i < 3; ++i) items.push_back(element(NodeKind::ListItem, {text(sentence)}));
        doc.body.push_back(element(NodeKind::UnorderedList, std::move(items)));
    }
    set_language(doc.body, lang, doc.dir);
    return doc;
}

struct Measure {
    int pages;
    std::size_t bytes;
    double pages_a_second;
};

Measure measure(const Document& doc, const RenderOptions& options, int rounds) {
    PdfRenderer renderer;
    Diagnostics d;
    std::string pdf = renderer.render(doc, options, d).bytes;  // warms the font cache, as a batch would
    const int pages = page_count(pdf);
    auto start = std::chrono::steady_clock::now();
    for (int r = 0; r < rounds; ++r) pdf = renderer.render(doc, options, d).bytes;
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return {pages, pdf.size(), pages * rounds / seconds};
}

}  // namespace

int main(int argc, char** argv) {
    const int rounds = argc > 1 ? std::atoi(argv[1]) : 5;
    auto env = Environment::create();
    RenderJob job;
    job.kind = "pledge";
    job.authority_dir = data_directory() / "examples" / "brackenmoor";
    job.date = Date(2026, 11, 22);
    Diagnostics d;
    auto pledge = build_document(*env, job, d);
    if (!pledge) {
        std::cerr << d.str();
        return 1;
    }
    auto catalog = env->catalogs.find("en-GB");
    Branding branding;
    branding.council_name = "Brackenmoor Borough Council";
    RenderOptions options;
    options.date = job.date;
    options.catalog = catalog.get();
    options.branding = &branding;

    // One page: the pledge's title and its promises in short.
    Document summary = *pledge;
    summary.body.clear();
    for (const auto& n : pledge->body) {
        if (n.kind == NodeKind::Heading || (n.kind == NodeKind::Paragraph && summary.body.size() < 2))
            summary.body.push_back(n);
        if (n.kind == NodeKind::Section && n.attribute_or("id", "") == "in-short") summary.body.push_back(n);
    }
    auto one = measure(summary, options, 1);
    std::printf("one-page pledge summary (en-GB): %d page, %zu bytes\n", one.pages, one.bytes);
    for (const std::string lang : {"ar", "ur"}) {
        auto leaflet = measure(language_document(lang, 1), options, 1);
        std::printf("one-page leaflet (%s): %d page, %zu bytes\n", lang.c_str(), leaflet.pages, leaflet.bytes);
    }

    // The figure: a 20-page tagged document, milliseconds for the whole file on one core.
    {
        int sections = 8;
        Document report;
        PdfRenderer renderer;
        Diagnostics rd;
        for (;; ++sections) {
            report = tagged_report(*pledge, sections);
            if (page_count(renderer.render(report, options, rd).bytes) >= 20) break;
        }
        std::vector<double> ms;
        std::string pdf;
        for (int r = 0; r < std::max(rounds * 4, 11); ++r) {
            auto start = std::chrono::steady_clock::now();
            pdf = renderer.render(report, options, rd).bytes;
            ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
        }
        std::sort(ms.begin(), ms.end());
        std::printf("tagged report (en-GB, %d parts with tables, contents, links): %d pages, %zu bytes: median %.1f ms, "
                    "fastest %.1f ms\n",
                    sections, page_count(pdf), pdf.size(), ms[ms.size() / 2], ms.front());
    }

    auto english = measure(long_document(*pledge, 300), options, rounds);
    std::printf("long document (en-GB): %d pages, %zu bytes: %.0f pages a second on one thread\n", english.pages,
                english.bytes, english.pages_a_second);
    for (const std::string lang : {"ar", "ur"}) {
        auto m = measure(language_document(lang, 120), options, rounds);
        std::printf("long document (%s): %d pages, %zu bytes: %.0f pages a second on one thread\n", lang.c_str(),
                    m.pages, m.bytes, m.pages_a_second);
    }
    return 0;
}
