// The PDF renderer: a Document as a print-ready PDF, typeset by carepack itself (HarfBuzz
// shaping, ICU line breaking, its own CID font embedding on libharu's object layer).
#pragma once

#include "carepack/plugin.h"

namespace carepack {

class PdfRenderer : public Renderer {
public:
    std::string id() const override;
    std::string summary() const override;
    Capabilities capabilities() const override;
    RenderedFile render(const Document& doc, const RenderOptions& options,
                        Diagnostics& diagnostics) const override;
};

}  // namespace carepack
