#include "pdf_renderer.h"

#include "layout.h"
#include "text.h"

namespace carepack {

std::string PdfRenderer::id() const { return "pdf"; }

std::string PdfRenderer::summary() const {
    return "print-ready PDF: shaped text in every script a council needs (bidi, Arabic, Urdu, Ethiopic, Indic), "
           "embedded subset fonts, A4 pages with page numbers";
}

Capabilities PdfRenderer::capabilities() const {
    Capabilities c;
    c.formats = {"pdf"};
    c.layouts = {"a4"};
    c.scripts = pdf::FontChooser().scripts();
    return c;
}

RenderedFile PdfRenderer::render(const Document& doc, const RenderOptions& options, Diagnostics& diagnostics) const {
    if (!options.layout.empty() && options.layout != "a4")
        throw Failure(Location(), "the pdf renderer has no layout '" + options.layout + "'; it has a4");
    const pdf::StyleSheet style = pdf::a4_style_sheet();
    pdf::FontChooser fonts;
    fonts.warnings = &diagnostics;
    return RenderedFile{"pdf", pdf::typeset(doc, style, options, fonts)};
}

}  // namespace carepack
