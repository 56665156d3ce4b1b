#include "pdf_renderer.h"

#include "layout.h"
#include "text.h"

namespace carepack {

std::string PdfRenderer::id() const { return "pdf"; }

std::string PdfRenderer::summary() const {
    return "print-ready PDF: shaped text in every script a council needs (bidi, Arabic, Urdu, Ethiopic, Indic), "
           "embedded subset fonts, tagged for screen readers; A4, A5, large print and a folded leaflet";
}

Capabilities PdfRenderer::capabilities() const {
    Capabilities c;
    c.formats = {"pdf"};
    c.layouts = pdf::layouts();
    c.scripts = pdf::FontChooser().scripts();
    return c;
}

RenderedFile PdfRenderer::render(const Document& doc, const RenderOptions& options, Diagnostics& diagnostics) const {
    auto style = pdf::style_sheet(options.layout);
    if (!style) {
        std::string have;
        for (const auto& l : pdf::layouts()) have += (have.empty() ? "" : ", ") + l;
        throw Failure(Location(), "the pdf renderer has no layout '" + options.layout + "'; it has " + have);
    }
    pdf::FontChooser fonts;
    fonts.warnings = &diagnostics;
    return RenderedFile{"pdf", pdf::typeset(doc, *style, options, fonts, diagnostics)};
}

}  // namespace carepack
