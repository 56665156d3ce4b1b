// Rendering test documents as PDF: fixtures (Document XML without data) through the pdf
// renderer in any layout, with the example council's branding, optionally kept for looking at.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

#include <boost/test/unit_test.hpp>

#include "carepack/template.h"
#include "carepack/value.h"
#include "nodes.h"
#include "pdf_renderer.h"
#include "support.h"

namespace carepack::testing {

inline const Date pdf_as_of(2026, 11, 22);

// tests/fixtures/NAME: a Document written as a template with no data in it.
inline Document fixture_document(const std::string& name) {
    Diagnostics d;
    Template t = Template::load(source_dir() / "tests" / "fixtures" / name, d);
    BOOST_REQUIRE_MESSAGE(!d.has_errors(), d.str());
    Document doc = t.expand(Value::object(), Audience::Public, d);
    BOOST_REQUIRE_MESSAGE(!d.has_errors(), d.str());
    return doc;
}

struct RenderedPdf {
    std::filesystem::path file;
    Diagnostics diagnostics;
};

// Renders `doc` in `layout` into DIR/STEM.pdf; `parallel` makes it bilingual. With
// CAREPACK_TEST_KEEP=DIR set, a copy goes there too.
inline RenderedPdf render_pdf(const TempDir& dir, const Document& doc, const std::string& layout, const std::string& stem,
                              const Catalog* catalog = nullptr, const Document* parallel = nullptr) {
    static const Branding branding = [] {
        Branding b = brackenmoor();
        b.folder = example_council();
        b.print_logo = example_council() / "logo.png";
        return b;
    }();
    RenderOptions options;
    options.layout = layout;
    options.date = pdf_as_of;
    options.catalog = catalog ? catalog : &english();
    options.branding = &branding;
    options.parallel = parallel;
    options.parallel_catalog = parallel ? &english() : nullptr;
    RenderedPdf r;
    r.file = dir / (stem + ".pdf");
    spit(r.file, PdfRenderer().render(doc, options, r.diagnostics).bytes);
    if (const char* keep = std::getenv("CAREPACK_TEST_KEEP")) {
        std::filesystem::create_directories(keep);
        std::filesystem::copy_file(r.file, std::filesystem::path(keep) / r.file.filename(),
                                   std::filesystem::copy_options::overwrite_existing);
    }
    return r;
}

}  // namespace carepack::testing
